"""Messages held for moderation, and the handlers' queue of held and hidden messages.

A held message is a row of its own, not a message: nothing of it reaches history, events,
search, pushes or the chat list. Its author's send answers 202 with a view of kind `held`
(sequence 0), so their device keeps it as "waiting for a moderator"; a retry with the same
client id answers the same. Approving it sends it as its author through the ordinary send
path (`send_message(screened=True)`, with the author's client id), so it reaches everyone
as a new message and replaces the author's waiting copy; rejecting it tells the author.
Handlers: `handlers.is_handler`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, not_found
from parta.kit.ids import is_id, new_id
from parta.messages import render
from parta.messages.schemas import MessageOut
from parta.messages.views import message_views
from parta.models import Attachment, Chat, HeldMessage, HiddenMessage, Message
from parta.realtime.log import notify
from parta.safety.handlers import handler_accounts, is_handler, is_safeguarding, moderated_chats
from parta.safety.schemas import MyHeld, QueueChat, QueueItem, QueuePage, QueuePerson, RejectIn

PAGE = 50
_WEEK = timedelta(days=7)
NOT_HANDLER = "Only the chat's moderators and the safeguarding staff decide about it."


async def existing(
    db: AsyncSession, chat_id: str, author_id: str, client_id: str
) -> HeldMessage | None:
    stmt = sa.select(HeldMessage).where(
        HeldMessage.chat_id == chat_id,
        HeldMessage.author_id == author_id,
        HeldMessage.client_id == client_id,
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def view(db: AsyncSession, row: HeldMessage) -> MessageOut:
    """What the author's device shows: their message, kind `held`, not in the timeline."""
    names = {}
    ids = render.mentioned_ids(row.body)
    if ids:
        names = {a: b.name for a, b in (await briefs(db, row.org_id, ids)).items()}
    draft = Message(
        id=row.id,
        chat_id=row.chat_id,
        org_id=row.org_id,
        seq=0,
        author_id=row.author_id,
        client_id=row.client_id,
        kind="held",
        body=row.body,
        html=render.render(row.body, names),
        reply_to_id=row.reply_to_id,
        mentions=[],
        mentions_all=False,
        attachment_count=0,
        ack_required=False,
        created_at=row.created_at,
    )
    (out,) = await message_views(db, row.org_id, [draft], row.author_id)
    return out


async def hold(
    db: AsyncSession,
    ctx: OrgContext,
    chat: Chat,
    *,
    client_id: str,
    body: str,
    reply_to_id: str | None,
    attachment_ids: Sequence[str],
    matched: list[str],
) -> MessageOut:
    row = HeldMessage(
        id=new_id(),
        org_id=chat.org_id,
        chat_id=chat.id,
        author_id=ctx.account_id,
        client_id=client_id,
        body=body,
        reply_to_id=reply_to_id,
        attachment_ids=list(attachment_ids),
        matched=matched,
        created_at=utcnow(),
    )
    db.add(row)
    await db.flush()
    handlers = await handler_accounts(db, chat)
    handlers.discard(ctx.account_id)
    if handlers:
        notify(
            db,
            tuple(sorted(handlers)),
            "safety.queue",
            {"id": row.id, "kind": "held", "chat_id": chat.id},
        )
    return await view(db, row)


async def mine_in_chat(db: AsyncSession, ctx: OrgContext, chat_id: str) -> list[MyHeld]:
    """My messages waiting in this chat, and those rejected in the last week."""
    since = utcnow().replace(microsecond=0) - _WEEK
    stmt = (
        sa.select(HeldMessage)
        .where(
            HeldMessage.chat_id == chat_id,
            HeldMessage.author_id == ctx.account_id,
            sa.or_(
                HeldMessage.status == "pending",
                sa.and_(HeldMessage.status == "rejected", HeldMessage.decided_at >= since),
            ),
        )
        .order_by(HeldMessage.id)
    )
    return [
        MyHeld(
            id=r.id,
            client_id=r.client_id,
            body=r.body,
            status="pending" if r.status == "pending" else "rejected",
            reason=r.reason,
            created_at=r.created_at,
        )
        for r in (await db.execute(stmt)).scalars()
    ]


