"""Messages the word filter hid: stored as messages of kind `hidden` with no text (so no
reader of messages — history, events, search, previews, pushes, exports — carries the
words), their text kept in `safety_hidden_messages` for the author and the handlers.

A handler may restore one (it becomes an ordinary text message for everyone, announced as
an edit) or keep it hidden (the decision closes it in the queue)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, not_found
from parta.kit.ids import is_id
from parta.messages import render
from parta.messages.views import message_views
from parta.models import Chat, ChatMember, HiddenMessage, Message
from parta.realtime.log import emit, notify
from parta.safety.handlers import handler_accounts, is_handler
from parta.safety.held import queue_items
from parta.safety.schemas import HiddenText, QueueItem

KIND = "hidden"


async def keep_text(db: AsyncSession, message: Message, body: str, matched: list[str]) -> None:
    """Called by the send path right after the hidden message's row is written."""
    db.add(
        HiddenMessage(
            message_id=message.id,
            org_id=message.org_id,
            chat_id=message.chat_id,
            author_id=message.author_id,
            body=body,
            matched=matched,
            created_at=message.created_at,
        )
    )
    await db.flush()
    await announce(db, message, exclude=message.author_id or "")


async def _names(db: AsyncSession, org_id: str, body: str, chat_id: str) -> dict[str, str]:
    ids = render.mentioned_ids(body)
    if not ids:
        return {}
    stmt = sa.select(ChatMember.account_id).where(
        ChatMember.chat_id == chat_id, ChatMember.account_id.in_(ids), ChatMember.status == "active"
    )
    members = set((await db.execute(stmt)).scalars())
    return {a: b.name for a, b in (await briefs(db, org_id, members)).items()}


async def _row(db: AsyncSession, chat_id: str, message_id: str) -> tuple[Message, HiddenMessage]:
    message = await db.get(Message, message_id) if is_id(message_id) else None
    row = await db.get(HiddenMessage, message_id) if message is not None else None
    if message is None or row is None or message.chat_id != chat_id:
        raise not_found("message")
    return message, row


async def read_text(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> HiddenText:
    """The hidden text, for its author and the chat's handlers (403 for other members)."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    message, row = await _row(db, chat.id, message_id)
    handler = await is_handler(db, ctx, chat)
    if not handler and row.author_id != ctx.account_id:
        raise Forbidden(
            "Only its author and the chat's moderators can read a hidden message.",
            code="hidden_message",
        )
    names = await _names(db, chat.org_id, row.body, chat.id)
    return HiddenText(
        message_id=message.id,
        body=row.body,
        html=render.render(row.body, names),
        matched=list(row.matched or []) if handler else [],
        status=row.status,  # type: ignore[arg-type]
        may_decide=handler and row.status == "hidden",
    )


async def _decided(
    db: AsyncSession, ctx: OrgContext, message_id: str
) -> tuple[Message, HiddenMessage]:
    message = await db.get(Message, message_id) if is_id(message_id) else None
    row = await db.get(HiddenMessage, message_id) if message is not None else None
    if message is None or row is None or row.org_id != ctx.org_id:
        raise not_found("message")
    found = await db.get(Chat, row.chat_id)
    if found is None or not await is_handler(db, ctx, found):
        raise not_found("message")
    await db.execute(
        sa.select(HiddenMessage.message_id)
        .where(HiddenMessage.message_id == row.message_id)
        .with_for_update()
    )
    await db.refresh(row)
    if row.status != "hidden":
        raise Conflict("Someone has already decided about this message.", code="already_decided")
    return message, row


async def restore(db: AsyncSession, ctx: OrgContext, message_id: str, *, ip: str) -> QueueItem:
    """Show the message to everyone after all (announced as `message.edited`)."""
    message, row = await _decided(db, ctx, message_id)
    if message.deleted_at is None and message.kind == KIND:
        names = await _names(db, message.org_id, row.body, message.chat_id)
        message.kind, message.body = "text", row.body
        message.html, message.mentions = render.render(row.body, names), list(names)
        await db.flush()
        (neutral,) = await message_views(db, message.org_id, [message], None)
        await emit(db, message.chat_id, "message.edited", neutral.model_dump(mode="json"))
    row.status, row.decided_by, row.decided_at = "restored", ctx.account_id, utcnow()
    await _audit(db, ctx, row, "safety.hidden_restored", ip)
    return (await queue_items(db, ctx, [], [row]))[0]


async def keep_hidden(db: AsyncSession, ctx: OrgContext, message_id: str, *, ip: str) -> QueueItem:
    """Confirm it stays hidden (closes it in the queue)."""
    _, row = await _decided(db, ctx, message_id)
    row.status, row.decided_by, row.decided_at = "kept", ctx.account_id, utcnow()
    await _audit(db, ctx, row, "safety.hidden_kept", ip)
    return (await queue_items(db, ctx, [], [row]))[0]


async def announce(db: AsyncSession, message: Message, exclude: str) -> None:
    """Tell the handlers there is a hidden message to look at."""
    chat = await db.get(Chat, message.chat_id)
    if chat is None:
        return
    handlers = await handler_accounts(db, chat)
    handlers.discard(exclude)
    if handlers:
        notify(
            db,
            tuple(sorted(handlers)),
            "safety.queue",
            {"id": message.id, "kind": "hidden", "chat_id": chat.id},
        )


async def _audit(
    db: AsyncSession, ctx: OrgContext, row: HiddenMessage, action: str, ip: str
) -> None:
    await record(
        db,
        action,
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="message",
        target_id=row.message_id,
        ip=ip,
        data={"chat_id": row.chat_id, "author_id": row.author_id},
    )
