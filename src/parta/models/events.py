"""Events and the calendar: events of a place (organisation, class, group, chat), people's
answers, sent reminders and personal iCalendar feeds."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, UTCDateTime, created_column, id_column


class Event(Base):
    """An event of one place. `scope` says which: org, class (class_id), group (group_id) or
    chat (chat_id); who is invited follows the place (parta.events.audience).

    Times are stored in UTC; `all_day` events run from midnight to midnight in the
    organisation's time zone (ends_at exclusive). `sequence` grows with every change that
    calendar apps must pick up (iCalendar SEQUENCE).
    """

    __tablename__ = "events"
    __table_args__ = (sa.Index("ix_events_org_starts", "org_id", "starts_at"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(sa.String(10))
    class_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("school_classes.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    all_day: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    online: Mapped[bool] = mapped_column(default=False)
    call_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("calls.id", ondelete="SET NULL"))
    # An online meeting or lesson scheduled with the event: {"mode": group|lesson, "media",
    # "waiting_room", "cameras_teacher_only", "guests"}; started from the event (calls.scheduled).
    call_plan: Mapped[dict[str, object] | None] = mapped_column(sa.JSON)
    # The guest link's secret when the organiser allows guests by name (kept so that the
    # organiser can copy the link again; a guest still waits for the host to let them in).
    guest_code: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    # Chat events with files: the announcement message in the chat that carries them.
    message_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="SET NULL")
    )
    capacity: Mapped[int | None]
    # Minutes before the start, e.g. [1440, 60].
    reminders: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="scheduled")  # or cancelled
    sequence: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()
    cancelled_at: Mapped[datetime | None]


class EventResponse(Base):
    """A person's answer: going, waiting (wanted to go, but the places were taken),
    maybe, not_going. `queued_at` orders the waiting list."""

    __tablename__ = "event_responses"
    __table_args__ = (sa.UniqueConstraint("event_id", "account_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("events.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    answer: Mapped[str] = mapped_column(sa.String(10))
    queued_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = created_column()


class EventReminderSent(Base):
    """A reminder already sent: one row per event, offset and start time, so that each is
    sent once even with several nodes (the unique key), and again if the event moves."""

    __tablename__ = "event_reminders_sent"
    __table_args__ = (sa.UniqueConstraint("event_id", "offset_minutes", "starts_at"),)

    id: Mapped[str] = id_column()
    event_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("events.id", ondelete="CASCADE"))
    offset_minutes: Mapped[int]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime] = created_column()


class CalendarFeed(Base):
    """A person's secret iCalendar feed address; only the token's hash is kept."""

    __tablename__ = "calendar_feeds"

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_column()
