"""Request and response models of safety: safe mode, quiet hours, rate limits, word lists,
held and hidden messages, a parent's rules for their child, teachers' working hours."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from parta.safety.policy import ChatScope, Teachers

HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["19:00"])]
Weekday = Annotated[int, Field(ge=1, le=7)]
ListAction = Literal["hide", "hold"]
AppliesTo = Literal["students", "members", "everyone"]
ChatQuietMode = Literal["org", "off", "custom"]


def _days(value: list[int]) -> list[int]:
    return sorted(set(value))


Days = Annotated[list[Weekday], AfterValidator(_days)]


def _text(value: str) -> str:
    return " ".join(value.replace("\x00", "").split())


Line = Annotated[str, AfterValidator(_text)]


class SafeModeRules(BaseModel):
    enabled: bool = Field(True, description="Safe mode for students (on by default)")
    classmates: bool = Field(True, description="Classmates may write to a student")
    classmate_calls: bool = Field(True, description="Classmates may call a student directly")
    teachers: Teachers = Field(
        "all",
        description="all: every verified teacher may reach a student; own: only the class "
        "teacher and teachers of the student's class and group chats",
    )


class QuietHoursRules(BaseModel):
    enabled: bool = Field(False, description="Quiet hours for the chats listed in `chats`")
    start: HHMM = "19:00"
    end: HHMM = "08:00"
    days_off: Days = Field([6, 7], description="Quiet all day (ISO weekdays, Monday = 1)")
    chats: list[ChatScope] = Field(
        ["class_parents", "parent_direct"],
        description="class_parents: parents' chats of classes; parent_direct: direct chats "
        "with a parent; class: students' class chats; student_direct: direct chats with a "
        "student; group: group chats",
    )


class RateLimits(BaseModel):
    student: int = Field(30, ge=1, le=1000, description="Messages a minute (students)")
    parent: int = Field(30, ge=1, le=1000, description="Messages a minute (parents)")
    staff: int = Field(300, ge=1, le=1000, description="Messages a minute (verified staff)")


class SafetySettings(BaseModel):
    """The organisation's safety rules (parta.safety.settings)."""

    safe_mode: SafeModeRules
    quiet_hours: QuietHoursRules
    rate_limits: RateLimits
    timezone: str = Field(description="The organisation's time zone: quiet hours are in it")


class SafeModePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = Field(None, strict=True)
    classmates: bool | None = Field(None, strict=True)
    classmate_calls: bool | None = Field(None, strict=True)
    teachers: Teachers | None = None


class QuietHoursPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = Field(None, strict=True)
    start: HHMM | None = None
    end: HHMM | None = None
    days_off: Days | None = None
    chats: list[ChatScope] | None = Field(None, max_length=5)


class RateLimitsPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    student: int | None = Field(None, ge=1, le=1000, strict=True)
    parent: int | None = Field(None, ge=1, le=1000, strict=True)
    staff: int | None = Field(None, ge=1, le=1000, strict=True)


class SafetyPatch(BaseModel):
    """Only what is sent changes."""

    model_config = ConfigDict(extra="forbid")

    safe_mode: SafeModePatch | None = None
    quiet_hours: QuietHoursPatch | None = None
    rate_limits: RateLimitsPatch | None = None


# Word lists ------------------------------------------------------------------------------

Entry = Annotated[str, Field(min_length=1, max_length=100)]


class WordListIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Line = Field(min_length=1, max_length=100)
    action: ListAction = Field(
        description="hide: stored, shown as hidden to others; hold: not delivered until a "
        "moderator approves"
    )
    applies_to: AppliesTo = Field(
        "members",
        description="students; members (everyone but verified staff); everyone",
    )
    words: list[Entry] = Field(
        default_factory=list,
        max_length=2000,
        description="Words (any form of them matches), phrases, or prefixes ending in *",
    )
    enabled: bool = True


class WordListPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Line | None = Field(None, min_length=1, max_length=100)
    action: ListAction | None = None
    applies_to: AppliesTo | None = None
    words: list[Entry] | None = Field(None, max_length=2000)
    enabled: bool | None = Field(None, strict=True)


