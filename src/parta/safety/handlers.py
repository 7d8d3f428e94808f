"""Who decides about the filter's messages: the chat's moderators (owner and moderators)
for their chats, and the organisation's safeguarding staff (parta.moderation's designated
staff, the administrators when nobody is designated) for every chat, direct ones
included, which have no moderators. The same people who handle reports."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.models import Chat, ChatMember, Org
from parta.moderation.settings import safeguarding_accounts


async def is_safeguarding(db: AsyncSession, ctx: OrgContext) -> bool:
    return ctx.account_id in await safeguarding_accounts(db, ctx.org)


def moderated_chats(ctx: OrgContext) -> sa.Select[str]:
    """Ids of the chats of the organisation I moderate."""
    return sa.select(ChatMember.chat_id).where(
        ChatMember.org_id == ctx.org_id,
        ChatMember.account_id == ctx.account_id,
        ChatMember.status == "active",
        ChatMember.role.in_(("owner", "moderator")),
    )


async def is_handler(db: AsyncSession, ctx: OrgContext, chat: Chat) -> bool:
    if chat.org_id != ctx.org_id:
        return False
    if chat.kind != "direct":
        stmt = moderated_chats(ctx).where(ChatMember.chat_id == chat.id)
        if await db.scalar(stmt.limit(1)) is not None:
            return True
    return await is_safeguarding(db, ctx)


async def handler_accounts(db: AsyncSession, chat: Chat) -> set[str]:
    """Everyone who may decide about the chat's held messages (for notifications)."""
    org = await db.get(Org, chat.org_id)
    out = await safeguarding_accounts(db, org) if org is not None else set()
    if chat.kind != "direct":
        stmt = sa.select(ChatMember.account_id).where(
            ChatMember.chat_id == chat.id,
            ChatMember.status == "active",
            ChatMember.role.in_(("owner", "moderator")),
        )
        out |= set((await db.execute(stmt)).scalars())
    return out
