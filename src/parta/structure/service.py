"""Organisation structure use cases: academic years and classes."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import AcademicYear, SchoolClass


async def current_year(db: AsyncSession, org_id: str) -> AcademicYear | None:
    stmt = sa.select(AcademicYear).where(
        AcademicYear.org_id == org_id, AcademicYear.is_current.is_(True)
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def create_academic_year(
    db: AsyncSession, org_id: str, *, starts_on: date, ends_on: date, make_current: bool = True
) -> AcademicYear:
    """Create the year "YYYY/YYYY+1"; when current, the previous current year stops being so."""
    name = f"{starts_on.year}/{starts_on.year + 1}"
    if make_current:
        await db.execute(
            sa.update(AcademicYear)
            .where(AcademicYear.org_id == org_id, AcademicYear.is_current.is_(True))
            .values(is_current=False)
        )
    year = AcademicYear(
        org_id=org_id, name=name, starts_on=starts_on, ends_on=ends_on, is_current=make_current
    )
    db.add(year)
    await db.flush()
    return year


async def create_class(
    db: AsyncSession,
    org_id: str,
    year: AcademicYear,
    *,
    grade: int,
    letter: str,
    class_teacher_id: str | None = None,
) -> SchoolClass:
    school_class = SchoolClass(
        org_id=org_id,
        academic_year_id=year.id,
        grade=grade,
        letter=letter.strip().upper(),
        class_teacher_id=class_teacher_id,
    )
    db.add(school_class)
    await db.flush()
    return school_class
