"""Organisation structure: academic years (classes, groups and the year's end have their
own modules). `current_year`, `create_academic_year` and `create_class` are shared helpers."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.kit.errors import Conflict, not_found
from parta.models import AcademicYear, SchoolClass
from parta.structure import repository
from parta.structure.schemas import YearIn, YearOut

STRUCTURE_DENIED = "Only administrators can change the organisation's structure."


async def current_year(db: AsyncSession, org_id: str) -> AcademicYear | None:
    stmt = sa.select(AcademicYear).where(
        AcademicYear.org_id == org_id, AcademicYear.is_current.is_(True)
    )
    return (await db.execute(stmt)).scalar_one_or_none()


def year_name(starts_on: date) -> str:
    return f"{starts_on.year}/{starts_on.year + 1}"


async def create_academic_year(
    db: AsyncSession, org_id: str, *, starts_on: date, ends_on: date, make_current: bool = True
) -> AcademicYear:
    """Create the year "YYYY/YYYY+1"; when current, the previous current year stops being so."""
    if make_current:
        await _clear_current(db, org_id)
    year = AcademicYear(
        org_id=org_id,
        name=year_name(starts_on),
        starts_on=starts_on,
        ends_on=ends_on,
        is_current=make_current,
    )
    db.add(year)
    await db.flush()
    return year


async def _clear_current(db: AsyncSession, org_id: str) -> None:
    await db.execute(
        sa.update(AcademicYear)
        .where(AcademicYear.org_id == org_id, AcademicYear.is_current.is_(True))
        .values(is_current=False)
        .execution_options(synchronize_session="fetch")
    )


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


def year_out(year: AcademicYear) -> YearOut:
    return YearOut(
        id=year.id,
        name=year.name,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        is_current=year.is_current,
        finished_at=year.finished_at,
    )


async def get_year(db: AsyncSession, ctx: OrgContext, year_id: str) -> AcademicYear:
    year = await repository.get_year(db, ctx.org_id, year_id)
    if year is None:
        raise not_found("academic year")
    return year


async def list_years(db: AsyncSession, ctx: OrgContext) -> list[YearOut]:
    return [year_out(y) for y in await repository.list_years(db, ctx.org_id)]


async def add_year(db: AsyncSession, ctx: OrgContext, body: YearIn, *, ip: str) -> YearOut:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    name = year_name(body.starts_on)
    if await repository.year_by_name(db, ctx.org_id, name):
        raise Conflict(f"The academic year {name} already exists.", code="year_exists")
    # The organisation's first year is current whatever the request says.
    make_current = body.make_current or await current_year(db, ctx.org_id) is None
    year = await create_academic_year(
        db, ctx.org_id, starts_on=body.starts_on, ends_on=body.ends_on, make_current=make_current
    )
    await record(
        db,
        "year.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="academic_year",
        target_id=year.id,
        ip=ip,
        data={"name": name, "current": make_current},
    )
    return year_out(year)


async def make_current(db: AsyncSession, ctx: OrgContext, year_id: str, *, ip: str) -> YearOut:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    year = await get_year(db, ctx, year_id)
    if year.finished_at is not None:
        raise Conflict("A finished academic year cannot become current.", code="year_finished")
    if not year.is_current:
        await _clear_current(db, ctx.org_id)
        year.is_current = True
        await db.flush()
        await record(
            db,
            "year.made_current",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="academic_year",
            target_id=year.id,
            ip=ip,
        )
    return year_out(year)
