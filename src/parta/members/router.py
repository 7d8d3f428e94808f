"""Endpoints of the members domain: members, verification, parent–child links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT, Page
from parta.members import parent_links, service
from parta.members.schemas import (
    IdPath,
    LinkStatus,
    MemberBrief,
    MemberPatch,
    MemberStatus,
    ParentLinkOut,
    RoleName,
)

router = APIRouter(tags=["members"])

IdQuery = Annotated[str | None, Query(max_length=26)]


@router.get("/orgs/{org_id}/members", response_model=Page[MemberBrief])
async def list_members(
    ctx: Ctx,
    db: DB,
    role: RoleName | None = None,
    class_id: IdQuery = None,
    status: MemberStatus | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: IdQuery = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT)] = None,
) -> Page[MemberBrief]:
    """Members of the organisation: name, role, class and verified badge only.

    Without `status`, active members (and unclaimed roster entries for those who may see
    them). `q` searches names case-insensitively (Cyrillic included). Ordered by joining
    time; pass `next_cursor` back as `cursor` for the next page.
    """
    return await service.list_members(
        db, ctx, role=role, class_id=class_id, status=status, q=q, cursor=cursor, limit=limit
    )


@router.get("/orgs/{org_id}/members/{membership_id}", response_model=MemberBrief)
async def get_member(membership_id: IdPath, ctx: Ctx, db: DB) -> MemberBrief:
    """One member of the organisation."""
    return await service.get_member(db, ctx, membership_id)


@router.patch("/orgs/{org_id}/members/{membership_id}", response_model=MemberBrief)
async def update_member(
    membership_id: IdPath, body: MemberPatch, request: Request, ctx: Ctx, db: DB
) -> MemberBrief:
    """Change a member's role or title (administrators).

    A new role must be verified again; the last active administrator cannot stop being one
    (409 `last_admin`).
    """
    return await service.update_member(db, ctx, membership_id, body, ip=client_ip(request))


@router.post("/orgs/{org_id}/members/{membership_id}/verify", response_model=MemberBrief)
async def verify_member(membership_id: IdPath, request: Request, ctx: Ctx, db: DB) -> MemberBrief:
    """Verify a teacher, staff member or head: they get their role's rights and the badge.

    The person is told by e-mail.
    """
    return await service.set_verified(db, ctx, membership_id, True, ip=client_ip(request))


@router.post("/orgs/{org_id}/members/{membership_id}/unverify", response_model=MemberBrief)
async def unverify_member(membership_id: IdPath, request: Request, ctx: Ctx, db: DB) -> MemberBrief:
    """Withdraw a verification: the member falls back to student-level rights."""
    return await service.set_verified(db, ctx, membership_id, False, ip=client_ip(request))


@router.delete("/orgs/{org_id}/members/{membership_id}", status_code=204)
async def remove_member(membership_id: IdPath, request: Request, ctx: Ctx, db: DB) -> Response:
    """Remove a member from the organisation (administrators; never the last administrator)."""
    await service.remove_member(db, ctx, membership_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get("/orgs/{org_id}/members/{membership_id}/children", response_model=list[ParentLinkOut])
async def children(membership_id: IdPath, ctx: Ctx, db: DB) -> list[ParentLinkOut]:
    """A parent's confirmed and pending links to children (the parent and staff)."""
    return await parent_links.children(db, ctx, membership_id)


@router.get("/orgs/{org_id}/members/{membership_id}/parents", response_model=list[ParentLinkOut])
async def parents(membership_id: IdPath, ctx: Ctx, db: DB) -> list[ParentLinkOut]:
    """A student's confirmed and pending parents (the student, their parents and staff)."""
    return await parent_links.parents(db, ctx, membership_id)


@router.get("/orgs/{org_id}/parent-links", response_model=list[ParentLinkOut])
async def list_parent_links(
    ctx: Ctx, db: DB, status: LinkStatus | None = None
) -> list[ParentLinkOut]:
    """Parent–child links to decide on: all of them for administrators and heads, those of
    their classes for class teachers. Newest first."""
    return await parent_links.list_links(db, ctx, status)


@router.post("/orgs/{org_id}/parent-links/{link_id}/confirm", response_model=ParentLinkOut)
async def confirm_parent_link(link_id: IdPath, request: Request, ctx: Ctx, db: DB) -> ParentLinkOut:
    """Confirm that the parent is the student's parent; the parent is told by e-mail."""
    return await parent_links.decide(db, ctx, link_id, True, ip=client_ip(request))


@router.post("/orgs/{org_id}/parent-links/{link_id}/reject", response_model=ParentLinkOut)
async def reject_parent_link(link_id: IdPath, request: Request, ctx: Ctx, db: DB) -> ParentLinkOut:
    """Reject (or withdraw) a parent–child link; the parent is told by e-mail."""
    return await parent_links.decide(db, ctx, link_id, False, ip=client_ip(request))
