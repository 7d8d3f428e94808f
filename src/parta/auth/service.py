"""Session management use cases."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import Actor
from parta.auth.tokens import end_sessions
from parta.kit.clock import utcnow
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.models import AuthSession


async def live_sessions(db: AsyncSession, actor: Actor) -> list[AuthSession]:
    stmt = (
        sa.select(AuthSession)
        .where(
            AuthSession.account_id == actor.id,
            AuthSession.ended_at.is_(None),
            AuthSession.expires_at > utcnow(),
        )
        .order_by(AuthSession.last_seen_at.desc())
    )
    return list((await db.execute(stmt)).scalars())


async def end_session(db: AsyncSession, actor: Actor, session_id: str) -> None:
    """End one of the actor's own sessions; someone else's is 404."""
    sess = await db.get(AuthSession, session_id) if is_id(session_id) else None
    if sess is None or sess.account_id != actor.id or sess.ended_at is not None:
        raise not_found("session")
    sess.ended_at = utcnow()
    await audit(db, "session.ended", actor_id=actor.id, target_type="session", target_id=sess.id)


async def end_other_sessions(db: AsyncSession, actor: Actor) -> int:
    n = await end_sessions(db, actor.id, except_session_id=actor.session.id)
    await audit(db, "session.ended_others", actor_id=actor.id, data={"count": n})
    return n
