"""Support and help: requests to the organisation's administrators (and, escalated, to the
platform operator), suggestions to the operator, and the operator's news and knowledge base."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, UTCDateTime, created_column, id_column


class SupportTicket(Base):
    """A member's support request in one organisation.

    status: open (waiting for staff), answered (staff replied, waiting for the requester),
    closed. Its administrators see every request of the organisation; the platform operator
    only those escalated to the platform (`escalated_at`).
    """

    __tablename__ = "support_tickets"
    __table_args__ = (
        # The organisation's inbox by status, latest activity first.
        sa.Index("ix_support_tickets_org_inbox", "org_id", "status", "last_activity_at"),
        sa.Index("ix_support_tickets_requester", "requester_id", "org_id", "last_activity_at"),
        # The operator's inbox: escalated requests only.
        sa.Index("ix_support_tickets_escalated", "escalated_at", "status", "last_activity_at"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    requester_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    escalated_at: Mapped[datetime | None]
    escalated_by: Mapped[str | None] = mapped_column(ID)
    closed_at: Mapped[datetime | None]
    # Who wrote last (requester, org, platform): the inboxes show whose turn it is.
    last_side: Mapped[str] = mapped_column(sa.String(10), default="requester")
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_column()


class SupportMessage(Base):
    """One entry of a request's thread.

    kind: `reply` (seen by the requester and staff), `note` (internal, between the
    organisation's administrators and the operator; never shown to the requester), `event`
    (a change of status or the escalation; `event` names it). side: how the author took
    part — requester, org (an administrator) or platform (the operator).
    """

    __tablename__ = "support_messages"
    __table_args__ = (sa.Index("ix_support_messages_ticket", "ticket_id", "created_at"),)

    id: Mapped[str] = id_column()
    ticket_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("support_tickets.id", ondelete="CASCADE")
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(10), default="reply")
    event: Mapped[str | None] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = created_column()


class SupportFile(Base):
    """A file sent with a thread entry (a screenshot of the problem, a document). Stored
    through the files pipeline; counts against the organisation's storage, except the
    operator's, which belong to no organisation."""

    __tablename__ = "support_files"

    id: Mapped[str] = id_column()
    ticket_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("support_tickets.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("support_messages.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    file_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    thumb_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    preview_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(255))
    mime: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    width: Mapped[int | None]
    height: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = created_column()


class Suggestion(Base):
    """An idea for improving the platform, sent by a member straight to the operator.

    status: new, planned, done, declined; `reply` is the operator's answer to the author.
    """

    __tablename__ = "suggestions"
    __table_args__ = (
        sa.Index("ix_suggestions_status", "status", "id"),
        sa.Index("ix_suggestions_author", "author_id", "id"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(10), default="new")
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class NewsPost(Base):
    """The operator's post: platform news, a how-to of the knowledge base, or a webinar of
    the methodological support calendar.

    audience: `teachers` (verified staff of any organisation) or `everyone` (every member,
    students and parents included). Only published posts are read outside the console.
    """

    __tablename__ = "news_posts"
    __table_args__ = (
        sa.Index("ix_news_posts_feed", "status", "published_at"),
        sa.Index("ix_news_posts_webinars", "category", "webinar_at"),
    )

    id: Mapped[str] = id_column()
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # Rendered once when saved (the Markdown subset of messages, with headings).
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[str] = mapped_column(sa.String(10))
    audience: Mapped[str] = mapped_column(sa.String(10), default="teachers")
    webinar_at: Mapped[datetime | None]
    webinar_url: Mapped[str | None] = mapped_column(sa.String(2000))
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    published_at: Mapped[datetime | None]
    # Case-folded title and text for search (folded in Python, alike on every backend).
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    created_by: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
