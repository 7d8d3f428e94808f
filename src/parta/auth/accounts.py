"""Account lookups and creation, shared by sign-in, registration and the operator."""

from __future__ import annotations

import re

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.passwords import check_password_rules, hash_password
from parta.auth.schemas import MyAccount
from parta.avatars.urls import avatar_url
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable
from parta.models import Account

_PHONE_CHARS = re.compile(r"[\s()\-.]")


def normalize_email(raw: str, field: str = "email") -> str:
    """Lower-cased, syntax-checked e-mail (no DNS lookups: tests and closed networks)."""
    try:
        info = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise Unprocessable(
            "The e-mail address is not valid.", code="invalid_email", fields={field: str(exc)}
        ) from exc
    return info.normalized.lower()


def normalize_phone(raw: str, field: str = "phone") -> str:
    """E.164 form; Russian numbers written as 8XXXXXXXXXX become +7XXXXXXXXXX."""
    digits = _PHONE_CHARS.sub("", raw.strip())
    if digits.startswith("8") and len(digits) == 11:
        digits = "+7" + digits[1:]
    if not digits.startswith("+"):
        digits = "+" + digits
    if not re.fullmatch(r"\+[1-9]\d{7,14}", digits):
        raise Unprocessable(
            "The phone number is not valid.",
            code="invalid_phone",
            fields={field: "use +7XXXXXXXXXX"},
        )
    return digits


_USERNAME = re.compile(r"[a-z][a-z0-9._-]{2,31}")
# Control and format characters (NUL, bidi overrides, ...): PostgreSQL refuses NUL, and the
# rest only serve to make a name look like someone else's.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_display_name(raw: str | None, field: str = "display_name", max_length: int = 120) -> str:
    """A person's name with whitespace collapsed; 422 when empty, too long or unprintable."""
    name = " ".join((raw or "").split())
    if not name:
        raise Unprocessable("Please enter a name.", code="invalid_name", fields={field: "required"})
    if _UNPRINTABLE.search(name):
        raise Unprocessable(
            "The name contains characters that cannot be shown.",
            code="invalid_name",
            fields={field: "invalid characters"},
        )
    if len(name) > max_length:
        raise Unprocessable(
            f"The name must be at most {max_length} characters long.",
            code="invalid_name",
            fields={field: "too long"},
        )
    return name


def looks_like_email(login: str) -> bool:
    return "@" in login


def normalize_username(raw: str, field: str = "username") -> str:
    """3–32 characters: Latin letters, digits, dot, dash, underscore; starts with a letter."""
    name = raw.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise Unprocessable(
            "The login must be 3–32 Latin letters, digits, dots, dashes or underscores, "
            "starting with a letter.",
            code="invalid_username",
            fields={field: "invalid"},
        )
    return name


async def find_by_login(db: AsyncSession, login: str) -> Account | None:
    """The account with this e-mail, phone or username (None when malformed or unknown)."""
    try:
        if looks_like_email(login):
            stmt = sa.select(Account).where(Account.email == normalize_email(login))
        elif _USERNAME.fullmatch(login.strip().lower()):
            stmt = sa.select(Account).where(Account.username == login.strip().lower())
        else:
            stmt = sa.select(Account).where(Account.phone == normalize_phone(login))
    except Unprocessable:
        return None
    return (await db.execute(stmt)).scalar_one_or_none()


async def find_by_email(db: AsyncSession, email: str) -> Account | None:
    stmt = sa.select(Account).where(Account.email == email)
    return (await db.execute(stmt)).scalar_one_or_none()


async def create_account(
    db: AsyncSession,
    *,
    display_name: str,
    password: str | None,
    email: str | None = None,
    phone: str | None = None,
    username: str | None = None,
    language: str = "ru",
    email_verified: bool = False,
) -> Account:
    """Create an account; e-mail and phone are normalised and must be unused."""
    name = " ".join(display_name.split())
    if not name:
        raise Unprocessable("Please enter a name.", fields={"display_name": "required"})
    if _UNPRINTABLE.search(name):
        raise Unprocessable(
            "The name contains characters that cannot be shown.",
            code="invalid_name",
            fields={"display_name": "invalid characters"},
        )
    email_n = normalize_email(email) if email else None
    phone_n = normalize_phone(phone) if phone else None
    if email_n and await find_by_email(db, email_n):
        raise Conflict(
            "An account with this e-mail already exists. Sign in instead.",
            code="email_taken",
            fields={"email": "taken"},
        )
    if phone_n:
        taken = await db.execute(sa.select(Account.id).where(Account.phone == phone_n))
        if taken.first():
            raise Conflict(
                "An account with this phone number already exists. Sign in instead.",
                code="phone_taken",
                fields={"phone": "taken"},
            )
    username_n = normalize_username(username) if username else None
    if username_n:
        taken = await db.execute(sa.select(Account.id).where(Account.username == username_n))
        if taken.first():
            raise Conflict(
                "This login is already taken. Choose another one.",
                code="username_taken",
                fields={"username": "taken"},
            )
    pw_hash = None
    if password is not None:
        check_password_rules(password)
        pw_hash = await hash_password(password)
    account = Account(
        display_name=name[:120],
        email=email_n,
        phone=phone_n,
        username=username_n,
        password_hash=pw_hash,
        language=language,
        email_verified_at=utcnow() if (email_n and email_verified) else None,
    )
    db.add(account)
    await db.flush()
    return account


def my_account(account: Account) -> MyAccount:
    return MyAccount(
        id=account.id,
        display_name=account.display_name,
        email=account.email,
        email_verified=account.email_verified_at is not None,
        phone=account.phone,
        username=account.username,
        language=account.language,
        is_operator=account.is_operator,
        last_org_id=account.last_org_id,
        avatar_url=avatar_url(account.avatar_file_id),
    )
