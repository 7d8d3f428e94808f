"""The API bots call with `Authorization: Bearer pbt_…` (see docs/api/integrations.md)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from parta.deps import DB
from parta.integrations import bot_api
from parta.integrations.bot_auth import BotAuth
from parta.integrations.schemas import BotChat, BotMe, BotSendIn
from parta.messages.schemas import HistoryPage, MessageOut

router = APIRouter(prefix="/bot", tags=["bot API"])


@router.get("/me", response_model=BotMe)
async def me(caller: BotAuth) -> BotMe:
    """The bot, its organisation and its token's scopes (any valid token)."""
    return bot_api.me(caller)


@router.get("/chats", response_model=list[BotChat])
async def chats(caller: BotAuth, db: DB) -> list[BotChat]:
    """Chats the bot was added to (scope `chats:read`)."""
    return await bot_api.chats(db, caller)


@router.get("/chats/{chat_id}/messages", response_model=HistoryPage)
async def history(
    chat_id: str,
    caller: BotAuth,
    db: DB,
    before_seq: int | None = Query(None, ge=0),
    after_seq: int | None = Query(None, ge=0),
    limit: int = Query(50, ge=1, le=100),
) -> HistoryPage:
    """History of a chat the bot is in (scope `chats:read`; 404 for other chats)."""
    return await bot_api.history(
        db, caller, chat_id, before_seq=before_seq, after_seq=after_seq, limit=limit
    )


@router.post("/chats/{chat_id}/messages", response_model=MessageOut, status_code=201)
async def send(
    chat_id: str, body: BotSendIn, caller: BotAuth, db: DB, response: Response
) -> MessageOut:
    """Post Markdown into a chat the bot is in (scope `messages:write`; 404 for other
    chats). Retrying with the same `client_id` returns the stored message (200)."""
    message, created = await bot_api.send(
        db, caller, chat_id, client_id=body.client_id, body=body.body
    )
    if not created:
        response.status_code = 200
    return message
