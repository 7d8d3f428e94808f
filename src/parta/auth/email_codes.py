"""Use cases built on one-time e-mail codes: requesting a code, signing in with it,
resetting the password, and verifying or changing one's e-mail address."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth import signin, texts, throttle
from parta.auth.accounts import find_by_email, normalize_email
from parta.auth.codes import consume_code, issue_code, limit_requests
from parta.auth.deps import Actor
from parta.auth.passwords import check_password_rules, hash_password, verify_password
from parta.auth.tokens import NewSession, end_sessions
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import AppError, BadRequest, Conflict, Unprocessable
from parta.mail.outbox import queue_mail
from parta.models import Account, OneTimeCode


def _invalid_code() -> BadRequest:
    return BadRequest("The code is wrong or has expired. Request a new one.", code="invalid_code")


def wrong_password(field: str = "password") -> AppError:
    return BadRequest(
        "The password is wrong.", code="wrong_password", fields={field: "wrong"}
    ).keeping_changes()


async def send(db: AsyncSession, to: str, mail: texts.Mail) -> None:
    await queue_mail(db, to, mail.subject, mail.body)


def reset_link(email: str, code: str) -> str:
    base = get_settings().public_base_url.rstrip("/")
    return f"{base}/reset-password?{urlencode({'email': email, 'code': code})}"


async def request_code(db: AsyncSession, raw_email: str, purpose: str, *, ip: str) -> None:
    """Mail a sign-in or password-reset code when an active account has this e-mail.

    The caller answers the same way either way (no account enumeration); the request limit
    is counted for unknown addresses too, so that it reveals nothing either.
    """
    email = normalize_email(raw_email)
    await limit_requests(db, email, ip)
    account = await find_by_email(db, email)
    if account is None or not account.is_active:
        return
    minutes = get_settings().code_minutes
    _, code = await issue_code(db, purpose, email, account_id=account.id)
    lang, name = account.language, account.display_name
    if purpose == "password_reset":
        mail = texts.password_reset_code(lang, name, code, minutes, reset_link(email, code))
    else:
        mail = texts.sign_in_code(lang, name, code, minutes)
    await send(db, email, mail)


async def sign_in_with_code(
    db: AsyncSession, raw_email: str, code: str, *, ip: str, user_agent: str
) -> tuple[Account, NewSession]:
    """Open a session with a sign-in code; failures count like wrong passwords."""
    email = normalize_email(raw_email)
    await signin.check_limits(db, email, ip)
    account = await find_by_email(db, email)
    try:
        row = await consume_code(db, "sign_in", email, code)
        if account is None or not account.is_active or row.account_id != account.id:
            raise _invalid_code()
    except BadRequest as exc:
        await signin.record_failure(db, email, ip, account)
        raise exc.keeping_changes() from None
    if account.email_verified_at is None:
        # The code reached this mailbox: that is exactly what verification proves.
        account.email_verified_at = utcnow()
    new = await signin.open_session(
        db, account, login=email, ip=ip, user_agent=user_agent, how="code"
    )
    return account, new


async def reset_password(
    db: AsyncSession, raw_email: str, code: str, new_password: str, *, ip: str
) -> None:
    """Set a new password with a reset code; every session of the account ends."""
    email = normalize_email(raw_email)
    # Before the code is used up, so that a too-short password does not cost the code.
    check_password_rules(new_password, field="new_password")
    row = await consume_code(db, "password_reset", email, code)
    account = await _code_owner(db, row)
    if account is None or account.email != email:
        raise _invalid_code()
    account.password_hash = await hash_password(new_password)
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
    ended = await end_sessions(db, account.id)
    # The person proved they own the mailbox: lift the lockout they may have run into.
    for login in signin.logins_of(account):
        await throttle.clear(db, signin.login_key(login))
    await audit(
        db,
        "password.reset",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"ended_sessions": ended},
    )
    await send(db, email, texts.password_changed(account.language, account.display_name))


async def _code_owner(db: AsyncSession, row: OneTimeCode) -> Account | None:
    if row.account_id is None:
        return None
    account = await db.get(Account, row.account_id)
    return account if account is not None and account.is_active else None


def _require_email(account: Account) -> str:
    if not account.email:
        raise Unprocessable(
            "Your account has no e-mail address. Add one first.",
            code="no_email",
            fields={"email": "required"},
        )
    return account.email


async def _send_verification(db: AsyncSession, account: Account, email: str) -> None:
    minutes = get_settings().code_minutes
    _, code = await issue_code(db, "verify_email", email, account_id=account.id)
    await send(
        db, email, texts.verify_email_code(account.language, account.display_name, code, minutes)
    )


async def send_verification(db: AsyncSession, actor: Actor, *, ip: str) -> None:
    """Mail a code that confirms the account's current e-mail address."""
    account = actor.account
    email = _require_email(account)
    if account.email_verified_at is not None:
        raise Conflict("Your e-mail address is already confirmed.", code="already_verified")
    await limit_requests(db, email, ip)
    await _send_verification(db, account, email)


async def verify_email(db: AsyncSession, actor: Actor, code: str, *, ip: str) -> Account:
    """Confirm the account's e-mail address with the code sent to it."""
    account = actor.account
    email = _require_email(account)
    if account.email_verified_at is not None:
        raise Conflict("Your e-mail address is already confirmed.", code="already_verified")
    row = await consume_code(db, "verify_email", email, code)
    if row.account_id != account.id:
        raise _invalid_code()
    account.email_verified_at = utcnow()
    await audit(
        db,
        "email.verified",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
    )
    return account


async def check_own_password(db: AsyncSession, account: Account, password: str, ip: str) -> None:
    """A signed-in password check; a wrong one counts against the sign-in lockout."""
    await signin.check_account_limits(db, account, ip)
    if not await verify_password(account.password_hash, password):
        await signin.record_account_failure(db, account, ip)
        raise wrong_password()


async def change_email(
    db: AsyncSession, actor: Actor, raw_email: str, password: str, *, ip: str
) -> Account:
    """Replace the account's e-mail (unconfirmed until its code is entered); the old address
    is told, so that a hijacked session cannot quietly take over password recovery."""
    account = actor.account
    email = normalize_email(raw_email)
    await check_own_password(db, account, password, ip)
    if email == account.email:
        raise Conflict("This is already your e-mail address.", code="same_email")
    if await find_by_email(db, email):
        raise Conflict(
            "Another account already uses this e-mail address.",
            code="email_taken",
            fields={"email": "taken"},
        )
    await limit_requests(db, email, ip)
    old = account.email
    account.email = email
    account.email_verified_at = None
    await db.flush()
    await _send_verification(db, account, email)
    if old:
        mail = texts.email_changed(account.language, account.display_name, texts.mask_email(email))
        await send(db, old, mail)
    await audit(
        db,
        "email.changed",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"had_email": old is not None},
    )
    return account
