"""Endpoints: history, send, forward, edit, delete, reactions, pins, read state, receipts."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.messages import service
from parta.messages.schemas import (
    EditIn,
    EditOut,
    ForwardIn,
    HistoryPage,
    MessageOut,
    ReadIn,
    Receipts,
    SendIn,
)

router = APIRouter(prefix="/orgs/{org_id}/chats/{chat_id}", tags=["messages"])


@router.get("/messages", response_model=HistoryPage)
async def history(
    chat_id: str,
    ctx: Ctx,
    db: DB,
    before_seq: int | None = Query(None, ge=0),
    after_seq: int | None = Query(None, ge=0),
    around: str | None = Query(None, max_length=26, description="Message id to centre on"),
    limit: int = Query(50, ge=1, le=100),
) -> HistoryPage:
    """A page of history: the newest messages, or before/after a sequence number, or around
    a message (jump to message)."""
    return await service.history(
        db, ctx, chat_id, before_seq=before_seq, after_seq=after_seq, around_id=around, limit=limit
    )


@router.post("/messages", response_model=MessageOut, status_code=201)
async def send(chat_id: str, body: SendIn, ctx: Ctx, db: DB, response: Response) -> MessageOut:
    """Send a message. Retrying with the same `client_id` returns the stored message (200).
    A message the organisation's word filter holds for moderation answers 202 with kind
    `held` and seq 0: it is not in the chat until a moderator approves it (docs/api/safety.md).
    """
    message, created = await service.send_message(
        db,
        ctx,
        chat_id,
        client_id=body.client_id,
        body=body.body,
        reply_to_id=body.reply_to_id,
        attachment_ids=body.attachment_ids,
        ack_required=body.ack_required,
        ack_question=body.ack_question,
        ack_deadline=body.ack_deadline,
    )
    if message.kind == "held":
        response.status_code = 202
    elif not created:
        response.status_code = 200
    return message


@router.post("/messages/{message_id}/forward", response_model=MessageOut, status_code=201)
async def forward(chat_id: str, message_id: str, body: ForwardIn, ctx: Ctx, db: DB) -> MessageOut:
    """Forward a message into another chat I may post in, keeping the author's name."""
    return await service.forward_message(
        db, ctx, chat_id, message_id, body.to_chat_id, body.client_id
    )


@router.patch("/messages/{message_id}", response_model=MessageOut)
async def edit(chat_id: str, message_id: str, body: EditIn, ctx: Ctx, db: DB) -> MessageOut:
    """Edit my message (within the organisation's window); it is marked edited."""
    return await service.edit_message(db, ctx, chat_id, message_id, body.body)


@router.delete("/messages/{message_id}", status_code=204)
async def delete(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> Response:
    """Delete for everyone (author within the window, or a moderator); leaves a tombstone."""
    await service.delete_message(db, ctx, chat_id, message_id)
    return Response(status_code=204)


@router.get("/messages/{message_id}/edits", response_model=list[EditOut])
async def edits(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> list[EditOut]:
    """Earlier versions of an edited message (moderators)."""
    return await service.edit_history(db, ctx, chat_id, message_id)


@router.put("/messages/{message_id}/reactions/{emoji}", status_code=204)
async def add_reaction(chat_id: str, message_id: str, emoji: str, ctx: Ctx, db: DB) -> Response:
    """React with one of the offered emoji."""
    await service.react(db, ctx, chat_id, message_id, emoji, True)
    return Response(status_code=204)


@router.delete("/messages/{message_id}/reactions/{emoji}", status_code=204)
async def remove_reaction(chat_id: str, message_id: str, emoji: str, ctx: Ctx, db: DB) -> Response:
    """Take my reaction back."""
    await service.react(db, ctx, chat_id, message_id, emoji, False)
    return Response(status_code=204)


@router.put("/messages/{message_id}/pin", status_code=204)
async def pin(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> Response:
    """Pin a message (moderators; either person in a direct chat)."""
    await service.pin(db, ctx, chat_id, message_id, True)
    return Response(status_code=204)


@router.delete("/messages/{message_id}/pin", status_code=204)
async def unpin(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> Response:
    """Unpin a message."""
    await service.pin(db, ctx, chat_id, message_id, False)
    return Response(status_code=204)


@router.get("/pins", response_model=list[MessageOut])
async def pins(chat_id: str, ctx: Ctx, db: DB) -> list[MessageOut]:
    """The chat's pinned messages, newest pin first."""
    return await service.pinned(db, ctx, chat_id)


@router.post("/read", status_code=200)
async def read(chat_id: str, body: ReadIn, ctx: Ctx, db: DB) -> dict[str, int]:
    """Move my read position to `seq` (never backwards)."""
    return {"last_read_seq": await service.mark_read(db, ctx, chat_id, body.seq)}


@router.get("/messages/{message_id}/receipts", response_model=Receipts)
async def receipts(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> Receipts:
    """Read by N of M (groups) or seen (direct chats)."""
    return await service.receipts(db, ctx, chat_id, message_id)
