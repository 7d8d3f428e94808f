"""Teaching materials: the library of an organisation, a class or a group (folders, files,
links), and the platform's catalogue of verified educational content."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class MaterialItem(Base):
    """A folder, file or link in one library.

    The library ("place") is the organisation (`place` "org", `place_id` the org id), a class
    ("class", its id) or a group ("group", its id); who may see and change it follows the
    place (parta.materials.places). A file points at StoredFile rows, which it may share with
    chat attachments (content-addressed: sharing from a chat copies no bytes).
    `depth` is the number of folders above the item, kept so nesting limits cost no query.
    """

    __tablename__ = "material_items"
    __table_args__ = (
        sa.Index("ix_material_items_place", "org_id", "place", "place_id", "parent_id"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    place: Mapped[str] = mapped_column(sa.String(10))  # org | class | group
    place_id: Mapped[str] = mapped_column(ID)
    parent_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("material_items.id", ondelete="CASCADE"), index=True
    )
    depth: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(10))  # folder | file | link
    title: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(2000))
    file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    thumb_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    preview_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    file_kind: Mapped[str | None] = mapped_column(sa.String(10))  # image, video, audio, file
    file_name: Mapped[str | None] = mapped_column(sa.String(255))
    mime: Mapped[str | None] = mapped_column(sa.String(120))
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration_ms: Mapped[int | None]
    created_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime | None]


class CatalogueItem(Base):
    """An item of the verified content catalogue, run by the platform operator.

    Submitted by a verified teacher (`pending`) or added by the operator; the operator
    approves (`verified`) or rejects (`rejected`, with a reason). `grades` is stored as
    ",5,6," so "grade 5" is one LIKE on every backend; `search_text` is the case-folded
    title, description and subject, folded in Python so Cyrillic matches alike everywhere.
    """

    __tablename__ = "catalogue_items"
    __table_args__ = (sa.Index("ix_catalogue_items_status_subject", "status", "subject", "id"),)

    id: Mapped[str] = id_column()
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    title: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(40))
    grades: Mapped[str] = mapped_column(sa.String(60))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8), default="ru")
    kind: Mapped[str] = mapped_column(sa.String(10))  # file | link
    url: Mapped[str | None] = mapped_column(sa.String(2000))
    file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    thumb_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    preview_file_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("stored_files.id"))
    file_kind: Mapped[str | None] = mapped_column(sa.String(10))
    file_name: Mapped[str | None] = mapped_column(sa.String(255))
    mime: Mapped[str | None] = mapped_column(sa.String(120))
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration_ms: Mapped[int | None]
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_by: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    submitted_org_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="SET NULL")
    )
    by_operator: Mapped[bool] = mapped_column(default=False)
    reviewed_by: Mapped[str | None] = mapped_column(ID)
    reviewed_at: Mapped[datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime | None]
