"""Membership of a person in an organisation with one role, and parent–child links."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, validates

from parta.models.base import ID, Base, created_column, id_column


class Membership(Base):
    """One role of one person in one organisation.

    A teacher who is also a parent at the same school has two memberships. A roster import
    creates a *pending* membership with no account yet: the person claims it through their
    personal invitation link.
    """

    __tablename__ = "memberships"
    __table_args__ = (
        sa.Index("ix_memberships_org_role", "org_id", "role", "status"),
        sa.Index("ix_memberships_account", "account_id", "status"),
        # One active membership per person and role: concurrent joins cannot make two.
        sa.Index(
            "uq_memberships_active_role",
            "org_id",
            "account_id",
            "role",
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        ),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    account_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(sa.String(20))
    # pending (roster, not claimed), active, removed, alumni (finished the school)
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    # Name as the roster spells it (pending members have no account yet).
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # Case-folded full_name for search: SQLite's lower() folds ASCII only, so Cyrillic names
    # are folded here in Python, identically on every backend.
    name_search: Mapped[str] = mapped_column(sa.String(200), default="")
    class_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("school_classes.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200), default="")  # "Учитель математики"
    verified_at: Mapped[datetime | None]
    verified_by: Mapped[str | None] = mapped_column(ID)
    invitation_id: Mapped[str | None] = mapped_column(ID)
    # Kept from the roster so that the parent can be invited.
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = created_column()
    removed_at: Mapped[datetime | None]

    @validates("full_name")
    def _fold_name(self, _key: str, value: str) -> str:
        self.name_search = fold_name(value)
        return value


def fold_name(value: str) -> str:
    """The search form of a name: case-folded, ё as е, single spaces."""
    return " ".join(value.casefold().replace("ё", "е").split())[:200]


class ParentLink(Base):
    """A parent linked to a student of the same organisation, confirmed by staff."""

    __tablename__ = "parent_links"
    __table_args__ = (sa.UniqueConstraint("parent_membership_id", "student_membership_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    parent_membership_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    student_membership_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(
        sa.String(20), default="pending"
    )  # pending/confirmed/rejected
    decided_by: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
