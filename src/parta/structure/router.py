"""Endpoints of the structure domain: academic years, classes, groups and departments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.http import client_ip
from parta.members.schemas import IdPath, MemberBrief
from parta.structure import classes, groups, service, year_end
from parta.structure.schemas import (
    ClassDetail,
    ClassIn,
    ClassOut,
    ClassPatch,
    FinishIn,
    FinishSummary,
    GroupIn,
    GroupKind,
    GroupMemberIn,
    GroupOut,
    GroupPatch,
    MoveIn,
    YearIn,
    YearOut,
)

router = APIRouter(tags=["structure"])


# --- academic years ----------------------------------------------------------------------


@router.get("/orgs/{org_id}/academic-years", response_model=list[YearOut])
async def list_years(ctx: Ctx, db: DB) -> list[YearOut]:
    """The organisation's academic years, newest first."""
    return await service.list_years(db, ctx)


@router.post("/orgs/{org_id}/academic-years", response_model=YearOut, status_code=201)
async def add_year(body: YearIn, request: Request, ctx: Ctx, db: DB) -> YearOut:
    """Add an academic year, named "YYYY/YYYY+1" after its start (409 if it exists).

    The organisation's first year becomes current; later ones when `make_current` is true.
    """
    return await service.add_year(db, ctx, body, ip=client_ip(request))


@router.post("/orgs/{org_id}/academic-years/{year_id}/make-current", response_model=YearOut)
async def make_current(year_id: IdPath, request: Request, ctx: Ctx, db: DB) -> YearOut:
    """Make this (unfinished) year the current one."""
    return await service.make_current(db, ctx, year_id, ip=client_ip(request))


@router.post("/orgs/{org_id}/academic-years/{year_id}/finish", response_model=FinishSummary)
async def finish_year(
    year_id: IdPath, request: Request, ctx: Ctx, db: DB, body: FinishIn | None = None
) -> FinishSummary:
    """Finish the current academic year in one step.

    The next year (by default 1 September – 31 May) becomes current; every class below the
    last grade moves up with its letter, class teacher and students; classes of the last
    grade are archived and their students become alumni. 409 unless the year is current.
    """
    return await year_end.finish_year(db, ctx, year_id, body or FinishIn(), ip=client_ip(request))


# --- classes -----------------------------------------------------------------------------


@router.get("/orgs/{org_id}/classes", response_model=list[ClassOut])
async def list_classes(
    ctx: Ctx, db: DB, year_id: Annotated[str | None, Query(max_length=26)] = None
) -> list[ClassOut]:
    """Classes of an academic year (default: the current one) with teacher and head count."""
    return await classes.list_classes(db, ctx, year_id)


@router.post("/orgs/{org_id}/classes", response_model=ClassOut, status_code=201)
async def add_class(body: ClassIn, request: Request, ctx: Ctx, db: DB) -> ClassOut:
    """Add a class such as 5А: grade 1..max_grade, one or two letters (409 if it exists)."""
    return await classes.add_class(db, ctx, body, ip=client_ip(request))


@router.get("/orgs/{org_id}/classes/{class_id}", response_model=ClassDetail)
async def get_class(class_id: IdPath, ctx: Ctx, db: DB) -> ClassDetail:
    """A class with its students (unclaimed roster entries for those who may see them)."""
    return await classes.get_class(db, ctx, class_id)


@router.patch("/orgs/{org_id}/classes/{class_id}", response_model=ClassOut)
async def update_class(
    class_id: IdPath, body: ClassPatch, request: Request, ctx: Ctx, db: DB
) -> ClassOut:
    """Change a class's letter or class teacher (an active teacher; null removes them)."""
    return await classes.update_class(db, ctx, class_id, body, ip=client_ip(request))


@router.delete("/orgs/{org_id}/classes/{class_id}", status_code=204)
async def delete_class(class_id: IdPath, request: Request, ctx: Ctx, db: DB) -> Response:
    """Delete a class that has no students (409 otherwise)."""
    await classes.delete_class(db, ctx, class_id, ip=client_ip(request))
    return Response(status_code=204)


@router.post("/orgs/{org_id}/members/{membership_id}/move", response_model=MemberBrief)
async def move_student(
    membership_id: IdPath, body: MoveIn, request: Request, ctx: Ctx, db: DB
) -> MemberBrief:
    """Move a student to another class of the current academic year."""
    return await classes.move_student(db, ctx, membership_id, body, ip=client_ip(request))


# --- groups and departments --------------------------------------------------------------


@router.get("/orgs/{org_id}/groups", response_model=list[GroupOut])
async def list_groups(
    ctx: Ctx, db: DB, kind: GroupKind | None = None, include_archived: bool = False
) -> list[GroupOut]:
    """Study groups and staff departments."""
    return await groups.list_groups(db, ctx, kind, include_archived)


@router.post("/orgs/{org_id}/groups", response_model=GroupOut, status_code=201)
async def add_group(body: GroupIn, request: Request, ctx: Ctx, db: DB) -> GroupOut:
    """Create a study group or a department, optionally with a lead (a staff member)."""
    return await groups.add_group(db, ctx, body, ip=client_ip(request))


@router.get("/orgs/{org_id}/groups/{group_id}", response_model=GroupOut)
async def get_group(group_id: IdPath, ctx: Ctx, db: DB) -> GroupOut:
    """One group or department."""
    return await groups.get_group(db, ctx, group_id)


@router.patch("/orgs/{org_id}/groups/{group_id}", response_model=GroupOut)
async def update_group(
    group_id: IdPath, body: GroupPatch, request: Request, ctx: Ctx, db: DB
) -> GroupOut:
    """Rename a group, change its description or lead (null removes the lead)."""
    return await groups.update_group(db, ctx, group_id, body, ip=client_ip(request))


@router.delete("/orgs/{org_id}/groups/{group_id}", status_code=204)
async def archive_group(group_id: IdPath, request: Request, ctx: Ctx, db: DB) -> Response:
    """Archive a group: it is kept for history but can no longer change."""
    await groups.archive_group(db, ctx, group_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get("/orgs/{org_id}/groups/{group_id}/members", response_model=list[MemberBrief])
async def group_members(group_id: IdPath, ctx: Ctx, db: DB) -> list[MemberBrief]:
    """Members of a group, by name."""
    return await groups.list_members(db, ctx, group_id)


@router.post(
    "/orgs/{org_id}/groups/{group_id}/members", response_model=MemberBrief, status_code=201
)
async def add_group_member(
    group_id: IdPath, body: GroupMemberIn, request: Request, ctx: Ctx, db: DB
) -> MemberBrief:
    """Add a member to a group (departments take staff roles only)."""
    return await groups.add_member(db, ctx, group_id, body.membership_id, ip=client_ip(request))


@router.delete("/orgs/{org_id}/groups/{group_id}/members/{membership_id}", status_code=204)
async def remove_group_member(
    group_id: IdPath, membership_id: IdPath, request: Request, ctx: Ctx, db: DB
) -> Response:
    """Take a member out of a group."""
    await groups.remove_member(db, ctx, group_id, membership_id, ip=client_ip(request))
    return Response(status_code=204)
