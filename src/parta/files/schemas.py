"""Attachment models shown inside messages and in a chat's files tab."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

AttachmentKind = Literal["image", "video", "audio", "voice", "file"]


class AttachmentOut(BaseModel):
    id: str
    kind: AttachmentKind
    name: str
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    url: str = Field(description="Download address: signed, expires; needs a member's session")
    thumb_url: str | None = Field(None, description="Small picture (images and videos)")
    preview_url: str | None = Field(None, description="Screen-sized picture (images)")
    created_at: datetime


class FileTabItem(BaseModel):
    attachment: AttachmentOut
    message_id: str
    author_name: str | None
    created_at: datetime = Field(description="When the message carrying the file was sent")


class FileTabPage(BaseModel):
    items: list[FileTabItem]
    next_before: str | None = Field(
        None, description="Pass as `before` for the next (older) page; null at the end"
    )
