"""Personal data requests: archives of a person's data and scheduled erasures."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class DataExport(Base):
    """An archive of one person's data, asked for by that person or by their parent.

    status: pending (waiting for a worker), building, ready (`file_id` holds the zip until
    `expires_at`), failed, expired (the zip was removed).
    """

    __tablename__ = "data_exports"
    __table_args__ = (sa.Index("ix_data_exports_status", "status"),)

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[str] = mapped_column(ID)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    file_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = created_column()
    started_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class DeletionRequest(Base):
    """A person's data to be erased once `due_at` has passed (parta.privacy.erasure).

    reason: self (the person asked), guardian (a parent, for a minor child), admin (an
    administrator of `org_id`), consent_withdrawn. status: scheduled, cancelled, done.
    One scheduled request per account at a time.
    """

    __tablename__ = "deletion_requests"
    __table_args__ = (
        sa.Index(
            "uq_deletion_requests_scheduled",
            "account_id",
            unique=True,
            sqlite_where=sa.text("status = 'scheduled'"),
            postgresql_where=sa.text("status = 'scheduled'"),
        ),
        sa.Index("ix_deletion_requests_status_due", "status", "due_at"),
    )

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.String(20))
    requested_by: Mapped[str] = mapped_column(ID)
    status: Mapped[str] = mapped_column(sa.String(20), default="scheduled")
    requested_at: Mapped[datetime] = created_column()
    due_at: Mapped[datetime]
    cancelled_by: Mapped[str | None] = mapped_column(ID)
    cancelled_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
