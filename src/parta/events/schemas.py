"""Events as the API takes and gives them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from parta.calls.schemas import CallPlan
from parta.files.schemas import AttachmentOut

Scope = Literal["org", "class", "group", "chat"]
Kind = Literal[
    "parent_meeting",
    "teachers_council",
    "class_hour",
    "excursion",
    "olympiad",
    "contest",
    "club",
    "other",
]
Answer = Literal["going", "not_going", "maybe"]
# What a person's answer became: "waiting" when they asked to go and the places were taken.
State = Literal["going", "waiting", "not_going", "maybe"]

MAX_REMINDER_MINUTES = 28 * 24 * 60  # four weeks
MAX_REMINDERS = 5


def _check_reminders(value: list[int] | None) -> list[int] | None:
    if value is None:
        return None
    if len(value) > MAX_REMINDERS:
        raise ValueError(f"at most {MAX_REMINDERS} reminders")
    if any(m < 0 or m > MAX_REMINDER_MINUTES for m in value):
        raise ValueError(f"reminders are minutes before the start, 0 to {MAX_REMINDER_MINUTES}")
    return sorted(set(value), reverse=True)


class EventIn(BaseModel):
    """A new event. Timed events give `starts_at`/`ends_at` as ISO 8601 with an offset;
    all-day events give `start_date`/`end_date` (inclusive) in the organisation's zone."""

    model_config = ConfigDict(extra="forbid")

    scope: Scope
    class_id: str | None = None
    group_id: str | None = None
    chat_id: str | None = None
    kind: Kind = "other"
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10000)
    all_day: bool = False
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    start_date: date | None = None
    end_date: date | None = None
    place: str = Field(default="", max_length=300)
    online: bool = False
    call_id: str | None = None
    call: CallPlan | None = Field(
        default=None, description="Plan an online meeting or lesson, started from the event"
    )
    capacity: int | None = Field(default=None, ge=1, le=100000)
    reminders: list[int] = Field(default_factory=lambda: [1440, 60])
    attachment_ids: list[str] = Field(default_factory=list, max_length=10)

    _reminders = field_validator("reminders")(_check_reminders)


class EventPatch(BaseModel):
    """Changes to an event; absent fields stay. Moving an all-day event: give `start_date`
    and `end_date`; a timed one: `starts_at` and `ends_at` (with `all_day` to switch)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10000)
    all_day: bool | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = Field(default=None, max_length=300)
    online: bool | None = None
    call_id: str | None = None
    call: CallPlan | None = Field(default=None, description="Plan (or re-plan) the call")
    clear_call: bool = Field(False, description="Unlink the call and drop the plan")
    capacity: int | None = Field(default=None, ge=1, le=100000)
    clear_capacity: bool = False
    reminders: list[int] | None = None

    _reminders = field_validator("reminders")(_check_reminders)


class RsvpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Answer


class PersonRef(BaseModel):
    account_id: str
    name: str


class Counts(BaseModel):
    going: int = 0
    waiting: int = 0
    maybe: int = 0
    not_going: int = 0
    no_answer: int | None = None  # filled in an event's detail and the answers, not lists


class EventOut(BaseModel):
    """An event as the viewer sees it; `my_answer`/`my_waiting_position` are the viewer's,
    `counts` are visible to everyone invited (names only to the organiser)."""

    id: str
    org_id: str
    scope: Scope
    class_id: str | None
    group_id: str | None
    chat_id: str | None
    place_label: str  # "5А", the group's or chat's name, or the organisation's
    kind: str
    title: str
    description: str
    description_html: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    start_date: date | None
    end_date: date | None  # inclusive, for all-day events
    timezone: str
    place: str
    online: bool
    call_id: str | None
    call_plan: CallPlan | None = None
    guest_url: str | None = Field(
        None, description="The guest link (guests by name), for those who manage the event"
    )
    capacity: int | None
    places_left: int | None
    reminders: list[int]
    status: Literal["scheduled", "cancelled"]
    sequence: int
    organiser: PersonRef
    may_manage: bool
    my_answer: State | None
    my_waiting_position: int | None
    counts: Counts
    attachments: list[AttachmentOut]  # chat events only: the files of `message_id`
    message_id: str | None
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None


class ResponseRow(BaseModel):
    account_id: str
    name: str
    roles: list[str]
    answer: State | None
    waiting_position: int | None
    answered_at: datetime | None


class FamilyRow(BaseModel):
    """A family of the class: its children and its parents' answers."""

    children: list[str]
    parents: list[ResponseRow]
    answer: State | None  # the best answer among the family's parents


class ResponsesOut(BaseModel):
    event_id: str
    counts: Counts
    people: list[ResponseRow]
    families: list[FamilyRow] | None  # class events: parents grouped by family


class FeedOut(BaseModel):
    """The personal feed: `url` is shown once, when the address is (re)generated."""

    active: bool
    created_at: datetime | None
    url: str | None = None
