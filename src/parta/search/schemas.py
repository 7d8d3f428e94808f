"""Search response models."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    message_id: str
    chat_id: str
    chat_kind: str
    chat_title: str = Field(description="For a direct chat, the other person's name")
    seq: int = Field(description="The message's number in its chat (to open history around it)")
    author_id: str | None
    author_name: str | None
    created_at: datetime
    edited: bool
    snippet: str = Field(
        description="HTML: the message text around the first hit, escaped, with the words "
        "that matched in <mark>…</mark> (the only markup it contains)"
    )


class SearchPage(BaseModel):
    items: list[SearchHit] = Field(description="Newest first")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for older results")