class WordListOut(BaseModel):
    id: str
    name: str
    action: ListAction
    applies_to: AppliesTo
    words: list[str]
    enabled: bool
    updated_at: datetime


class CheckIn(BaseModel):
    text: str = Field(max_length=20000)


class CheckMatch(BaseModel):
    list_id: str
    list_name: str
    action: ListAction
    entry: str = Field(description="The list entry that matched")
    found: str = Field(description="The words of the text that matched it")


class CheckOut(BaseModel):
    action: ListAction | None = Field(description="What would happen to a message (null: sent)")
    matches: list[CheckMatch]


# Held and hidden messages ----------------------------------------------------------------


class QueuePerson(BaseModel):
    account_id: str
    name: str


class QueueChat(BaseModel):
    id: str
    kind: str
    title: str


class QueueItem(BaseModel):
    """A message the filter held back (kind held) or hid (kind hidden)."""

    kind: Literal["held", "hidden"]
    id: str = Field(description="The held message's id, or the hidden message's id")
    chat: QueueChat
    author: QueuePerson
    body: str
    matched: list[str]
    attachments: int = 0
    status: str = Field(
        description="held: pending, approved, rejected; hidden: hidden, restored, kept"
    )
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: QueuePerson | None = None
    reason: str = ""


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None


class RejectIn(BaseModel):
    reason: Line = Field("", max_length=500, description="Told to the author (optional)")


class MyHeld(BaseModel):
    id: str
    client_id: str
    body: str
    status: Literal["pending", "rejected"]
    reason: str
    created_at: datetime


class HiddenText(BaseModel):
    """The text of a hidden message, for its author and the chat's handlers."""

    message_id: str
    body: str
    html: str
    matched: list[str] = Field(description="What the filter found (handlers only)")
    status: Literal["hidden", "restored", "kept"]
    may_decide: bool = Field(description="Whether I may restore it or keep it hidden")


# Quiet hours of a chat, working hours, the chat's notice ---------------------------------


class ChatQuietIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: ChatQuietMode = Field(
        description="org: the organisation's quiet hours; off: none in this chat; custom"
    )
    start: HHMM = "19:00"
    end: HHMM = "08:00"
    days_off: Days = Field(default_factory=list)


class ChatQuiet(BaseModel):
    mode: ChatQuietMode
    start: str
    end: str
    days_off: list[int]


class QuietState(BaseModel):
    active: bool = Field(description="Quiet hours now: notifications wait until `until`")
    until: datetime | None = None
    until_local: str | None = Field(None, description='"08:00" in the organisation\'s zone')
    until_weekday: int | None = Field(None, description="ISO weekday of `until` (local)")
    source: Literal["org", "chat"] | None = None


class WorkingHoursIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: Days = Field(min_length=1)
    start: HHMM
    end: HHMM
    note: Line = Field("", max_length=200)


class WorkingHoursOut(BaseModel):
    account_id: str
    enabled: bool
    days: list[int] = []
    start: str = ""
    end: str = ""
    note: str = ""
    now_within: bool = Field(False, description="Whether now is inside the working hours")
    timezone: str = ""


class ChatSafety(BaseModel):
    """What the chat shows to those writing in it."""

    quiet: QuietState
    quiet_rule: ChatQuiet
    may_edit_quiet: bool
    working_hours: WorkingHoursOut | None = Field(
        None, description="Direct chats: the other person's working hours, if they set any"
    )
    handler: bool = Field(description="I moderate the filter's messages in this chat")
    held: list[MyHeld] = Field(description="My messages held for moderation in this chat")


# A parent's rules for their child --------------------------------------------------------


class ChildRulesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    classmates: bool = Field(strict=True)
    classmate_calls: bool = Field(strict=True)
    teachers: Teachers


class ChildRulesOut(BaseModel):
    student_id: str
    name: str
    class_label: str | None
    chosen: ChildRulesIn = Field(description="What the parent chose")
    org: SafeModeRules = Field(description="The organisation's rules: the child's never exceed")
    effective: SafeModeRules = Field(description="What applies to the child")
