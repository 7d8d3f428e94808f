"""The one place that answers "may this actor see this chat": active members only."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.models import Chat, ChatMember


async def member_row(db: AsyncSession, chat_id: str, account_id: str) -> ChatMember | None:
    if not is_id(account_id):  # ids from URLs: keep NUL and the like out of SQL
        return None
    stmt = sa.select(ChatMember).where(
        ChatMember.chat_id == chat_id, ChatMember.account_id == account_id
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def visible_chat(db: AsyncSession, ctx: OrgContext, chat_id: str) -> tuple[Chat, ChatMember]:
    """The chat and the actor's active membership in it; 404 for anything else."""
    if not is_id(chat_id):  # any other shape (NUL bytes included) is simply not there
        raise not_found("chat")
    stmt = (
        sa.select(Chat, ChatMember)
        .join(ChatMember, ChatMember.chat_id == Chat.id)
        .where(
            Chat.id == chat_id,
            Chat.org_id == ctx.org_id,
            ChatMember.account_id == ctx.account_id,
            ChatMember.status == "active",
        )
    )
    row = (await db.execute(stmt)).first()
    if row is None:
        raise not_found("chat")
    chat, member = row
    return chat, member
