"""What a chat tells those writing in it: quiet hours now ("until 08:00"), the other
person's working hours in a direct chat, my messages waiting for a moderator."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats.access import visible_chat
from parta.kit.clock import utcnow
from parta.safety import held, hours, quiet
from parta.safety.handlers import is_handler
from parta.safety.reach import direct_peer
from parta.safety.schemas import ChatSafety


async def chat_safety(db: AsyncSession, ctx: OrgContext, chat_id: str) -> ChatSafety:
    chat, me = await visible_chat(db, ctx, chat_id)
    now = utcnow()
    working = None
    peer = direct_peer(chat, ctx.account_id)
    if peer is not None:
        row = await hours.row_of(db, ctx.org_id, peer)
        if row is not None:
            working = hours.out(peer, row, ctx.org)
    return ChatSafety(
        quiet=quiet.state(ctx.org, await quiet.chat_quiet(db, chat, ctx.org, now)),
        quiet_rule=quiet.chat_rule(chat),
        may_edit_quiet=quiet.may_edit(chat, me.role),
        working_hours=working,
        handler=await is_handler(db, ctx, chat),
        held=await held.mine_in_chat(db, ctx, chat.id),
    )