async def _held_for_handler(db: AsyncSession, ctx: OrgContext, held_id: str) -> HeldMessage:
    row = await db.get(HeldMessage, held_id) if is_id(held_id) else None
    if row is None or row.org_id != ctx.org_id:
        raise not_found("held message")
    chat = await db.get(Chat, row.chat_id)
    if chat is None or not await is_handler(db, ctx, chat):
        raise not_found("held message")
    return row


async def _lock(db: AsyncSession, row: HeldMessage) -> None:
    await db.execute(sa.select(HeldMessage.id).where(HeldMessage.id == row.id).with_for_update())
    await db.refresh(row)
    if row.status != "pending":
        raise Conflict("Someone has already decided about this message.", code="already_decided")


async def approve(db: AsyncSession, ctx: OrgContext, held_id: str, *, ip: str) -> QueueItem:
    """Send the held message as its author (its pending uploads with it)."""
    from parta.channels.scheduled import author_context
    from parta.messages.service import send_message  # it imports the safety gate

    row = await _held_for_handler(db, ctx, held_id)
    await _lock(db, row)
    files = []
    if row.attachment_ids:
        stmt = sa.select(Attachment.id).where(
            Attachment.id.in_(row.attachment_ids),
            Attachment.message_id.is_(None),
            Attachment.submission_id.is_(None),
        )
        still = set((await db.execute(stmt)).scalars())
        files = [a for a in row.attachment_ids if a in still]
    reply = row.reply_to_id
    if reply is not None:
        target = await db.get(Message, reply)
        reply = reply if target is not None and target.chat_id == row.chat_id else None
    try:
        author = await author_context(db, row.org_id, row.author_id)
        sent, _ = await send_message(
            db,
            author,
            row.chat_id,
            client_id=row.client_id,
            body=row.body,
            reply_to_id=reply,
            attachment_ids=files,
            screened=True,
        )
    except Forbidden as e:
        raise Conflict(
            "The author can no longer post in this chat. Reject the message instead.",
            code="author_cannot_post",
        ) from e
    row.status, row.message_id = "approved", sent.id
    row.decided_by, row.decided_at = ctx.account_id, utcnow()
    await _audit(db, ctx, row, "safety.held_approved", ip)
    return (await queue_items(db, ctx, [row], []))[0]


async def reject(
    db: AsyncSession, ctx: OrgContext, held_id: str, body: RejectIn, *, ip: str
) -> QueueItem:
    """Do not send it; the author is told (with the reason, if one is given)."""
    row = await _held_for_handler(db, ctx, held_id)
    await _lock(db, row)
    row.status, row.reason = "rejected", body.reason
    row.decided_by, row.decided_at = ctx.account_id, utcnow()
    notify(
        db,
        (row.author_id,),
        "safety.held",
        {
            "id": row.id,
            "client_id": row.client_id,
            "status": "rejected",
            "reason": row.reason,
        },
        chat_id=row.chat_id,
    )
    await _audit(db, ctx, row, "safety.held_rejected", ip)
    return (await queue_items(db, ctx, [row], []))[0]


async def _audit(db: AsyncSession, ctx: OrgContext, row: HeldMessage, action: str, ip: str) -> None:
    await record(
        db,
        action,
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="held_message",
        target_id=row.id,
        ip=ip,
        data={"chat_id": row.chat_id, "author_id": row.author_id, "matched": row.matched},
    )


# The queue -------------------------------------------------------------------------------


