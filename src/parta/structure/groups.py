"""Study groups and staff departments, and who belongs to them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable, not_found
from parta.members import policy as members_policy
from parta.members import repository as members_repo
from parta.members.briefs import briefs, briefs_by_id
from parta.members.schemas import MemberBrief
from parta.models import Group, GroupMember
from parta.safety import visibility as safety_visibility
from parta.structure import policy, repository
from parta.structure.schemas import GroupIn, GroupOut, GroupPatch
from parta.structure.service import STRUCTURE_DENIED


async def _outs(db: AsyncSession, ctx: OrgContext, groups: list[Group]) -> list[GroupOut]:
    counts = await repository.group_member_counts(db, ctx.org_id, [g.id for g in groups])
    leads = await briefs_by_id(db, ctx.org_id, [g.lead_id for g in groups])
    return [
        GroupOut(
            id=g.id,
            kind=g.kind,  # type: ignore[arg-type]  # stored values are GroupKind names
            name=g.name,
            description=g.description,
            academic_year_id=g.academic_year_id,
            lead=leads.get(g.lead_id) if g.lead_id else None,
            member_count=counts.get(g.id, 0),
            archived=g.archived_at is not None,
        )
        for g in groups
    ]


async def _group(db: AsyncSession, ctx: OrgContext, group_id: str) -> Group:
    group = await repository.get_group(db, ctx.org_id, group_id)
    if group is None:
        raise not_found("group")
    return group


async def _live_group(db: AsyncSession, ctx: OrgContext, group_id: str) -> Group:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    group = await _group(db, ctx, group_id)
    if group.archived_at is not None:
        raise Conflict("This group is archived.", code="group_archived")
    return group


async def _lead_id(db: AsyncSession, ctx: OrgContext, membership_id: str | None) -> str | None:
    if membership_id is None:
        return None
    m = await members_repo.get_membership(db, ctx.org_id, membership_id)
    if m is None or m.status != "active" or not policy.can_lead_group(m.role):
        raise Unprocessable(
            "The lead must be an active staff member of this organisation.",
            code="invalid_lead",
            fields={"lead_membership_id": "not an active staff member"},
        )
    return m.id


async def _audit(
    db: AsyncSession, ctx: OrgContext, action: str, group: Group, ip: str, **data: object
) -> None:
    await record(
        db,
        f"group.{action}",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="group",
        target_id=group.id,
        ip=ip,
        data={"kind": group.kind, **data},
    )


async def list_groups(
    db: AsyncSession, ctx: OrgContext, kind: str | None, include_archived: bool
) -> list[GroupOut]:
    groups = await repository.list_groups(
        db, ctx.org_id, kind=kind, include_archived=include_archived
    )
    return await _outs(db, ctx, groups)


async def get_group(db: AsyncSession, ctx: OrgContext, group_id: str) -> GroupOut:
    return (await _outs(db, ctx, [await _group(db, ctx, group_id)]))[0]


async def add_group(db: AsyncSession, ctx: OrgContext, body: GroupIn, *, ip: str) -> GroupOut:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    name = " ".join(body.name.split())
    if not name:
        raise Unprocessable("Please enter a name.", fields={"name": "required"})
    year_id = None
    if body.academic_year_id:
        year = await repository.get_year(db, ctx.org_id, body.academic_year_id)
        if year is None:
            raise Unprocessable(
                "Unknown academic year.",
                code="invalid_year",
                fields={"academic_year_id": "unknown"},
            )
        year_id = year.id
    group = Group(
        org_id=ctx.org_id,
        kind=body.kind,
        name=name,
        description=body.description.strip(),
        academic_year_id=year_id,
        lead_id=await _lead_id(db, ctx, body.lead_membership_id),
    )
    db.add(group)
    await db.flush()
    await _audit(db, ctx, "created", group, ip, name=name)
    return (await _outs(db, ctx, [group]))[0]


async def update_group(
    db: AsyncSession, ctx: OrgContext, group_id: str, patch: GroupPatch, *, ip: str
) -> GroupOut:
    group = await _live_group(db, ctx, group_id)
    if patch.name is not None:
        name = " ".join(patch.name.split())
        if not name:
            raise Unprocessable("Please enter a name.", fields={"name": "required"})
        group.name = name
    if patch.description is not None:
        group.description = patch.description.strip()
    if "lead_membership_id" in patch.model_fields_set:
        group.lead_id = await _lead_id(db, ctx, patch.lead_membership_id)
    await db.flush()
    await _audit(db, ctx, "updated", group, ip, changed=sorted(patch.model_fields_set))
    return (await _outs(db, ctx, [group]))[0]


async def archive_group(db: AsyncSession, ctx: OrgContext, group_id: str, *, ip: str) -> None:
    ctx.require(Right.MANAGE_STRUCTURE, STRUCTURE_DENIED)
    group = await _group(db, ctx, group_id)
    if group.archived_at is None:
        group.archived_at = utcnow()
        await db.flush()
        await _audit(db, ctx, "archived", group, ip)


async def list_members(db: AsyncSession, ctx: OrgContext, group_id: str) -> list[MemberBrief]:
    group = await _group(db, ctx, group_id)
    statuses = [s for s in policy.LIVE_STATUSES if members_policy.can_see_status(ctx.rights, s)]
    rows = await repository.group_members(db, ctx.org_id, group.id, statuses)
    rows = await safety_visibility.visible(db, ctx, rows)  # safe mode for students
    return await briefs(db, rows)


async def add_member(
    db: AsyncSession, ctx: OrgContext, group_id: str, membership_id: str, *, ip: str
) -> MemberBrief:
    group = await _live_group(db, ctx, group_id)
    m = await members_repo.get_membership(db, ctx.org_id, membership_id)
    if m is None or m.status not in policy.LIVE_STATUSES:
        raise Unprocessable(
            "Choose a member of this organisation.",
            code="invalid_member",
            fields={"membership_id": "not a member"},
        )
    if not policy.group_accepts(group.kind, m.role):
        raise Unprocessable(
            "Departments are for staff: administrators, heads, teachers and staff.",
            code="not_staff",
            fields={"membership_id": "not staff"},
        )
    if await repository.group_member(db, ctx.org_id, group.id, m.id):
        raise Conflict("This person is already in the group.", code="already_in_group")
    db.add(GroupMember(org_id=ctx.org_id, group_id=group.id, membership_id=m.id))
    await db.flush()
    await _audit(db, ctx, "member_added", group, ip, membership_id=m.id)
    return (await briefs(db, [m]))[0]


async def remove_member(
    db: AsyncSession, ctx: OrgContext, group_id: str, membership_id: str, *, ip: str
) -> None:
    group = await _live_group(db, ctx, group_id)
    row = await repository.group_member(db, ctx.org_id, group.id, membership_id)
    if row is None:
        raise not_found("group member")
    await db.delete(row)
    await db.flush()
    await _audit(db, ctx, "member_removed", group, ip, membership_id=membership_id)
