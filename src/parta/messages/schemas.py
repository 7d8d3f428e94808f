"""Message request and response models."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ReplyRef(BaseModel):
    id: str
    author_name: str | None
    text: str
    deleted: bool


class ReactionCount(BaseModel):
    emoji: str
    count: int
    mine: bool


class MessageOut(BaseModel):
    id: str
    chat_id: str
    seq: int
    author_id: str | None
    author_name: str | None
    author_verified: bool
    client_id: str | None
    kind: str
    body: str
    html: str
    reply_to: ReplyRef | None
    forwarded_from: str | None = Field(None, description="Original author's name")
    mentions: list[str]
    mentions_all: bool
    reactions: list[ReactionCount]
    edited_at: datetime | None
    deleted: bool
    pinned: bool
    created_at: datetime


class SendIn(BaseModel):
    client_id: str = Field(min_length=1, max_length=64, description="Client-generated, for retries")
    body: str = Field(max_length=20000)
    reply_to_id: str | None = Field(None, max_length=26)


class ForwardIn(BaseModel):
    client_id: str = Field(min_length=1, max_length=64)
    to_chat_id: str = Field(min_length=1, max_length=26)


class EditIn(BaseModel):
    body: str = Field(max_length=20000)


class ReadIn(BaseModel):
    seq: int = Field(ge=0)


class HistoryPage(BaseModel):
    messages: list[MessageOut]
    has_more_before: bool
    has_more_after: bool
    seq: int = Field(description="The chat's sequence number this page reflects")


class EditOut(BaseModel):
    body: str
    edited_by: str
    edited_at: datetime


class Receipts(BaseModel):
    read: int
    total: int
    readers: list[str] = Field(description="Names of who has read it (groups), newest positions")
