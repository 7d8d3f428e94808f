"""Session tokens: opaque random strings stored as SHA-256, with a CSRF token per session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.ids import hmac_hex, random_token, sha256_hex
from parta.models import Account, AuthSession

SESSION_COOKIE = "parta_session"
CSRF_COOKIE = "parta_csrf"
CSRF_HEADER = "x-csrf-token"
TOKEN_PREFIX = "pst_"  # noqa: S105 (a prefix, not a secret)
# Writing last_seen_at on every request would turn reads into writes.
TOUCH_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class NewSession:
    session: AuthSession
    token: str
    csrf_token: str


def csrf_for(token_hash: str) -> str:
    """The CSRF token of a session: HMAC of its token hash, so nothing extra is stored."""
    return hmac_hex(get_settings().resolved_secret_key(), "csrf:" + token_hash)[:43]


async def create_session(
    db: AsyncSession, account: Account, *, ip: str, user_agent: str
) -> NewSession:
    token = TOKEN_PREFIX + random_token(32)
    now = utcnow()
    row = AuthSession(
        account_id=account.id,
        token_hash=sha256_hex(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(days=get_settings().session_days),
        ip=ip,
        user_agent=user_agent,
    )
    db.add(row)
    await db.flush()
    return NewSession(session=row, token=token, csrf_token=csrf_for(row.token_hash))


async def resolve_token(db: AsyncSession, token: str) -> tuple[AuthSession, Account] | None:
    """The live session and active account a token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    stmt = (
        sa.select(AuthSession, Account)
        .join(Account, Account.id == AuthSession.account_id)
        .where(AuthSession.token_hash == sha256_hex(token))
    )
    found = (await db.execute(stmt)).first()
    if found is None:
        return None
    sess, account = found
    now = utcnow()
    if sess.ended_at is not None or sess.expires_at <= now or not account.is_active:
        return None
    if now - sess.last_seen_at > TOUCH_INTERVAL:
        sess.last_seen_at = now
    return sess, account


async def end_sessions(
    db: AsyncSession, account_id: str, *, except_session_id: str | None = None
) -> int:
    """End every live session of an account (optionally keeping one); returns how many."""
    stmt = sa.update(AuthSession).where(
        AuthSession.account_id == account_id, AuthSession.ended_at.is_(None)
    )
    if except_session_id is not None:
        stmt = stmt.where(AuthSession.id != except_session_id)
    result = await db.execute(stmt.values(ended_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