async def queue_items(
    db: AsyncSession, ctx: OrgContext, held: Sequence[HeldMessage], hidden: Sequence[HiddenMessage]
) -> list[QueueItem]:
    chat_ids = {r.chat_id for r in held} | {r.chat_id for r in hidden}
    chats = {}
    if chat_ids:
        stmt = sa.select(Chat).where(Chat.id.in_(chat_ids))
        chats = {c.id: c for c in (await db.execute(stmt)).scalars()}
    people_ids = {r.author_id for r in held} | {r.author_id for r in hidden}
    people_ids |= {r.decided_by for r in held if r.decided_by}
    people_ids |= {r.decided_by for r in hidden if r.decided_by}
    people = await briefs(db, ctx.org_id, people_ids)

    def ref(account_id: str | None) -> QueuePerson | None:
        if account_id is None:
            return None
        return QueuePerson(account_id=account_id, name=people[account_id].name)

    def chat_ref(chat_id: str) -> QueueChat:
        c = chats.get(chat_id)
        return QueueChat(id=chat_id, kind=c.kind if c else "", title=c.title if c else "")

    items = [
        QueueItem(
            kind="held",
            id=r.id,
            chat=chat_ref(r.chat_id),
            author=QueuePerson(account_id=r.author_id, name=people[r.author_id].name),
            body=r.body,
            matched=list(r.matched or []),
            attachments=len(r.attachment_ids or []),
            status=r.status,
            created_at=r.created_at,
            decided_at=r.decided_at,
            decided_by=ref(r.decided_by),
            reason=r.reason,
        )
        for r in held
    ]
    items += [
        QueueItem(
            kind="hidden",
            id=r.message_id,
            chat=chat_ref(r.chat_id),
            author=QueuePerson(account_id=r.author_id, name=people[r.author_id].name),
            body=r.body,
            matched=list(r.matched or []),
            status=r.status,
            created_at=r.created_at,
            decided_at=r.decided_at,
            decided_by=ref(r.decided_by),
        )
        for r in hidden
    ]
    items.sort(key=lambda i: (i.created_at, i.id), reverse=True)
    return items


async def queue(
    db: AsyncSession, ctx: OrgContext, *, open_: bool, cursor: str | None, limit: int
) -> QueuePage:
    """Held and hidden messages of the chats I handle, newest first: open (waiting for a
    decision) or decided. Safeguarding staff see every chat of the organisation."""
    everywhere = await is_safeguarding(db, ctx)
    n = max(1, min(limit, PAGE))
    held_q = sa.select(HeldMessage).where(HeldMessage.org_id == ctx.org_id)
    hidden_q = sa.select(HiddenMessage).where(HiddenMessage.org_id == ctx.org_id)
    if not everywhere:
        mine = moderated_chats(ctx)
        held_q = held_q.where(HeldMessage.chat_id.in_(mine))
        hidden_q = hidden_q.where(HiddenMessage.chat_id.in_(mine))
    if open_:
        held_q = held_q.where(HeldMessage.status == "pending")
        hidden_q = hidden_q.where(HiddenMessage.status == "hidden")
    else:
        held_q = held_q.where(HeldMessage.status != "pending")
        hidden_q = hidden_q.where(HiddenMessage.status != "hidden")
    if cursor:
        held_q = held_q.where(HeldMessage.id < cursor)
        hidden_q = hidden_q.where(HiddenMessage.message_id < cursor)
    held = list((await db.execute(held_q.order_by(HeldMessage.id.desc()).limit(n + 1))).scalars())
    hidden = list(
        (
            await db.execute(hidden_q.order_by(HiddenMessage.message_id.desc()).limit(n + 1))
        ).scalars()
    )
    # Ids are time-ordered (ULIDs) in both tables: one merged page by id.
    merged = sorted(
        [(r.id, "held", r) for r in held] + [(r.message_id, "hidden", r) for r in hidden],
        key=lambda t: t[0],
        reverse=True,
    )
    page = merged[:n]
    items = await queue_items(
        db,
        ctx,
        [r for _, _, r in page if isinstance(r, HeldMessage)],
        [r for _, _, r in page if isinstance(r, HiddenMessage)],
    )
    items.sort(key=lambda i: i.id, reverse=True)
    return QueuePage(items=items, next_cursor=page[-1][0] if len(merged) > n else None)
