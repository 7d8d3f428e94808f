"""The end of an academic year: classes move up a grade, the last grade graduates."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable
from parta.models import AcademicYear
from parta.orgs.service import max_grade
from parta.structure import policy, repository
from parta.structure.schemas import FinishIn, FinishSummary
from parta.structure.service import STRUCTURE_DENIED, create_class, get_year, year_name


def next_dates(old: AcademicYear, body: FinishIn) -> tuple[date, date]:
    """The next year's dates: as given, else from the next 1 September to 31 May."""
    starts = body.next_starts_on or date(old.starts_on.year + 1, 9, 1)
    ends = body.next_ends_on or date(starts.year + 1, 5, 31)
    if starts >= ends:
        raise Unprocessable(
            "The next year must start before it ends.",
            code="invalid_dates",
            fields={"next_ends_on": "before next_starts_on"},
        )
    if year_name(starts) == old.name or starts <= old.starts_on:
        raise Unprocessable(
            "The next year must start in a later calendar year.",
            code="invalid_dates",
            fields={"next_starts_on": "not after the finishing year"},
        )
    return starts, ends


async def _close(db: AsyncSession, org_id: str, year: AcademicYear) -> None:
    """Mark the year finished; the conditional update lets only one concurrent finish pass."""
    result = await db.execute(
        sa.update(AcademicYear)
        .where(
            AcademicYear.org_id == org_id,
            AcademicYear.id == year.id,
            AcademicYear.is_current.is_(True),
            AcademicYear.finished_at.is_(None),
        )
        .values(is_current=False, finished_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Only the current academic year can be finished.", code="year_not_current")


async def _open_next(db: AsyncSession, org_id: str, starts: date, ends: date) -> AcademicYear:
    """The next year, made current; one prepared in advance (not finished) is reused."""
    existing = await repository.year_by_name(db, org_id, year_name(starts))
    if existing is not None:
        if existing.finished_at is not None:
            raise Conflict(
                f"The academic year {existing.name} is already finished.", code="year_exists"
            )
        existing.is_current = True
        await db.flush()
        return existing
    year = AcademicYear(
        org_id=org_id, name=year_name(starts), starts_on=starts, ends_on=ends, is_current=True
    )
    db.add(year)
    await db.flush()
    return year


async def finish_year(
    db: AsyncSession, ctx: OrgContext, year_id: str, body: FinishIn, *, ip: str
) -> FinishSummary:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    old = await get_year(db, ctx, year_id)
    if not old.is_current or old.finished_at is not None:
        raise Conflict("Only the current academic year can be finished.", code="year_not_current")
    starts, ends = next_dates(old, body)
    await _close(db, ctx.org_id, old)
    new = await _open_next(db, ctx.org_id, starts, ends)
    top = max_grade(ctx.org)
    now = utcnow()
    promoted = graduated = moved = graduates = 0
    for c in await repository.list_classes(db, ctx.org_id, old.id, include_archived=False):
        if policy.graduates(c.grade, top):
            graduates += await repository.graduate_students(
                db, ctx.org_id, c.id, policy.LIVE_STATUSES
            )
            graduated += 1
        else:
            target = await repository.class_in_year(
                db, ctx.org_id, new.id, c.grade + 1, c.letter
            ) or await create_class(
                db,
                ctx.org_id,
                new,
                grade=c.grade + 1,
                letter=c.letter,
                class_teacher_id=c.class_teacher_id,
            )
            moved += await repository.move_students(
                db, ctx.org_id, c.id, target.id, policy.LIVE_STATUSES
            )
            c.promoted_to_id = target.id
            promoted += 1
        c.archived_at = now
    await db.flush()
    summary = FinishSummary(
        promoted_classes=promoted,
        graduated_classes=graduated,
        moved_students=moved,
        graduated_students=graduates,
        new_year_id=new.id,
    )
    await record(
        db,
        "year.finished",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="academic_year",
        target_id=old.id,
        ip=ip,
        data=summary.model_dump(),
    )
    return summary
