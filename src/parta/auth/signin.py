"""Signing in with a password, with brute-force limits per login and per address."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth import throttle
from parta.auth.accounts import find_by_login
from parta.auth.passwords import verify_password
from parta.auth.tokens import NewSession, create_session
from parta.auth.totp_state import is_enrolled
from parta.config import get_settings
from parta.kit.errors import Unauthorized
from parta.models import Account


def login_key(login: str) -> str:
    # Only printable characters: the key is stored, and PostgreSQL text refuses NUL.
    printable = "".join(ch for ch in login.strip().lower() if ch.isprintable())
    return "signin:login:" + printable[:150]


def address_key(ip: str) -> str:
    return "signin:ip:" + ip


async def check_limits(db: AsyncSession, login: str, ip: str) -> None:
    """429 when this login or this address has failed too often recently."""
    s = get_settings()
    window = timedelta(minutes=s.signin_lock_minutes)
    await throttle.ensure_below(
        db,
        login_key(login),
        s.signin_max_failures,
        window,
        f"Too many failed attempts for this account. Try again in {s.signin_lock_minutes} "
        "minutes or reset your password.",
    )
    await throttle.ensure_below(
        db,
        address_key(ip),
        s.address_max_failures,
        window,
        "Too many failed sign-in attempts from your network. Try again later.",
    )


async def record_failure(db: AsyncSession, login: str, ip: str, account: Account | None) -> None:
    await throttle.record(db, login_key(login))
    await throttle.record(db, address_key(ip))
    await audit(
        db,
        "signin.failed",
        actor_id=account.id if account else None,
        target_type="account",
        target_id=account.id if account else "",
        ip=ip,
    )


def logins_of(account: Account) -> list[str]:
    """Every login a person may type for this account (each has its own lockout counter)."""
    logins = [x for x in (account.email, account.phone, account.username) if x]
    return logins or ["account:" + account.id]


async def check_account_limits(db: AsyncSession, account: Account, ip: str) -> None:
    """check_limits for every login of an account (a signed-in password check)."""
    for login in logins_of(account):
        await check_limits(db, login, ip)


async def record_account_failure(db: AsyncSession, account: Account, ip: str) -> None:
    """A wrong password from a signed-in person counts against all of the account's logins,
    so that a stolen session cannot be used to guess the password past the sign-in lockout."""
    logins = logins_of(account)
    for login in logins[1:]:
        await throttle.record(db, login_key(login))
    await record_failure(db, logins[0], ip, account)


async def sign_in_with_password(
    db: AsyncSession, login: str, password: str, *, ip: str, user_agent: str
) -> tuple[Account, NewSession]:
    """Check the password and open a session; failures are counted and committed."""
    await check_limits(db, login, ip)
    account = await find_by_login(db, login)
    ok = await verify_password(account.password_hash if account else None, password)
    if account is None or not ok or not account.is_active:
        await record_failure(db, login, ip, account)
        raise Unauthorized(
            "Wrong e-mail, phone or password.", code="invalid_credentials"
        ).keeping_changes()
    return account, await open_session(db, account, login=login, ip=ip, user_agent=user_agent)


async def open_session(
    db: AsyncSession,
    account: Account,
    *,
    login: str,
    ip: str,
    user_agent: str,
    how: str = "password",
) -> NewSession:
    """Start a session after a successful proof of identity and record the sign-in.

    For an account with two-factor authentication, a password or an e-mail code alone opens
    nothing: this raises 401 `totp_required` with a challenge (auth/totp_signin.py)."""
    if how in ("password", "code") and await is_enrolled(db, account.id):
        from parta.auth.totp_signin import challenge

        raise await challenge(db, account, login=login, method=how)
    await throttle.clear(db, login_key(login))
    new = await create_session(db, account, ip=ip, user_agent=user_agent)
    await audit(
        db,
        "signin",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"method": how, "session_id": new.session.id},
    )
    return new
