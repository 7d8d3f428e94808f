"""Turning stored messages into MessageOut with as few queries as a page needs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.views import acks_for
from parta.assignments.views import assignments_for
from parta.avatars.urls import avatar_url
from parta.calls.views import calls_for
from parta.chats.people import Brief, briefs
from parta.files.attachment_views import attachments_for
from parta.messages.render import plain_preview
from parta.messages.schemas import Extras, MessageOut, ReactionCount, ReplyRef
from parta.models import Message, Reaction
from parta.polls.views import polls_for


async def message_views(
    db: AsyncSession, org_id: str, messages: Sequence[Message], viewer_id: str | None
) -> list[MessageOut]:
    """Views as `viewer_id` sees them; None gives the neutral view that events carry (no
    "mine" flags, no counts reserved for the author)."""
    if not messages:
        return []
    ids = [m.id for m in messages]
    reply_ids = {m.reply_to_id for m in messages if m.reply_to_id}
    replies: dict[str, Message] = {}
    if reply_ids:
        stmt = sa.select(Message).where(Message.id.in_(reply_ids))
        replies = {m.id: m for m in (await db.execute(stmt)).scalars()}
    people_ids = {m.author_id for m in messages if m.author_id}
    people_ids |= {m.author_id for m in replies.values() if m.author_id}
    people = await briefs(db, org_id, people_ids)
    counts: dict[str, dict[str, list[int | bool]]] = defaultdict(dict)
    stmt2 = (
        sa.select(Reaction.message_id, Reaction.emoji, Reaction.account_id)
        .where(Reaction.message_id.in_(ids))
        .order_by(Reaction.id)
    )
    for message_id, emoji, account_id in (await db.execute(stmt2)).all():
        entry = counts[message_id].setdefault(emoji, [0, False])
        entry[0] = int(entry[0]) + 1
        if account_id == viewer_id:
            entry[1] = True
    extras = await _extras(db, messages, viewer_id)
    return [
        _view(
            m,
            people,
            replies,
            {e: (int(c), bool(mine)) for e, (c, mine) in counts[m.id].items()},
            extras.get(m.id),
        )
        for m in messages
    ]


async def _extras(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, Extras]:
    """Files, polls, homework and acknowledgements; each loader queries only when a message
    of the page has such a thing."""
    files = await attachments_for(db, messages, viewer_id)
    polls = await polls_for(db, messages, viewer_id)
    tasks = await assignments_for(db, messages, viewer_id)
    acks = await acks_for(db, messages, viewer_id)
    calls = await calls_for(db, messages, viewer_id)
    out: dict[str, Extras] = {}
    for m in messages:
        if m.id in files or m.id in polls or m.id in tasks or m.id in acks or m.id in calls:
            out[m.id] = Extras(
                attachments=files.get(m.id, []),
                poll=polls.get(m.id),
                assignment=tasks.get(m.id),
                ack=acks.get(m.id),
                call=calls.get(m.id),
            )
    return out


def fresh_view(
    m: Message, author_name: str, author_verified: bool, author_avatar: str | None
) -> MessageOut:
    """The view of a plain text message just sent by its author (no reply, files, poll or
    acknowledgement; no reactions yet), without a query: sending is the hot path of a chat."""
    assert m.author_id is not None
    author = Brief(
        account_id=m.author_id,
        name=author_name,
        roles=(),
        verified=author_verified,
        avatar_file_id=author_avatar,
    )
    return _view(m, {m.author_id: author}, {}, {}, None)


def _view(
    m: Message,
    people: dict[str, Brief],
    replies: dict[str, Message],
    reactions: dict[str, tuple[int, bool]],
    extras: Extras | None,
) -> MessageOut:
    def name(account_id: str | None) -> str | None:
        brief = people.get(account_id) if account_id else None
        return brief.name if brief else None

    author = people.get(m.author_id) if m.author_id else None
    reply = None
    if m.reply_to_id:
        target = replies.get(m.reply_to_id)
        if target is not None:
            reply = ReplyRef(
                id=target.id,
                author_name=name(target.author_id),
                text="" if target.deleted_at else plain_preview(target.body, {}),
                deleted=target.deleted_at is not None,
            )
    deleted = m.deleted_at is not None
    extras = None if deleted else extras
    return MessageOut(
        id=m.id,
        chat_id=m.chat_id,
        seq=m.seq,
        author_id=m.author_id,
        author_name=name(m.author_id),
        author_verified=bool(author and author.verified),
        author_avatar_url=avatar_url(author.avatar_file_id) if author else None,
        client_id=m.client_id,
        kind=m.kind,
        body="" if deleted else m.body,
        html="" if deleted else m.html,
        reply_to=reply,
        forwarded_from=m.forward_author_name,
        mentions=[] if deleted else list(m.mentions or []),
        mentions_all=m.mentions_all and not deleted,
        reactions=[
            ReactionCount(emoji=e, count=c, mine=mine) for e, (c, mine) in reactions.items()
        ],
        edited_at=m.edited_at,
        deleted=deleted,
        pinned=m.pinned_at is not None,
        created_at=m.created_at,
        attachments=extras.attachments if extras else [],
        poll=extras.poll if extras else None,
        assignment=extras.assignment if extras else None,
        ack=extras.ack if extras else None,
        call=extras.call if extras else None,
    )
