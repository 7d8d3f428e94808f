"""Calls and online lessons: the call, who takes part, and attendance intervals."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Call(Base):
    """A call in a chat; its message (kind "call") shows it in the history.

    mode: direct (peer-to-peer between the two people of a direct chat), group (Janus room),
    lesson (Janus room with a waiting room and teacher controls). At most one running call
    per chat (ended_at empty), kept by the partial unique index.
    """

    __tablename__ = "calls"
    __table_args__ = (
        sa.Index(
            "uq_calls_running_per_chat",
            "chat_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        ),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="SET NULL")
    )
    mode: Mapped[str] = mapped_column(sa.String(10))
    media: Mapped[str] = mapped_column(sa.String(10))  # audio, video
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    # The event this call was scheduled for: the event's invited people may join it (and
    # guests by name, when the organiser allowed them) without being members of the chat.
    # No foreign key: events already point at calls, and the cycle would need ALTER TABLE.
    event_id: Mapped[str | None] = mapped_column(ID, index=True)
    started_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    # Settings and state: locked, waiting_room, cameras_teacher_only, all_muted, link_access
    # ("chat": members of the chat; "org": any member of the organisation, who waits to be
    # let in).
    settings: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    janus_room: Mapped[int | None] = mapped_column(sa.BigInteger)
    started_at: Mapped[datetime] = created_column()
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(sa.String(20))


class CallParticipant(Base):
    """A person's place in a call.

    state: invited (direct: ringing), waiting (lesson waiting room), joined, left, declined,
    removed. Host controls live here so that they outlast a reconnect.
    """

    __tablename__ = "call_participants"
    __table_args__ = (sa.UniqueConstraint("call_id", "account_id"),)

    id: Mapped[str] = id_column()
    call_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("calls.id", ondelete="CASCADE"))
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(sa.String(10))
    # How they came in: chat (a member of the call's chat), event (invited to the call's
    # event), link (a member of the organisation with the call's link), guest (by name).
    # Everyone but chat members hears of the call through notify, not the chat.
    via: Mapped[str] = mapped_column(sa.String(10), default="chat")
    host: Mapped[bool] = mapped_column(default=False)
    # The device (session) that joined: signalling goes to that device only.
    session_id: Mapped[str | None] = mapped_column(ID, index=True)
    muted_by_host: Mapped[bool] = mapped_column(default=False)
    camera_off_by_host: Mapped[bool] = mapped_column(default=False)
    may_share_screen: Mapped[bool] = mapped_column(default=False)
    hand_raised_at: Mapped[datetime | None]
    admitted_at: Mapped[datetime | None]  # lessons: let in from the waiting room
    # What the device publishes on Janus: {"camera"|"screen": {"feed": id, "streams": [...]}}
    # (feed ids and stream mids, for the host's mute/camera/kick requests from any node).
    media: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]
    # Set when the joined device's socket closed; cleared when it is back. A device gone for
    # longer than the grace period has left (parta.calls.liveness).
    disconnected_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class CallAttendance(Base):
    """One stretch of time a person spent in a call (a reconnect starts a new one)."""

    __tablename__ = "call_attendance"

    id: Mapped[str] = id_column()
    call_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("calls.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = created_column()
    left_at: Mapped[datetime | None]
