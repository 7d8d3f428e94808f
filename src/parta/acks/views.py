"""Acknowledgement state as messages show it (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.schemas import AckOut
from parta.acks.tally import acks_of, audiences, counts_by_family, tally
from parta.chats.policy import is_moderator
from parta.models import Chat, ChatMember, Message, MessageAck


def may_see_counts(message: Message, viewer_id: str, chat_role: str | None) -> bool:
    """The author and the chat's moderators see who has confirmed."""
    return message.author_id == viewer_id or is_moderator(chat_role)


async def acks_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, AckOut]:
    """For messages with ack_required: the viewer's confirmation (recipients), and counts
    (the author and moderators). None (events) gets neither, only whether it is by family."""
    wanted = [m for m in messages if m.ack_required]
    if not wanted:
        return {}
    chat_ids = {m.chat_id for m in wanted}
    chats = {
        c.id: c for c in (await db.execute(sa.select(Chat).where(Chat.id.in_(chat_ids)))).scalars()
    }
    if viewer_id is None:
        return {m.id: AckOut(by_family=counts_by_family(chats[m.chat_id])) for m in wanted}
    roles_stmt = sa.select(ChatMember.chat_id, ChatMember.role).where(
        ChatMember.chat_id.in_(chat_ids),
        ChatMember.account_id == viewer_id,
        ChatMember.status == "active",
    )
    roles: dict[str, str] = {c: r for c, r in (await db.execute(roles_stmt)).all()}
    counted = [m for m in wanted if may_see_counts(m, viewer_id, roles.get(m.chat_id))]
    tallies = {}
    if counted:
        auds = await audiences(db, [chats[c] for c in {m.chat_id for m in counted}])
        acks = await acks_of(db, [m.id for m in counted])
        tallies = {m.id: tally(auds[m.chat_id], m, acks[m.id]) for m in counted}
    mine_stmt = sa.select(MessageAck.message_id).where(
        MessageAck.message_id.in_([m.id for m in wanted]), MessageAck.account_id == viewer_id
    )
    mine = set((await db.execute(mine_stmt)).scalars())
    out = {}
    for m in wanted:
        t = tallies.get(m.id)
        out[m.id] = AckOut(
            confirmed_by_me=None if m.author_id == viewer_id else m.id in mine,
            confirmed=t.confirmed if t else None,
            total=t.total if t else None,
            by_family=counts_by_family(chats[m.chat_id]),
        )
    return out
