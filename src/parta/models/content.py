"""What messages carry beyond text: file attachments, homework collections, polls and
acknowledgements ("important: please confirm")."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Attachment(Base):
    """A file shared in a chat: uploaded first (message_id empty), then attached to one
    message, or to one homework submission. Pending uploads nobody attached are swept.

    kind: image, video, audio, voice, file (what the web client shows; decided from the
    sniffed type, `voice` when the client recorded it).
    """

    __tablename__ = "attachments"
    __table_args__ = (
        # The chat's "files" tab: newest first, by kind.
        sa.Index("ix_attachments_chat_kind_created", "chat_id", "kind", "created_at"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    message_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    thumb_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    preview_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(255))
    mime: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration_ms: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    uploaded_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"), index=True)
    attached_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class Assignment(Base):
    """ "Collect files": a task posted as a message; each student hands in privately."""

    __tablename__ = "assignments"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    deadline: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = created_column()


class Submission(Base):
    """One student's hand-in for an assignment; its files are Attachments with its id.
    Only the student and the assignment's author see it."""

    __tablename__ = "submissions"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "account_id"),)

    id: Mapped[str] = id_column()
    assignment_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("assignments.id", ondelete="CASCADE")
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(default=False)


class Poll(Base):
    """A poll is a message (kind "poll"); its question is the message body."""

    __tablename__ = "polls"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    question: Mapped[str] = mapped_column(sa.String(300))
    multiple: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=True)
    quiz: Mapped[bool] = mapped_column(default=False)
    correct_option_id: Mapped[str | None] = mapped_column(ID)
    allow_add_options: Mapped[bool] = mapped_column(default=False)
    deadline: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(ID)
    created_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = created_column()


class PollOption(Base):
    __tablename__ = "poll_options"
    __table_args__ = (sa.UniqueConstraint("poll_id", "position"),)

    id: Mapped[str] = id_column()
    poll_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("polls.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.String(100))
    added_by: Mapped[str | None] = mapped_column(ID)


class PollVote(Base):
    """Who chose what. For anonymous polls the rows exist (one vote each, changeable) but no
    endpoint ever returns who voted for what."""

    __tablename__ = "poll_votes"
    __table_args__ = (
        sa.UniqueConstraint("poll_id", "account_id", "option_id"),
        sa.Index("ix_poll_votes_option", "option_id"),
    )

    id: Mapped[str] = id_column()
    poll_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("polls.id", ondelete="CASCADE"))
    option_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("poll_options.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = created_column()


class MessageAck(Base):
    """A recipient confirmed an important message (Message.ack_required)."""

    __tablename__ = "message_acks"
    __table_args__ = (sa.UniqueConstraint("message_id", "account_id"),)

    id: Mapped[str] = id_column()
    message_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("messages.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    acked_at: Mapped[datetime] = created_column()  # a slip's answer: when last changed
    # Permission slips (Message.ack_question): "yes" / "no" and an optional comment.
    answer: Mapped[str | None] = mapped_column(sa.String(3))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
