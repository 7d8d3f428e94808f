"""Endpoint: catch up after a reconnect."""

from __future__ import annotations

from fastapi import APIRouter, Query

from parta.auth.deps import CurrentActor
from parta.deps import DB
from parta.kit.errors import Unprocessable
from parta.sync import service
from parta.sync.schemas import SyncIn, SyncOut

router = APIRouter(tags=["sync"])


def _parse_cursors(raw: str) -> dict[str, int]:
    cursors: dict[str, int] = {}
    for part in filter(None, raw.split(",")):
        chat_id, sep, seq = part.partition(":")
        if not sep or not seq.isdigit() or len(chat_id) > 26:
            raise Unprocessable(
                "cursors must look like CHAT_ID:SEQ,CHAT_ID:SEQ", fields={"cursors": "malformed"}
            )
        cursors[chat_id] = int(seq)
    return cursors


@router.get("/sync", response_model=SyncOut)
async def sync_get(
    actor: CurrentActor, db: DB, cursors: str = Query("", max_length=60_000)
) -> SyncOut:
    """What I missed: pass `cursors=CHAT:SEQ,...` (last applied sequence per chat). Returns all
    my chats with their current sequence, the missed events of those chats in order, chats to
    reload (too far behind) and chats I no longer belong to."""
    return await service.sync(db, actor, _parse_cursors(cursors))


@router.post("/sync", response_model=SyncOut)
async def sync_post(body: SyncIn, actor: CurrentActor, db: DB) -> SyncOut:
    """The same as GET /sync, with the cursors in a JSON body (for clients with many chats)."""
    return await service.sync(db, actor, body.cursors)
