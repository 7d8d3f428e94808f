"""Organisation structure: academic years, classes, study groups and staff departments."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class AcademicYear(Base):
    __tablename__ = "academic_years"
    __table_args__ = (sa.UniqueConstraint("org_id", "name"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(20))  # "2026/2027"
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    is_current: Mapped[bool] = mapped_column(default=False)
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class SchoolClass(Base):
    """A class of one academic year: grade number + letter, e.g. 5А, with a class teacher."""

    __tablename__ = "school_classes"
    __table_args__ = (sa.UniqueConstraint("academic_year_id", "grade", "letter"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    academic_year_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("academic_years.id", ondelete="CASCADE"), index=True
    )
    grade: Mapped[int]
    letter: Mapped[str] = mapped_column(sa.String(4))
    # Membership id of the class teacher; no FK, since memberships point at classes too.
    class_teacher_id: Mapped[str | None] = mapped_column(ID)
    # The class of the next year this one was promoted into.
    promoted_to_id: Mapped[str | None] = mapped_column(ID)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()

    @property
    def label(self) -> str:
        return f"{self.grade}{self.letter}"


class Group(Base):
    """A study group (kind "study") or a staff department (kind "department")."""

    __tablename__ = "groups"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.String(1000), default="")
    academic_year_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("academic_years.id", ondelete="SET NULL")
    )
    lead_id: Mapped[str | None] = mapped_column(ID)  # membership id of the group's lead
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class GroupMember(Base):
    __tablename__ = "group_members"
    __table_args__ = (sa.UniqueConstraint("group_id", "membership_id"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_column()
