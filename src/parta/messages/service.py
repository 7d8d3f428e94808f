"""Message use cases: send (idempotent), history, edit, delete, reactions, pins, read state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.rules import check_may_require_ack, slip_fields
from parta.auth.deps import OrgContext
from parta.chats import flood, policy
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.files.attach import attach_to_message, check_attachable, copies_for_forward
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, TooManyRequests, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.messages import render
from parta.messages.schemas import EditOut, HistoryPage, MessageOut, Receipts
from parta.messages.views import fresh_view, message_views
from parta.models import Chat, ChatMember, Mention, Message, MessageEdit, Reaction
from parta.moderation import guard
from parta.push import queue as push_queue
from parta.realtime.log import broadcast, emit, next_seq
from parta.safety import gate as safety

DEFAULT_EDIT_WINDOW_MINUTES = 48 * 60


def _edit_window(ctx: OrgContext) -> timedelta:
    minutes = ctx.org.settings.get("edit_window_minutes", DEFAULT_EDIT_WINDOW_MINUTES)
    return timedelta(
        minutes=int(minutes) if isinstance(minutes, int) else DEFAULT_EDIT_WINDOW_MINUTES
    )


def _clean_body(body: str, *, may_be_empty: bool = False) -> str:
    # NUL cannot be stored by PostgreSQL and has no meaning in a message.
    text = body.replace("\x00", "").strip()
    if not text and not may_be_empty:
        raise Unprocessable("The message is empty.", code="empty_message", fields={"body": "empty"})
    if len(text) > render.MAX_LENGTH:
        raise Unprocessable(
            f"The message is longer than {render.MAX_LENGTH} characters.",
            code="message_too_long",
            fields={"body": f"at most {render.MAX_LENGTH} characters"},
        )
    return text


async def _existing(
    db: AsyncSession, chat_id: str, author_id: str, client_id: str
) -> Message | None:
    stmt = sa.select(Message).where(
        Message.chat_id == chat_id, Message.author_id == author_id, Message.client_id == client_id
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def _lock_chat(db: AsyncSession, chat_id: str) -> None:
    # Serialises writers of one chat (PostgreSQL). SQLite has a single writer anyway and
    # renders no FOR UPDATE: there the statement would be a plain read, a round trip for nothing.
    if db.get_bind().dialect.name != "sqlite":
        await db.execute(sa.select(Chat.id).where(Chat.id == chat_id).with_for_update())


async def _mention_names(db: AsyncSession, chat: Chat, ids: list[str]) -> dict[str, str]:
    """Names of mentioned people who are active members of the chat (others are ignored)."""
    if not ids:
        return {}
    stmt = sa.select(ChatMember.account_id).where(
        ChatMember.chat_id == chat.id, ChatMember.account_id.in_(ids), ChatMember.status == "active"
    )
    members = set((await db.execute(stmt)).scalars())
    people = await briefs(db, chat.org_id, members)
    return {a: b.name for a, b in people.items()}


async def send_message(
    db: AsyncSession,
    ctx: OrgContext,
    chat_id: str,
    *,
    client_id: str,
    body: str,
    reply_to_id: str | None = None,
    forward_of: Message | None = None,
    forward_author: str | None = None,
    attachment_ids: Sequence[str] = (),
    ack_required: bool = False,
    ack_question: str | None = None,
    ack_deadline: datetime | None = None,
    kind: str = "text",
    on_created: Callable[[Message], Awaitable[None]] | None = None,
    screened: bool = False,
) -> tuple[MessageOut, bool]:
    """Store and publish a message. Returns (message, created); a retried client id returns
    the stored message with created=False and publishes nothing.

    `attachment_ids` are my pending uploads in this chat; `kind` and `on_created` let polls
    and homework collections add their rows before the message is published. `screened`:
    a moderator approved it (parta.safety), so limits and the word filter do not apply again.
    """
    chat, me = await visible_chat(db, ctx, chat_id)
    found = await _existing(db, chat.id, ctx.account_id, client_id)
    if found is not None:
        return (await message_views(db, ctx.org_id, [found], ctx.account_id))[0], False
    text = _clean_body(body, may_be_empty=bool(attachment_ids) or kind != "text")
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    if not policy.may_post(chat.kind, chat.settings, me.role):
        raise Forbidden("Only moderators can post in this chat.", code="posting_not_allowed")
    await guard.check_may_post(db, chat, ctx.account_id)  # silenced; blocks in direct chats
    now = utcnow()
    if not screened:
        flood.check_sender(ctx, now)
    wait = 0 if screened else policy.slow_mode_wait(chat.settings, me.role, me.last_post_at, now)
    if wait:
        raise TooManyRequests(
            f"Slow mode is on: you can post again in {wait} s.",
            code="slow_mode",
            headers={"Retry-After": str(wait)},
        )
    ack_question, ack_deadline = slip_fields(ack_question, ack_deadline, now)
    ack_required = ack_required or ack_question is not None  # a slip asks for an answer
    if ack_required:
        check_may_require_ack(ctx, chat, me)
    uploads = await check_attachable(db, ctx, chat, attachment_ids)
    if reply_to_id is not None:
        target = await db.get(Message, reply_to_id) if is_id(reply_to_id) else None
        if target is None or target.chat_id != chat.id:
            raise Unprocessable("The message you reply to is not in this chat.", code="bad_reply")
    ids = render.mentioned_ids(text)
    names = await _mention_names(db, chat, ids)
    all_ = render.mentions_all(text)
    if all_ and not policy.may_mention_all(me.role):
        raise Forbidden("Only moderators can mention @all.", code="mention_all_not_allowed")
    checked = safety.Screened(text, kind)
    if not screened:  # safe mode in direct chats, per-role rate limit, word filter
        checked = await safety.screen(
            db, ctx, chat, text=text, kind=kind, client_id=client_id, reply_to_id=reply_to_id,
            attachment_ids=attachment_ids, now=now,
        )  # fmt: skip
        if checked.held is not None:
            return checked.held, True
        text, kind = checked.text, checked.kind
        if not text:
            names, all_ = {}, False
    await _lock_chat(db, chat.id)
    found = await _existing(db, chat.id, ctx.account_id, client_id)
    if found is not None:  # a concurrent retry won the race
        return (await message_views(db, ctx.org_id, [found], ctx.account_id))[0], False
    seq = await next_seq(db, chat.id)
    message = Message(
        id=new_id(),
        chat_id=chat.id,
        org_id=chat.org_id,
        seq=seq,
        author_id=ctx.account_id,
        client_id=client_id,
        kind=kind,
        body=text,
        html=render.render(text, names) if text else "",
        reply_to_id=reply_to_id,
        forward_author_name=forward_author,
        forward_from_id=forward_of.id if forward_of else None,
        mentions=list(names),
        mentions_all=all_,
        ack_required=ack_required,
        ack_question=ack_question,
        ack_deadline=ack_deadline,
        created_at=now,
    )
    db.add(message)
    await db.flush()  # mentions, files, polls reference the message row
    await safety.after_created(db, message, checked)
    await attach_to_message(db, message, uploads)
    if on_created is not None:
        await on_created(message)
    for account_id in names:
        if account_id != ctx.account_id:
            db.add(Mention(message_id=message.id, chat_id=chat.id, account_id=account_id, seq=seq))
    chat.last_message_at, chat.last_message_id = now, message.id
    me.last_post_at = now
    me.last_read_seq = seq
    await db.flush()
    plain = reply_to_id is None and kind == "text" and not uploads and not ack_required
    if plain:  # the hot path: everything the view needs is at hand
        account = ctx.actor.account
        view = fresh_view(
            message, account.display_name, ctx.is_verified_staff(), account.avatar_file_id
        )
        neutral = view  # a new plain message looks the same to everyone
    else:
        neutral = (await message_views(db, ctx.org_id, [message], None))[0]
        view = (await message_views(db, ctx.org_id, [message], ctx.account_id))[0]
    await emit(db, chat.id, "message.new", neutral.model_dump(mode="json"), seq=seq)
    await push_queue.message_sent(db, message)  # pushed after commit, to those with devices
    return view, True


async def forward_message(
    db: AsyncSession,
    ctx: OrgContext,
    chat_id: str,
    message_id: str,
    to_chat_id: str,
    client_id: str,
) -> MessageOut:
    """Forward into another chat the person may post in, keeping the original author's name."""
    await visible_chat(db, ctx, chat_id)
    original = await _message_in(db, chat_id, message_id)
    if original.deleted_at is not None:
        raise Conflict("A deleted message cannot be forwarded.", code="message_deleted")
    if original.kind != "text":
        raise Conflict(
            "Polls, tasks and calls cannot be forwarded; share a link to the chat instead.",
            code="not_forwardable",
        )
    author = original.forward_author_name
    if author is None and original.author_id:
        author = (await briefs(db, ctx.org_id, [original.author_id]))[original.author_id].name
    target, _ = await visible_chat(db, ctx, to_chat_id)
    found = await _existing(db, target.id, ctx.account_id, client_id)
    if found is not None:  # a retry: no second set of file copies
        return (await message_views(db, ctx.org_id, [found], ctx.account_id))[0]
    files = await copies_for_forward(db, ctx, original, target.id)
    view, _ = await send_message(
        db,
        ctx,
        target.id,
        client_id=client_id,
        body=original.body,
        forward_of=original,
        forward_author=author,
        attachment_ids=files,
    )
    return view


