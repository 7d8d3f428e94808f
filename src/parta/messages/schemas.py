"""Message request and response models."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from parta.acks.schemas import AckOut
from parta.assignments.schemas import AssignmentOut
from parta.calls.schemas import CallOut
from parta.files.schemas import AttachmentOut
from parta.polls.schemas import PollOut


class ReplyRef(BaseModel):
    id: str
    author_name: str | None
    text: str
    deleted: bool


class ReactionCount(BaseModel):
    emoji: str
    count: int
    mine: bool


class Extras(BaseModel):
    """What a message carries beyond text (parta.files, polls, assignments, acks)."""

    attachments: list[AttachmentOut] = []
    poll: PollOut | None = None
    assignment: AssignmentOut | None = None
    ack: AckOut | None = None
    call: CallOut | None = None


class MessageOut(BaseModel):
    id: str
    chat_id: str
    seq: int
    author_id: str | None
    author_name: str | None
    author_verified: bool
    author_avatar_url: str | None = None
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
    attachments: list[AttachmentOut] = []
    poll: PollOut | None = None
    assignment: AssignmentOut | None = None
    ack: AckOut | None = Field(None, description="Set when the message asks to be confirmed")
    call: CallOut | None = Field(None, description="Call messages: the call and its outcome")


class SendIn(BaseModel):
    client_id: str = Field(min_length=1, max_length=64, description="Client-generated, for retries")
    body: str = Field("", max_length=20000, description="May be empty when files are attached")
    reply_to_id: str | None = Field(None, max_length=26)
    attachment_ids: list[str] = Field(
        [], max_length=10, description="Uploads of mine in this chat, not yet attached"
    )
    ack_required: bool = Field(
        False, description="Important: recipients are asked to confirm (teachers, admins)"
    )
    ack_question: str | None = Field(
        None,
        max_length=300,
        description="A permission slip's yes/no question (implies ack_required)",
    )
    ack_deadline: datetime | None = Field(
        None, description="A slip's answers can change until then (future; needs ack_question)"
    )


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
