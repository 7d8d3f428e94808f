"""Request and response models of moderation: reports, actions, settings, blocks and
administrators' access to chats. The trust line's are in parta.moderation.trust.schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from parta.members.schemas import MemberBrief
from parta.messages.schemas import HistoryPage
from parta.moderation.policy import Action, Outcome, Reason

Status = Literal["open", "closed"]


def _text(value: str) -> str:
    return value.replace("\x00", "").strip()


# Text as people type it: NUL (which PostgreSQL refuses) dropped, spaces around trimmed.
Text = Annotated[str, AfterValidator(_text)]


class PersonRef(BaseModel):
    """A person as the organisation knows them: name and badge, never contact details."""

    account_id: str
    name: str
    verified: bool = False


class ChatRef(BaseModel):
    id: str
    kind: str
    title: str


class ReportIn(BaseModel):
    """A report of a message (`chat_id` and `message_id`) or of a person (`account_id`)."""

    kind: Literal["message", "person"]
    reason: Reason
    comment: Text = Field("", max_length=1000)
    chat_id: str | None = Field(None, max_length=26)
    message_id: str | None = Field(None, max_length=26)
    account_id: str | None = Field(None, max_length=26)


class EvidenceFile(BaseModel):
    name: str
    kind: str
    size: int


class EvidenceMessage(BaseModel):
    """One message as it was when the report was made."""

    id: str
    seq: int
    author: PersonRef | None
    kind: str
    body: str
    deleted: bool = Field(description="Already deleted when the report was made")
    edited_at: datetime | None
    created_at: datetime
    files: list[EvidenceFile] = []
    reported: bool = Field(False, description="The message the report is about")


class EvidenceEdit(BaseModel):
    body: str
    edited_at: datetime


class Evidence(BaseModel):
    """The snapshot, and what has happened to the message since."""

    messages: list[EvidenceMessage] = Field(description="The context in order, reported one marked")
    edits: list[EvidenceEdit] = Field(description="Earlier versions of the reported message")
    deleted_since: bool = Field(description="The message has been deleted since the report")
    deleted_by_author: bool = Field(description="...and its author deleted it")
    deleted_at: datetime | None
    edited_since: bool


class ActionTaken(BaseModel):
    action: str
    actor: PersonRef
    data: dict[str, object]
    created_at: datetime


class SilenceOut(BaseModel):
    id: str
    chat: ChatRef
    person: PersonRef
    until: datetime


class ReportOut(BaseModel):
    """A report as its handlers see it (`as_handler`), or as its reporter does: then the
    internal note, the context, the history and the actions are left out."""

    id: str
    kind: str
    reason: str
    comment: str
    status: Status
    outcome: str | None
    reply: str = Field(description="The handler's words to the reporter, with the outcome")
    note: str = Field(description="Internal note of the handlers (empty for the reporter)")
    created_at: datetime
    closed_at: datetime | None
    as_handler: bool
    reporter: PersonRef
    target: PersonRef
    chat: ChatRef | None
    evidence: Evidence | None
    history: list[ActionTaken] = []
    actions: list[str] = Field([], description="Actions this handler may take now")
    silence: SilenceOut | None = Field(None, description="The person's silence in the chat")
    suspended: bool = False


class ReportRow(BaseModel):
    id: str
    kind: str
    reason: str
    status: Status
    outcome: str | None
    created_at: datetime
    closed_at: datetime | None
    reporter: PersonRef | None = Field(None, description="Handlers' queue only")
    target: PersonRef
    chat: ChatRef | None
    excerpt: str = Field(description="The beginning of the reported message")
    reply: str = Field("", description="The handler's words to the reporter, once closed")


class ReportPage(BaseModel):
    items: list[ReportRow]
    next_cursor: str | None
    counts: dict[str, int] = Field(description="Reports per status in this list")


class ActionIn(BaseModel):
    action: Action
    minutes: int | None = Field(
        None, ge=1, le=60 * 24 * 30, description="silence: how long (5 min to 30 days)"
    )
    note: Text = Field("", max_length=1000, description="Why (kept in the report's history)")


class CloseIn(BaseModel):
    outcome: Outcome
    note: Text = Field("", max_length=2000, description="Internal: handlers only")
    reply: Text = Field("", max_length=1000, description="Shown to the reporter")


class Overview(BaseModel):
    """What the moderation section shows this person."""

    handler: bool = Field(description="Handles reports (moderates a chat or safeguarding)")
    safeguarding: bool
    admin: bool
    responder: bool = Field(description="Answers the trust line")
    open_reports: int
    unread_trust: int


class SafeguardingSettings(BaseModel):
    staff: list[MemberBrief] = Field(description="Designated safeguarding staff")
    admins_by_default: bool = Field(description="Nobody designated: administrators handle")
    trust_responders: list[MemberBrief]
    trust_everyone: bool = Field(description="Every member may write to the trust line")


class SafeguardingPatch(BaseModel):
    staff_ids: list[str] | None = Field(None, max_length=50, description="Membership ids")
    trust_responder_ids: list[str] | None = Field(None, max_length=20)
    trust_everyone: bool | None = None


class SuspensionOut(BaseModel):
    id: str
    person: PersonRef
    reason: str
    report_id: str | None
    created_at: datetime
    created_by: PersonRef


class LiftIn(BaseModel):
    note: Text = Field("", max_length=1000)


class BlockIn(BaseModel):
    account_id: str = Field(min_length=1, max_length=26)


class BlockOut(BaseModel):
    account_id: str
    name: str
    created_at: datetime


class ChatAccessIn(BaseModel):
    chat_id: str = Field(min_length=1, max_length=26)
    reason: Text = Field(max_length=1000, description="Why: at least 10 characters, audited")
    hours: int = Field(1, ge=1, le=24)


class ChatAccessOut(BaseModel):
    id: str
    chat: ChatRef
    reason: str
    expires_at: datetime
    created_at: datetime
    active: bool


class ChatPick(BaseModel):
    id: str
    kind: str
    title: str = Field(description="Direct chats: the two people's names")
    members: int


class AccessHistory(HistoryPage):
    """A page of a chat's history read through a recorded access."""

    access: ChatAccessOut
