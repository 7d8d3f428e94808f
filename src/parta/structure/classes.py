"""Classes of an academic year, and moving a student between classes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole, Right
from parta.kit.errors import Conflict, Unprocessable, not_found
from parta.members import repository as members_repo
from parta.members.briefs import brief, briefs, briefs_by_id
from parta.members.schemas import MemberBrief
from parta.models import AcademicYear, SchoolClass
from parta.orgs.service import max_grade
from parta.safety import visibility as safety_visibility
from parta.structure import policy, repository
from parta.structure.schemas import ClassDetail, ClassIn, ClassOut, ClassPatch, MoveIn
from parta.structure.service import STRUCTURE_DENIED, create_class, current_year, get_year


def _statuses(ctx: OrgContext) -> tuple[str, ...]:
    """Students counted and listed: unclaimed roster entries only for those who may see them."""
    return policy.LIVE_STATUSES if ctx.can(Right.SEE_PENDING) else ("active",)


async def _outs(db: AsyncSession, ctx: OrgContext, classes: list[SchoolClass]) -> list[ClassOut]:
    ids = [c.id for c in classes]
    counts = await repository.student_counts(db, ctx.org_id, ids, _statuses(ctx))
    teachers = await briefs_by_id(db, ctx.org_id, [c.class_teacher_id for c in classes])
    return [
        ClassOut(
            id=c.id,
            label=c.label,
            grade=c.grade,
            letter=c.letter,
            year_id=c.academic_year_id,
            class_teacher=teachers.get(c.class_teacher_id) if c.class_teacher_id else None,
            student_count=counts.get(c.id, 0),
            archived=c.archived_at is not None,
            promoted_to_id=c.promoted_to_id,
        )
        for c in classes
    ]


async def _class(db: AsyncSession, ctx: OrgContext, class_id: str) -> SchoolClass:
    school_class = await repository.get_class(db, ctx.org_id, class_id)
    if school_class is None:
        raise not_found("class")
    return school_class


async def list_classes(db: AsyncSession, ctx: OrgContext, year_id: str | None) -> list[ClassOut]:
    year: AcademicYear | None
    if year_id is not None:
        year = await get_year(db, ctx, year_id)
    else:
        year = await current_year(db, ctx.org_id)
    if year is None:
        return []
    return await _outs(db, ctx, await repository.list_classes(db, ctx.org_id, year.id))


async def get_class(db: AsyncSession, ctx: OrgContext, class_id: str) -> ClassDetail:
    school_class = await _class(db, ctx, class_id)
    (out,) = await _outs(db, ctx, [school_class])
    students = await repository.students_of(db, ctx.org_id, school_class.id, _statuses(ctx))
    students = await safety_visibility.visible(db, ctx, students)  # safe mode for students
    return ClassDetail(**out.model_dump(), students=await briefs(db, students))


async def _teacher_id(db: AsyncSession, ctx: OrgContext, membership_id: str | None) -> str | None:
    if membership_id is None:
        return None
    m = await members_repo.get_membership(db, ctx.org_id, membership_id)
    if m is None or not policy.can_lead_class(m.role, m.status):
        raise Unprocessable(
            "The class teacher must be an active teacher of this organisation.",
            code="invalid_class_teacher",
            fields={"class_teacher_membership_id": "not an active teacher"},
        )
    return m.id


async def _ensure_free(
    db: AsyncSession, ctx: OrgContext, year_id: str, grade: int, letter: str
) -> None:
    if await repository.class_in_year(db, ctx.org_id, year_id, grade, letter):
        raise Conflict(
            f"The class {grade}{letter} already exists in this academic year.",
            code="class_exists",
        )


async def add_class(db: AsyncSession, ctx: OrgContext, body: ClassIn, *, ip: str) -> ClassOut:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    top = max_grade(ctx.org)
    if body.grade > top:
        raise Unprocessable(
            f"The grade must be between 1 and {top}.",
            code="invalid_grade",
            fields={"grade": f"1..{top}"},
        )
    year = await (get_year(db, ctx, body.year_id) if body.year_id else current_year(db, ctx.org_id))
    if year is None:
        raise Conflict("Create an academic year first.", code="no_current_year")
    if year.finished_at is not None:
        raise Conflict("This academic year is finished.", code="year_finished")
    await _ensure_free(db, ctx, year.id, body.grade, body.letter)
    teacher_id = await _teacher_id(db, ctx, body.class_teacher_membership_id)
    school_class = await create_class(
        db, ctx.org_id, year, grade=body.grade, letter=body.letter, class_teacher_id=teacher_id
    )
    await record(
        db,
        "class.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="class",
        target_id=school_class.id,
        ip=ip,
        data={"label": school_class.label, "year_id": year.id},
    )
    return (await _outs(db, ctx, [school_class]))[0]


async def update_class(
    db: AsyncSession, ctx: OrgContext, class_id: str, patch: ClassPatch, *, ip: str
) -> ClassOut:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    school_class = await _class(db, ctx, class_id)
    if school_class.archived_at is not None:
        raise Conflict("This class is archived.", code="class_archived")
    if patch.letter is not None and patch.letter != school_class.letter:
        await _ensure_free(db, ctx, school_class.academic_year_id, school_class.grade, patch.letter)
        school_class.letter = patch.letter
    if "class_teacher_membership_id" in patch.model_fields_set:
        school_class.class_teacher_id = await _teacher_id(
            db, ctx, patch.class_teacher_membership_id
        )
    await db.flush()
    await record(
        db,
        "class.updated",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="class",
        target_id=school_class.id,
        ip=ip,
        data={"changed": sorted(patch.model_fields_set)},
    )
    return (await _outs(db, ctx, [school_class]))[0]


async def delete_class(db: AsyncSession, ctx: OrgContext, class_id: str, *, ip: str) -> None:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    school_class = await _class(db, ctx, class_id)
    counts = await repository.student_counts(
        db, ctx.org_id, [school_class.id], ("active", "pending", "alumni")
    )
    if counts.get(school_class.id):
        raise Conflict("Move the class's students elsewhere first.", code="class_not_empty")
    await record(
        db,
        "class.deleted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="class",
        target_id=school_class.id,
        ip=ip,
        data={"label": school_class.label},
    )
    await db.delete(school_class)
    await db.flush()


async def move_student(
    db: AsyncSession, ctx: OrgContext, membership_id: str, body: MoveIn, *, ip: str
) -> MemberBrief:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    m = await members_repo.get_membership(db, ctx.org_id, membership_id)
    if m is None or m.status not in policy.LIVE_STATUSES:
        raise not_found("member")
    if m.role != OrgRole.STUDENT:
        raise Unprocessable(
            "Only students are moved between classes.",
            code="not_student",
            fields={"membership_id": "not a student"},
        )
    target = await repository.get_class(db, ctx.org_id, body.class_id)
    year = await current_year(db, ctx.org_id)
    if (
        target is None
        or year is None
        or target.academic_year_id != year.id
        or target.archived_at is not None
    ):
        raise Unprocessable(
            "Choose a class of the current academic year.",
            code="invalid_class",
            fields={"class_id": "not a class of the current year"},
        )
    old_class_id = m.class_id
    m.class_id = target.id
    await db.flush()
    await record(
        db,
        "member.moved",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="membership",
        target_id=m.id,
        ip=ip,
        data={"from_class_id": old_class_id, "to_class_id": target.id},
    )
    return await brief(db, m)
