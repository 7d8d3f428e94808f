"""The second step of signing in for accounts with two-factor authentication.

A right password (or e-mail code) for such an account opens no session: it answers 401
`totp_required` with a short-lived challenge token, and POST /auth/sign-in/totp with that token
and a code from the app (or a recovery code) opens the session. The token is stored hashed,
lives five minutes and allows five tries; wrong codes also count per account and per address
in the sign-in throttle.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth import totp
from parta.auth.tokens import NewSession
from parta.kit.clock import utcnow
from parta.kit.errors import AppError, BadRequest, Unauthorized
from parta.kit.ids import random_token, sha256_hex
from parta.models import Account, SignInChallenge

CHALLENGE_PREFIX = "pmc_"
CHALLENGE_MINUTES = 5
CHALLENGE_ATTEMPTS = 5


async def challenge(db: AsyncSession, account: Account, *, login: str, method: str) -> AppError:
    """Store a challenge and return the 401 that carries it (committed although it fails)."""
    token = CHALLENGE_PREFIX + random_token(32)
    now = utcnow()
    # The account's spent challenges go here, so they never pile up.
    await db.execute(
        sa.delete(SignInChallenge).where(
            SignInChallenge.account_id == account.id, SignInChallenge.expires_at < now
        )
    )
    db.add(
        SignInChallenge(
            account_id=account.id,
            token_hash=sha256_hex(token),
            method=method,
            login=login[:254],
            expires_at=now + timedelta(minutes=CHALLENGE_MINUTES),
        )
    )
    await db.flush()
    return Unauthorized(
        "Enter the code from your authenticator app (or a recovery code).",
        code="totp_required",
        fields={"challenge": token},
    ).keeping_changes()


def _expired() -> BadRequest:
    return BadRequest(
        "This sign-in has expired. Enter your password again.", code="challenge_expired"
    )


async def _live_challenge(db: AsyncSession, token: str) -> SignInChallenge:
    if not token.startswith(CHALLENGE_PREFIX) or len(token) > 100:
        raise _expired()
    stmt = (
        sa.select(SignInChallenge)
        .where(SignInChallenge.token_hash == sha256_hex(token))
        .with_for_update()
    )
    row = (await db.execute(stmt)).scalar_one_or_none()
    if (
        row is None
        or row.used_at is not None
        or row.expires_at <= utcnow()
        or row.attempts >= CHALLENGE_ATTEMPTS
    ):
        raise _expired()
    return row


async def complete(
    db: AsyncSession, token: str, code: str, *, ip: str, user_agent: str
) -> tuple[Account, NewSession]:
    """Check the code for a challenge and open the session the first factor earned."""
    from parta.auth.signin import open_session

    row = await _live_challenge(db, token)
    account = await db.get(Account, row.account_id)
    if account is None or not account.is_active:
        raise _expired()
    try:
        how = await totp.verify_code_of(db, account.id, code, ip=ip)
    except AppError as exc:
        if exc.code == "invalid_code":
            row.attempts += 1
            await db.flush()
        raise
    row.used_at = utcnow()
    new = await open_session(
        db, account, login=row.login, ip=ip, user_agent=user_agent, how=f"{row.method}+{how}"
    )
    return account, new