async def _message_in(db: AsyncSession, chat_id: str, message_id: str) -> Message:
    message = await db.get(Message, message_id) if is_id(message_id) else None
    if message is None or message.chat_id != chat_id:
        raise not_found("message")
    return message


async def history(
    db: AsyncSession,
    ctx: OrgContext,
    chat_id: str,
    *,
    before_seq: int | None,
    after_seq: int | None,
    around_id: str | None,
    limit: int,
) -> HistoryPage:
    """A page of messages by sequence: the newest (default), before/after a seq, or around a
    message (jump to message)."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    limit = max(1, min(limit, 100))
    base = sa.select(Message).where(Message.chat_id == chat.id)
    if around_id is not None:
        anchor = await _message_in(db, chat.id, around_id)
        half = limit // 2
        older = list(
            (
                await db.execute(
                    base.where(Message.seq <= anchor.seq)
                    .order_by(Message.seq.desc())
                    .limit(half + 1)
                )
            ).scalars()
        )
        newer = list(
            (
                await db.execute(
                    base.where(Message.seq > anchor.seq)
                    .order_by(Message.seq)
                    .limit(limit - half + 1)
                )
            ).scalars()
        )
        more_before, more_after = len(older) > half, len(newer) > limit - half
        rows = list(reversed(older[:half])) + newer[: limit - half]
        if not older[:half]:
            rows = [anchor, *newer[: limit - half]]
    elif after_seq is not None:
        rows = list(
            (
                await db.execute(
                    base.where(Message.seq > after_seq).order_by(Message.seq).limit(limit + 1)
                )
            ).scalars()
        )
        more_after = len(rows) > limit
        rows = rows[:limit]
        more_before = after_seq > 0
    else:
        stmt = base.order_by(Message.seq.desc()).limit(limit + 1)
        if before_seq is not None:
            stmt = stmt.where(Message.seq < before_seq)
        rows = list((await db.execute(stmt)).scalars())
        more_before = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        more_after = before_seq is not None and before_seq <= chat.seq
    views = await message_views(db, ctx.org_id, rows, ctx.account_id)
    return HistoryPage(
        messages=views, has_more_before=more_before, has_more_after=more_after, seq=chat.seq
    )


async def edit_message(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str, body: str
) -> MessageOut:
    chat, _me = await visible_chat(db, ctx, chat_id)
    message = await _message_in(db, chat.id, message_id)
    if message.deleted_at is not None:
        raise Conflict("The message was deleted.", code="message_deleted")
    if message.kind != "text":
        # A poll's question, a task or a call record has its own rules and rows.
        raise Conflict("Only text messages can be edited.", code="not_editable")
    if not policy.may_edit_message(message.author_id == ctx.account_id):
        raise Forbidden("You can only edit your own messages.", code="not_author")
    if utcnow() - message.created_at > _edit_window(ctx):
        raise Forbidden("The time to edit this message has passed.", code="edit_window_passed")
    text = _clean_body(body)
    if text == message.body:
        return (await message_views(db, ctx.org_id, [message], ctx.account_id))[0]
    await safety.check_edit(db, ctx, text)
    db.add(MessageEdit(message_id=message.id, body=message.body, edited_by=ctx.account_id))
    names = await _mention_names(db, chat, render.mentioned_ids(text))
    message.body, message.html, message.mentions = text, render.render(text, names), list(names)
    message.edited_at = utcnow()
    await db.flush()
    neutral = (await message_views(db, ctx.org_id, [message], None))[0]
    await emit(db, chat.id, "message.edited", neutral.model_dump(mode="json"))
    return (await message_views(db, ctx.org_id, [message], ctx.account_id))[0]


async def delete_message(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> None:
    """Delete for everyone: the author within the window, or a moderator. Leaves a tombstone."""
    chat, me = await visible_chat(db, ctx, chat_id)
    message = await _message_in(db, chat.id, message_id)
    if message.deleted_at is not None:
        return
    age = utcnow() - message.created_at
    if not policy.may_delete_message(
        message.author_id == ctx.account_id, me.role, age, _edit_window(ctx)
    ):
        raise Forbidden("You cannot delete this message.", code="delete_not_allowed")
    message.deleted_at, message.deleted_by = utcnow(), ctx.account_id
    if message.pinned_at is not None:
        message.pinned_at = None
    await emit(db, chat.id, "message.deleted", {"id": message.id, "by": ctx.account_id})


async def edit_history(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str
) -> list[EditOut]:
    chat, me = await visible_chat(db, ctx, chat_id)
    if not policy.is_moderator(me.role):
        raise Forbidden("Only moderators can see the edit history.")
    message = await _message_in(db, chat.id, message_id)
    stmt = (
        sa.select(MessageEdit).where(MessageEdit.message_id == message.id).order_by(MessageEdit.id)
    )
    return [
        EditOut(body=e.body, edited_by=e.edited_by, edited_at=e.edited_at)
        for e in (await db.execute(stmt)).scalars()
    ]


async def react(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str, emoji: str, on: bool
) -> None:
    chat, _ = await visible_chat(db, ctx, chat_id)
    if emoji not in policy.REACTIONS:
        raise Unprocessable("Choose one of the offered reactions.", code="unknown_reaction")
    if not chat.settings.get("reactions", True):
        raise Forbidden("Reactions are turned off in this chat.")
    message = await _message_in(db, chat.id, message_id)
    if message.deleted_at is not None:
        raise Conflict("The message was deleted.", code="message_deleted")
    stmt = sa.select(Reaction).where(
        Reaction.message_id == message.id,
        Reaction.account_id == ctx.account_id,
        Reaction.emoji == emoji,
    )
    existing = (await db.execute(stmt)).scalar_one_or_none()
    if on and existing is None:
        db.add(
            Reaction(message_id=message.id, chat_id=chat.id, account_id=ctx.account_id, emoji=emoji)
        )
    elif not on and existing is not None:
        await db.delete(existing)
    else:
        return
    await db.flush()
    await emit(
        db,
        chat.id,
        "reaction",
        {"message_id": message.id, "emoji": emoji, "account_id": ctx.account_id, "on": on},
    )


async def pin(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str, on: bool) -> None:
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.kind != "direct" and not policy.is_moderator(me.role):
        raise Forbidden("Only moderators can pin messages.")
    message = await _message_in(db, chat.id, message_id)
    if message.deleted_at is not None:
        raise Conflict("The message was deleted.", code="message_deleted")
    if (message.pinned_at is not None) == on:
        return
    message.pinned_at, message.pinned_by = (utcnow(), ctx.account_id) if on else (None, None)
    await emit(db, chat.id, "pin", {"message_id": message.id, "on": on, "by": ctx.account_id})


async def pinned(db: AsyncSession, ctx: OrgContext, chat_id: str) -> list[MessageOut]:
    chat, _ = await visible_chat(db, ctx, chat_id)
    stmt = (
        sa.select(Message)
        .where(Message.chat_id == chat.id, Message.pinned_at.is_not(None))
        .order_by(Message.pinned_at.desc())
        .limit(50)
    )
    return await message_views(
        db, ctx.org_id, list((await db.execute(stmt)).scalars()), ctx.account_id
    )


def _receipts_on(ctx: OrgContext) -> bool:
    if ctx.org.settings.get("read_receipts_students", True):
        return True
    return ctx.roles() != {"student"}


async def mark_read(db: AsyncSession, ctx: OrgContext, chat_id: str, seq: int) -> int:
    """Move my read position forward (never back); other members see it as read receipts."""
    chat, me = await visible_chat(db, ctx, chat_id)
    seq = min(seq, chat.seq)
    if seq <= me.last_read_seq:
        return me.last_read_seq
    me.last_read_seq = seq
    # Not logged: reads are many, and their state is recoverable (chat list, receipts).
    broadcast(db, chat.id, "read", {"account_id": ctx.account_id, "seq": seq})
    return seq


async def receipts(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> Receipts:
    """ "Read by N of M" (groups) or "seen" (direct: N of 1)."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    if not _receipts_on(ctx):
        raise Forbidden("Read receipts are turned off for students.", code="receipts_off")
    message = await _message_in(db, chat.id, message_id)
    stmt = sa.select(ChatMember.account_id, ChatMember.last_read_seq).where(
        ChatMember.chat_id == chat.id,
        ChatMember.status == "active",
        ChatMember.account_id != message.author_id,
    )
    rows: list[tuple[str, int]] = [(a, s) for a, s in (await db.execute(stmt)).all()]
    readers = [a for a, s in rows if s >= message.seq]
    if not ctx.org.settings.get("read_receipts_students", True):
        people = await briefs(db, ctx.org_id, [a for a, _ in rows])
        rows = [(a, s) for a, s in rows if people[a].roles != ("student",)]
        readers = [a for a in readers if people[a].roles != ("student",)]
    names = await briefs(db, ctx.org_id, readers[:50])
    return Receipts(
        read=len(readers), total=len(rows), readers=[names[a].name for a in readers[:50]]
    )
