"""Safety for students: the organisation's word lists, messages the filter held back or
hid, a parent's tightening of safe mode for their child, and teachers' working hours.

The organisation-wide settings (safe mode, quiet hours, rate limits) live under `safety`
in `Org.settings`; a chat's own quiet hours under `quiet_hours` in `Chat.settings`.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class WordList(Base):
    """An organisation's list of words the filter looks for, with what happens to a message
    that contains one. action: hide, hold. applies_to: students, members (everyone but
    verified staff), everyone."""

    __tablename__ = "safety_word_lists"
    __table_args__ = (sa.Index("ix_safety_word_lists_org", "org_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(100))
    action: Mapped[str] = mapped_column(sa.String(10))
    applies_to: Mapped[str] = mapped_column(sa.String(10), default="members")
    # Entries as the administrator typed them: words, phrases, or prefixes ending in "*".
    words: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()


class HeldMessage(Base):
    """A message the word filter held for moderation. It is not a message yet: nobody but
    its author and the chat's handlers sees it, and it becomes one (sent as its author, with
    the author's client id, so their device swaps its pending copy for it) only when a
    handler approves it. status: pending, approved, rejected."""

    __tablename__ = "safety_held_messages"
    __table_args__ = (
        sa.UniqueConstraint("chat_id", "author_id", "client_id"),
        sa.Index("ix_safety_held_messages_org_status", "org_id", "status", "id"),
        sa.Index("ix_safety_held_messages_chat_status", "chat_id", "status"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text)
    reply_to_id: Mapped[str | None] = mapped_column(ID)
    # Pending uploads sent with it: attached on approval if they are still pending.
    attachment_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The list entries it matched (what the handler is shown).
    matched: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    message_id: Mapped[str | None] = mapped_column(ID)
    decided_by: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None]
    # Told to the author when rejected (optional).
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = created_column()


class HiddenMessage(Base):
    """The text of a message the word filter hid. The message itself is stored with kind
    `hidden` and no text, so history, events, search, previews and pushes carry nothing of
    it; its author and the chat's handlers read the text here. status: hidden, restored
    (a handler showed it to everyone), kept (a handler confirmed it stays hidden)."""

    __tablename__ = "safety_hidden_messages"

    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(sa.Text)
    matched: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="hidden")
    decided_by: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class ChildSafety(Base):
    """A parent's tightening of safe mode for their child in one organisation (never
    looser than the organisation's own rules: those are applied on top)."""

    __tablename__ = "safety_child_settings"
    __table_args__ = (sa.UniqueConstraint("org_id", "student_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    student_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    classmates: Mapped[bool] = mapped_column(default=True)
    classmate_calls: Mapped[bool] = mapped_column(default=True)
    # all: every verified teacher; own: the child's class teacher and teachers of their
    # classes and groups.
    teachers: Mapped[str] = mapped_column(sa.String(4), default="all")
    set_by: Mapped[str | None] = mapped_column(ID)
    updated_at: Mapped[datetime] = created_column()


class WorkingHours(Base):
    """A teacher's "I answer during working hours", shown on their profile and in direct
    chats with them. days: ISO weekdays 1-7; start and end: "HH:MM" in the organisation's
    time zone."""

    __tablename__ = "safety_working_hours"
    __table_args__ = (sa.UniqueConstraint("org_id", "account_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    days: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    start: Mapped[str] = mapped_column(sa.String(5))
    end: Mapped[str] = mapped_column(sa.String(5))
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_at: Mapped[datetime] = created_column()
