"""Checks other domains call before someone writes or calls: a moderator's silence in a
chat, and personal blocks in direct chats. Kept import-light (models and kit only), since
messages, chats and calls import it."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden
from parta.models import Block, Chat, ChatSilence
from parta.moderation.policy import direct_blocked

What = Literal["message", "call", "chat"]


async def check_pair(db: AsyncSession, account_id: str, other_id: str, what: What) -> None:
    """403 when either of the two blocked the other: `you_blocked` (with how to undo it)
    to the one who blocked, `blocked` to the other."""
    if account_id == other_id:
        return
    stmt = sa.select(Block.blocker_id, Block.blocked_id).where(
        sa.or_(
            sa.and_(Block.blocker_id == account_id, Block.blocked_id == other_id),
            sa.and_(Block.blocker_id == other_id, Block.blocked_id == account_id),
        )
    )
    pairs = {(a, b) for a, b in (await db.execute(stmt)).all()}
    which = direct_blocked(pairs, account_id, other_id)
    if which == "mine":
        raise Forbidden(
            "You blocked this person. To write to them or call them again, unblock them "
            "in Settings → Blocked people.",
            code="you_blocked",
            fields={"account_id": other_id},
        )
    if which == "theirs":
        doing = {"message": "messages", "call": "calls", "chat": "direct chats"}[what]
        raise Forbidden(f"This person does not accept {doing} from you.", code="blocked")


def direct_peer(chat: Chat, account_id: str) -> str | None:
    """The other person of a direct chat, from its key ("direct:<org>:<a>:<b>")."""
    if chat.kind != "direct" or not chat.unique_key:
        return None
    parts = chat.unique_key.split(":")
    if len(parts) != 4:
        return None
    a, b = parts[2], parts[3]
    return b if a == account_id else a


async def check_direct(db: AsyncSession, chat: Chat, account_id: str, what: What) -> None:
    """In a direct chat, refuse when either person blocked the other."""
    peer = direct_peer(chat, account_id)
    if peer is not None:
        await check_pair(db, account_id, peer, what)


async def check_may_post(db: AsyncSession, chat: Chat, account_id: str) -> None:
    """Called by the send path: 403 `silenced` while a moderator's silence lasts, and the
    block checks of direct chats."""
    stmt = sa.select(ChatSilence.until).where(
        ChatSilence.chat_id == chat.id, ChatSilence.account_id == account_id
    )
    until = (await db.execute(stmt)).scalar_one_or_none()
    if until is not None and until > utcnow():
        raise Forbidden(
            "A moderator has silenced you in this chat until "
            f"{until:%Y-%m-%d %H:%M} UTC. You can read it, but not post.",
            code="silenced",
            fields={"until": until.isoformat()},
        )
    await check_direct(db, chat, account_id, "message")
