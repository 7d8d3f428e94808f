"""Organisations and the applications that create them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Org(Base):
    __tablename__ = "orgs"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(sa.String(300))
    # school, college, kindergarten, additional (centre of additional education)
    kind: Mapped[str] = mapped_column(sa.String(32))
    region: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    inn: Mapped[str] = mapped_column(sa.String(12), default="", index=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Moscow")
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    # Organisation settings (primary grades, max grade, ...) validated by orgs/schemas.py.
    settings: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = created_column()


class StoredFile(Base):
    """A file on the storage backend, content-addressed by SHA-256."""

    __tablename__ = "stored_files"

    id: Mapped[str] = id_column()
    org_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    mime: Mapped[str] = mapped_column(sa.String(120))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    uploaded_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()


class OrgApplication(Base):
    """A school's application to join the platform; only the operator's approval creates an Org."""

    __tablename__ = "org_applications"

    id: Mapped[str] = id_column()
    status: Mapped[str] = mapped_column(sa.String(20), default="pending", index=True)
    org_name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(32))
    region: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(500))
    inn: Mapped[str] = mapped_column(sa.String(12))
    admin_full_name: Mapped[str] = mapped_column(sa.String(200))
    admin_phone: Mapped[str] = mapped_column(sa.String(20))
    admin_email: Mapped[str] = mapped_column(sa.String(254))
    questionnaire: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    document_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    reject_reason: Mapped[str | None] = mapped_column(sa.Text)
    reviewed_by: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    reviewed_at: Mapped[datetime | None]
    org_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("orgs.id"))
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime] = created_column()
