"""What a bot does with its token: see itself, list its chats, read and post messages.

Every call checks the token's scope first (403), then reaches chats only through the same
membership check people go through (404 for chats the bot is not in).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.integrations.bot_auth import BotCaller
from parta.integrations.schemas import BotChat, BotMe
from parta.integrations.scopes import Scope
from parta.messages import service as messages
from parta.messages.schemas import HistoryPage, MessageOut
from parta.models import Chat, ChatMember


def me(caller: BotCaller) -> BotMe:
    return BotMe(
        bot_id=caller.bot.id,
        account_id=caller.bot.account_id,
        org_id=caller.bot.org_id,
        name=caller.bot.name,
        scopes=list(caller.token.scopes),
    )


async def chats(db: AsyncSession, caller: BotCaller) -> list[BotChat]:
    """Chats the bot is an active member of (chats:read)."""
    caller.require(Scope.CHATS_READ)
    stmt = (
        sa.select(Chat)
        .join(ChatMember, ChatMember.chat_id == Chat.id)
        .where(
            ChatMember.account_id == caller.bot.account_id,
            ChatMember.status == "active",
            Chat.org_id == caller.bot.org_id,
        )
        .order_by(Chat.id)
    )
    return [
        BotChat(id=c.id, kind=c.kind, title=c.title, seq=c.seq)
        for c in (await db.execute(stmt)).scalars()
    ]


async def history(
    db: AsyncSession,
    caller: BotCaller,
    chat_id: str,
    *,
    before_seq: int | None,
    after_seq: int | None,
    limit: int,
) -> HistoryPage:
    """A page of a chat's history (chats:read)."""
    caller.require(Scope.CHATS_READ)
    return await messages.history(
        db,
        caller.ctx,
        chat_id,
        before_seq=before_seq,
        after_seq=after_seq,
        around_id=None,
        limit=limit,
    )


async def send(
    db: AsyncSession, caller: BotCaller, chat_id: str, *, client_id: str, body: str
) -> tuple[MessageOut, bool]:
    """Post a message (messages:write); the chat's posting rules apply as to anyone."""
    caller.require(Scope.MESSAGES_WRITE)
    return await messages.send_message(db, caller.ctx, chat_id, client_id=client_id, body=body)
