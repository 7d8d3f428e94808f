"""Support requests and suggestions as the API shows them."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parta.kit.pagination import Page
from parta.support.policy import Side, Status

MAX_SUBJECT = 200
MAX_BODY = 8000
MAX_FILES = 5

SuggestionStatus = Literal["new", "planned", "done", "declined"]
EntryKind = Literal["reply", "note", "event"]
EventName = Literal["escalated", "closed", "reopened", "answered"]


def clean_text(text: str) -> str:
    """Text without control characters (line breaks and tabs kept), trimmed."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        c for c in text if c in "\n\t" or not unicodedata.category(c).startswith("C")
    ).strip()


def clean_line(text: str) -> str:
    """One line: control characters and runs of spaces become single spaces."""
    text = unicodedata.normalize("NFC", text)
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())


class SupportTicketIn(BaseModel):
    """A new request (multipart fields, with up to 5 `files`)."""

    model_config = ConfigDict(extra="forbid")

    subject: str = Field(min_length=1, max_length=MAX_SUBJECT)
    body: str = Field(min_length=1, max_length=MAX_BODY)
    to_platform: bool = Field(
        False,
        description="Administrators only: send it straight to platform support (escalated)",
    )

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str) -> str:
        value = clean_line(value)
        if not value:
            raise ValueError("required")
        return value

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        value = clean_text(value)
        if not value:
            raise ValueError("required")
        return value


class SupportReplyIn(BaseModel):
    """A reply or an internal note (multipart fields, with up to 5 `files`)."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field("", max_length=MAX_BODY, description="May be empty when files are sent")
    internal: bool = Field(
        False, description="A note for staff only (administrators and the operator)"
    )

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return clean_text(value)


class SupportStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status


class SupportEscalateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(
        "", max_length=MAX_BODY, description="What the operator should know (an internal note)"
    )

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        return clean_text(value)


class SupportPersonOut(BaseModel):
    account_id: str
    name: str
    roles: list[str] = Field(description="The requester's roles in the organisation (staff)")


class SupportFileOut(BaseModel):
    id: str
    kind: Literal["image", "video", "audio", "voice", "file"]
    name: str
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    url: str = Field(description="Download address: signed, expires; needs a reader's session")
    thumb_url: str | None = None
    preview_url: str | None = None


class SupportEntryOut(BaseModel):
    id: str
    kind: EntryKind
    event: EventName | None = None
    side: Side
    author: SupportPersonOut | None = Field(
        description="None for the platform's entries outside the operator's console "
        '(shown as "Platform support")'
    )
    mine: bool
    body: str
    html: str = Field(description="The body as safe HTML (the message Markdown subset)")
    files: list[SupportFileOut]
    created_at: datetime


class SupportTicketOut(BaseModel):
    id: str
    org_id: str
    org_name: str
    subject: str
    status: Status
    escalated: bool = Field(description="Passed on to platform support")
    escalated_at: datetime | None
    requester: SupportPersonOut
    last_side: Side = Field(description="Who wrote last: requester, org or platform")
    last_activity_at: datetime
    created_at: datetime


class SupportInboxPage(Page[SupportTicketOut]):
    counts: dict[str, int] = Field(description="Requests per status in the whole inbox")


class SupportActionsOut(BaseModel):
    """What the caller may do now (the server checks again on every request)."""

    reply: bool
    note: bool
    escalate: bool
    statuses: list[Status]


class SupportTicketDetailOut(SupportTicketOut):
    my_side: Side
    entries: list[SupportEntryOut]
    actions: SupportActionsOut


class SuggestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=MAX_SUBJECT)
    body: str = Field("", max_length=4000)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        value = clean_line(value)
        if not value:
            raise ValueError("required")
        return value

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return clean_text(value)


class SuggestionOut(BaseModel):
    id: str
    title: str
    body: str
    status: SuggestionStatus
    reply: str = Field(description="The operator's answer")
    decided_at: datetime | None
    created_at: datetime


class PlatformSuggestionOut(SuggestionOut):
    """The operator's view: who suggested it, from which organisation."""

    org_id: str
    org_name: str
    author: SupportPersonOut


class SuggestionPage(Page[PlatformSuggestionOut]):
    counts: dict[str, int] = Field(description="Suggestions per status")


class SuggestionDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: SuggestionStatus
    reply: str | None = Field(None, max_length=4000, description="An answer the author sees")

    @field_validator("reply")
    @classmethod
    def _reply(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)
