"""Operational records: audit log, mail outbox, roster imports."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class AuditEvent(Base):
    """A security-relevant action. org_id is None for platform-level events."""

    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_org_id_id", "org_id", "id"),
        sa.Index("ix_audit_events_action", "action"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    actor_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[str] = mapped_column(sa.String(60))
    target_type: Mapped[str] = mapped_column(sa.String(40), default="")
    target_id: Mapped[str] = mapped_column(sa.String(64), default="")
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    data: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = created_column()


class MailMessage(Base):
    """Outgoing mail, written in the request's transaction and sent after commit."""

    __tablename__ = "mail_outbox"
    __table_args__ = (sa.Index("ix_mail_outbox_status", "status"),)

    id: Mapped[str] = id_column()
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    # Extra headers (e.g. List-Unsubscribe of a digest), added as they are.
    headers: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    # pending -> sent (SMTP) | logged (no SMTP configured) | failed (after retries)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_column()
    sent_at: Mapped[datetime | None]


class RosterImport(Base):
    """An uploaded roster: parsed rows and errors for the preview, applied on confirmation."""

    __tablename__ = "roster_imports"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(20), default="preview")  # preview/applied
    rows: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON, default=list)
    result: Mapped[dict[str, object] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = created_column()
    applied_at: Mapped[datetime | None]
