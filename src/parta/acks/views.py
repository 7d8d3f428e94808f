"""Acknowledgement state as messages show it (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.schemas import AckOut, Answer
from parta.acks.tally import AckRow, Tally, acks_of, audiences, counts_by_family, family_of, tally
from parta.chats.people import briefs
from parta.chats.policy import is_moderator
from parta.models import Chat, ChatMember, Message


def may_see_counts(message: Message, viewer_id: str, chat_role: str | None) -> bool:
    """The author and the chat's moderators see who has confirmed."""
    return message.author_id == viewer_id or is_moderator(chat_role)


def _answer(
    t: Tally | None, viewer_id: str, rows: dict[str, AckRow]
) -> tuple[str | None, AckRow | None]:
    """(who answered, the answer) that the viewer sees as theirs: a parent in a parents'
    chat sees the family's answer, anyone else their own."""
    if t is not None and t.by_family and (f := family_of(t, viewer_id)) is not None:
        if f.confirmed_by is None:
            return None, None
        return f.confirmed_by, t.rows.get(f.confirmed_by)
    row = rows.get(viewer_id)
    return (viewer_id, row) if row else (None, None)


async def acks_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, AckOut]:
    """For messages with ack_required: the viewer's confirmation or slip answer (recipients),
    and counts (the author and moderators). None (events) gets neither, only whether it is
    by family and a slip's question and deadline."""
    wanted = [m for m in messages if m.ack_required]
    if not wanted:
        return {}
    chat_ids = {m.chat_id for m in wanted}
    chats = {
        c.id: c for c in (await db.execute(sa.select(Chat).where(Chat.id.in_(chat_ids)))).scalars()
    }

    def neutral(m: Message) -> AckOut:
        return AckOut(
            by_family=counts_by_family(chats[m.chat_id]),
            question=m.ack_question,
            deadline=m.ack_deadline,
        )

    if viewer_id is None:
        return {m.id: neutral(m) for m in wanted}
    roles_stmt = sa.select(ChatMember.chat_id, ChatMember.role).where(
        ChatMember.chat_id.in_(chat_ids),
        ChatMember.account_id == viewer_id,
        ChatMember.status == "active",
    )
    roles: dict[str, str] = {c: r for c, r in (await db.execute(roles_stmt)).all()}
    counted = {m.id for m in wanted if may_see_counts(m, viewer_id, roles.get(m.chat_id))}
    # A parent's slip answer is the family's: those need the family tally too.
    family_slips = {
        m.id for m in wanted if m.ack_question is not None and counts_by_family(chats[m.chat_id])
    }
    acks = await acks_of(db, [m.id for m in wanted])
    tallied = [m for m in wanted if m.id in counted | family_slips]
    tallies: dict[str, Tally] = {}
    if tallied:
        auds = await audiences(db, [chats[c] for c in {m.chat_id for m in tallied}])
        tallies = {m.id: tally(auds[m.chat_id], m, acks[m.id]) for m in tallied}
    answers = {
        m.id: _answer(tallies.get(m.id), viewer_id, acks[m.id])
        for m in wanted
        if m.ack_question is not None and m.author_id != viewer_id
    }
    org_ids = {m.org_id for m in wanted}
    who = {a for a, _ in answers.values() if a}
    names = {}
    for org_id in org_ids:  # one organisation per page in practice
        names.update({a: b.name for a, b in (await briefs(db, org_id, who)).items()})
    out = {}
    for m in wanted:
        t = tallies.get(m.id) if m.id in counted else None
        slip = m.ack_question is not None
        view = neutral(m)
        view.confirmed_by_me = None if m.author_id == viewer_id else viewer_id in acks[m.id]
        if t is not None:
            view.confirmed, view.total = t.confirmed, t.total
            if slip:
                view.yes, view.no = t.yes, t.no
        if m.id in answers:
            by, row = answers[m.id]
            if row is not None:
                view.my_answer = cast(Answer | None, row.answer)
                view.my_comment = row.comment
                view.answered_by = names.get(by or "", "Deleted user")
        out[m.id] = view
    return out
