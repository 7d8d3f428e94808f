"""Request and response models of the trust line."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from parta.moderation.schemas import Text

Side = Literal["writer", "responder", "event"]


class Responder(BaseModel):
    """Someone who answers the trust line, as writers see them."""

    membership_id: str
    name: str
    title: str = Field(description='Their title, e.g. "Педагог-психолог"')
    avatar_url: str | None = None


class TrustInfo(BaseModel):
    available: bool = Field(description="Somebody answers the trust line here")
    may_write: bool = Field(description="I may write (students; everyone if the school allows)")
    everyone: bool
    responder: bool = Field(description="I answer the trust line")
    responders: list[Responder]


class ThreadIn(BaseModel):
    responder_id: str = Field(min_length=1, max_length=26, description="A responder's membership")
    anonymous: bool = Field(True, description="Keep my name from the responder")
    body: Text = Field(max_length=4000)


class EntryIn(BaseModel):
    body: Text = Field(max_length=4000)


class EscalateIn(BaseModel):
    reason: Text = Field(max_length=2000, description="Why the writer must be identified")


class Writer(BaseModel):
    """The writer as the responder sees them: a pseudonym until they are revealed."""

    anonymous: bool
    label: str = Field(description='"Аноним · Синий кит 27", or the name once revealed')
    name: str | None = None
    class_label: str | None = None
    account_id: str | None = Field(None, description="Only once the writer is revealed")


class Entry(BaseModel):
    id: str
    side: Side
    mine: bool
    author: str = Field(description="The responder's name, the writer's label, or empty")
    event: str | None
    body: str
    created_at: datetime


class Thread(BaseModel):
    id: str
    status: Literal["open", "closed"]
    my_side: Literal["writer", "responder"]
    anonymous: bool
    escalated: bool
    escalated_at: datetime | None
    escalation_reason: str = Field(description="The responder's reason (responders only)")
    responder: Responder
    writer: Writer | None = Field(None, description="Responders only")
    unread: bool
    preview: str
    last_activity_at: datetime
    created_at: datetime
    entries: list[Entry] = Field([], description="The thread (in the single thread's answer)")


class ThreadPage(BaseModel):
    items: list[Thread]
    next_cursor: str | None
