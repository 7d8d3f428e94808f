"""Moderation and safeguarding: reports with their evidence, the actions taken on them,
silences in chats, suspensions, personal blocks, the trust line and administrators'
recorded access to chats they are not members of."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, UTCDateTime, created_column, id_column


class Report(Base):
    """A member's report of a message or of a person.

    `evidence` is a snapshot taken when the report was made: the message, the messages
    around it, earlier versions and the names of its files. It is what handlers read, so
    the author deleting or editing the message later destroys nothing. Names are not in
    the snapshot (they are looked up when shown), so erasing a person leaves no name here.

    status: open, closed. outcome (when closed): action_taken, no_violation, referred.
    """

    __tablename__ = "moderation_reports"
    __table_args__ = (
        sa.Index("ix_moderation_reports_org_status", "org_id", "status", "id"),
        sa.Index("ix_moderation_reports_chat", "chat_id", "status"),
        sa.Index("ix_moderation_reports_reporter", "reporter_id", "org_id", "id"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    reporter_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    # message or person
    kind: Mapped[str] = mapped_column(sa.String(10))
    reason: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    # The person reported: the message's author, or the person themselves.
    target_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    chat_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="SET NULL"))
    # No foreign key: the evidence outlives the message (retention, erasure).
    message_id: Mapped[str | None] = mapped_column(ID)
    evidence: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    # Internal: handlers only. The reply is what the reporter reads with the outcome.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()


class ReportAction(Base):
    """Something a handler did about a report (deleted the message, silenced, removed from
    the chat, suspended, closed): the report's history, shown to its handlers."""

    __tablename__ = "moderation_report_actions"

    id: Mapped[str] = id_column()
    report_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("moderation_reports.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    actor_id: Mapped[str] = mapped_column(ID)
    action: Mapped[str] = mapped_column(sa.String(20))
    data: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = created_column()


class ChatSilence(Base):
    """A person may not post in a chat until `until` (a moderator's decision). One row per
    person and chat; a new silence replaces the old one."""

    __tablename__ = "moderation_silences"
    __table_args__ = (sa.UniqueConstraint("chat_id", "account_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    until: Mapped[datetime] = mapped_column(UTCDateTime())
    report_id: Mapped[str | None] = mapped_column(ID)
    created_by: Mapped[str] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()


class Suspension(Base):
    """A member suspended in an organisation: their memberships there have the status
    `suspended` (so every organisation route answers 404 to them) until it is lifted."""

    __tablename__ = "moderation_suspensions"
    __table_args__ = (sa.Index("ix_moderation_suspensions_org", "org_id", "lifted_at"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    membership_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    report_id: Mapped[str | None] = mapped_column(ID)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by: Mapped[str] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(ID)


class Block(Base):
    """`blocker_id` blocked `blocked_id`: no direct messages or direct calls between them.
    Personal, not per organisation."""

    __tablename__ = "account_blocks"
    __table_args__ = (
        sa.UniqueConstraint("blocker_id", "blocked_id"),
        sa.Index("ix_account_blocks_blocked", "blocked_id"),
    )

    id: Mapped[str] = id_column()
    blocker_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    blocked_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = created_column()


class TrustThread(Base):
    """A private conversation on the organisation's trust line.

    Who wrote it is sealed: `sealed_writer` is the writer's account id encrypted with a key
    derived from the server's secret (bound to the thread's id), and `owner_tag` a keyed
    hash that lets the writer find their threads. Neither says who it is without the key.
    `revealed_id` is set when the writer chose to give their name, or when the responder
    recorded a safeguarding escalation; views read nothing else.
    """

    __tablename__ = "trust_threads"
    __table_args__ = (
        sa.Index("ix_trust_threads_owner", "owner_tag", "last_activity_at"),
        sa.Index("ix_trust_threads_org_responder", "org_id", "responder_id", "last_activity_at"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    # The staff member written to (their account and the membership that made them one).
    responder_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    responder_membership_id: Mapped[str] = mapped_column(ID)
    anonymous: Mapped[bool] = mapped_column(default=True)
    # Indexes into the pseudonym word lists: "Аноним · Синий кит 27" in every language.
    pseudonym: Mapped[str] = mapped_column(sa.String(20))
    owner_tag: Mapped[str] = mapped_column(sa.String(64))
    sealed_writer: Mapped[str] = mapped_column(sa.String(200))
    revealed_id: Mapped[str | None] = mapped_column(ID)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    # Who wrote last (writer, responder, event): whose turn it is, and what is unread.
    last_side: Mapped[str] = mapped_column(sa.String(10), default="writer")
    escalated_at: Mapped[datetime | None]
    escalated_by: Mapped[str | None] = mapped_column(ID)
    escalation_reason: Mapped[str] = mapped_column(sa.Text, default="")
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime())
    writer_seen_at: Mapped[datetime | None]
    responder_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class TrustMessage(Base):
    """One entry of a trust-line thread. side: writer, responder, event. The writer's
    entries carry no author (the thread's seal is the only link to them)."""

    __tablename__ = "trust_messages"
    __table_args__ = (sa.Index("ix_trust_messages_thread", "thread_id", "created_at"),)

    id: Mapped[str] = id_column()
    thread_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("trust_threads.id", ondelete="CASCADE")
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(sa.String(10))
    author_id: Mapped[str | None] = mapped_column(ID)
    # For side=event: escalated, closed, reopened.
    event: Mapped[str | None] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = created_column()


class ChatAccessGrant(Base):
    """An administrator's time-limited permission to read a chat they are not a member of,
    with the reason they recorded (shown in the audit log)."""

    __tablename__ = "moderation_chat_access"
    __table_args__ = (sa.Index("ix_moderation_chat_access_account", "account_id", "expires_at"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
