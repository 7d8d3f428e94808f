"""Sync request and response models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from parta.chats.schemas import ChatOut


class SyncIn(BaseModel):
    cursors: dict[str, int] = Field(
        default_factory=dict, description="chat id → last sequence number the client applied"
    )


class SyncEvent(BaseModel):
    type: str
    chat_id: str
    seq: int
    data: dict[str, Any]


class SyncOut(BaseModel):
    chats: list[ChatOut] = Field(description="All my chats, with their current sequence numbers")
    events: list[SyncEvent] = Field(description="Missed events of the chats in `cursors`, in order")
    reset: list[str] = Field(description="Chats with too many missed events: reload their history")
    removed: list[str] = Field(description="Chats in `cursors` I no longer belong to")
