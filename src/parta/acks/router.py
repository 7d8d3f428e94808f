"""Endpoints: confirming important messages, who has confirmed, reminders."""

from __future__ import annotations

from fastapi import APIRouter

from parta.acks import service
from parta.acks.schemas import AckOut, AcksOut, RemindOut
from parta.auth.deps import Ctx
from parta.deps import DB

router = APIRouter(prefix="/orgs/{org_id}/chats/{chat_id}/messages/{message_id}", tags=["acks"])


@router.post("/ack", response_model=AckOut)
async def confirm(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> AckOut:
    """Confirm an important message (recipients; doing it again changes nothing). 409
    `own_message` for its author, `ack_not_required` for a message that does not ask."""
    return await service.confirm(db, ctx, chat_id, message_id)


@router.get("/acks", response_model=AcksOut)
async def acks(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> AcksOut:
    """Who has confirmed and who has not; in a class's parents' chat also by family (a
    child's parents count once). The author and the chat's moderators (403 otherwise)."""
    return await service.report(db, ctx, chat_id, message_id)


@router.post("/acks/remind", response_model=RemindOut)
async def remind(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> RemindOut:
    """Send `ack.reminder` to everyone who has not confirmed (the author; once an hour,
    429 `remind_too_soon` with Retry-After)."""
    return await service.remind(db, ctx, chat_id, message_id)
