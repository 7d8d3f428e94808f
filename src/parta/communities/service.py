"""Community use cases on the community's side: start one, list mine, read and change one,
and the organisations in it (invite by exact name or code, accept a request, remove)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor, OrgContext
from parta.auth.roles import OrgRole
from parta.communities import access, codes, notices, policy
from parta.communities.access import CommunityContext, Member
from parta.communities.schemas import (
    CommunityIn,
    CommunityInviteIn,
    CommunityOrgOut,
    CommunityOrgRef,
    CommunityOut,
    CommunityPatch,
)
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, NotFound, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.models import (
    Community,
    CommunityOrg,
    CommunityOrgCode,
    CommunityPerson,
    CommunityPost,
    Org,
)

MAX_OPEN_ORGS = 100  # organisations invited, asking or taking part, per community
# Which of the creator's memberships seats them in their own organisation's participation.
_CREATOR_ROLES = (OrgRole.TEACHER, OrgRole.HEAD, OrgRole.STAFF, OrgRole.ADMIN)


def require_moderator(cc: CommunityContext) -> None:
    if not cc.is_moderator:
        raise Forbidden("Only the community's moderators can do this.", code="not_moderator")


async def _last_post_at(db: AsyncSession, ids: Sequence[str]) -> dict[str, object]:
    if not ids:
        return {}
    stmt = (
        sa.select(CommunityPost.community_id, sa.func.max(CommunityPost.created_at))
        .where(CommunityPost.community_id.in_(list(ids)), CommunityPost.deleted_at.is_(None))
        .group_by(CommunityPost.community_id)
    )
    return {cid: at for cid, at in (await db.execute(stmt)).all()}


async def view(
    db: AsyncSession, community: Community, me: Member, last_post_at: object = None
) -> CommunityOut:
    """The community as this member sees it."""
    parts = await access.active_participations(db, community.id)
    people = await access.members(db, community.id, participations=parts)
    names = await access.org_names(
        db, [p.org_id for p in parts] + [community.home_org_id, me.org_id]
    )
    home = community.home_org_id
    return CommunityOut(
        id=community.id,
        title=community.title,
        description=community.description,
        kind=community.kind,  # type: ignore[arg-type]  # stored values are policy.KINDS
        home_org=CommunityOrgRef(id=home, name=names.get(home, "")) if home else None,
        created_at=community.created_at,
        my_role=me.role,
        my_org=CommunityOrgRef(id=me.org_id, name=names.get(me.org_id, "")),
        orgs=[CommunityOrgRef(id=p.org_id, name=names.get(p.org_id, "")) for p in parts],
        member_count=len(people),
        join_code=community.join_code if policy.may_moderate(me.role) else None,
        last_post_at=last_post_at,  # type: ignore[arg-type]
    )


def _creator_membership(ctx: OrgContext) -> str:
    for role in _CREATOR_ROLES:
        m = ctx.membership(role)
        if m is not None and policy.is_verified_staff(m.role, m.verified_at is not None):
            return m.id
    raise Forbidden(
        "Only verified staff and administrators can start a community.", code="may_not_create"
    )


async def create_community(
    db: AsyncSession, ctx: OrgContext, body: CommunityIn, ip: str = ""
) -> CommunityOut:
    """Start a community in the actor's organisation. The organisation takes part at once
    with the creator alone; its administrator decides whom else it sends (or withdraws it)."""
    membership_id = _creator_membership(ctx)
    title = body.title.strip()
    if not title:
        raise Unprocessable(
            "The title cannot be empty.", fields={"title": "The title cannot be empty."}
        )
    now = utcnow()
    community = Community(
        title=title,
        description=body.description.strip(),
        kind=body.kind,
        join_code=await codes.unused_community_code(db),
        home_org_id=ctx.org_id,
        created_by=ctx.account_id,
        created_at=now,
        updated_at=now,
    )
    db.add(community)
    await db.flush()
    db.add(
        CommunityOrg(
            community_id=community.id,
            org_id=ctx.org_id,
            status=policy.ACTIVE,
            staff_ids=[membership_id],
            invited_by=ctx.account_id,
            decided_by=ctx.account_id,
            decided_at=now,
            joined_at=now,
            created_at=now,
            updated_at=now,
        )
    )
    db.add(CommunityPerson(community_id=community.id, account_id=ctx.account_id, role="owner"))
    await db.flush()
    await record(
        db,
        "community.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="community",
        target_id=community.id,
        ip=ip,
        data={"title": title, "kind": body.kind},
    )
    admins = set(await notices.org_admins(db, ctx.org_id)) - {ctx.account_id}
    await notices.tell(db, admins, "community.participation", {"org_id": ctx.org_id})
    cc = await access.community_context(db, ctx.actor, community.id)
    return await view(db, community, cc.me)


async def my_communities(db: AsyncSession, actor: Actor) -> list[CommunityOut]:
    """Communities I am a member of now, the most recently active first."""
    seats = await access.my_seats(db, actor.account.id)
    if not seats:
        return []
    stmt = sa.select(Community).where(Community.id.in_(list(seats)))
    communities = list((await db.execute(stmt)).scalars())
    last = await _last_post_at(db, [c.id for c in communities])
    out = [await view(db, c, seats[c.id], last.get(c.id)) for c in communities]
    out.sort(key=lambda c: c.last_post_at or c.created_at, reverse=True)
    return out


async def get_community(db: AsyncSession, actor: Actor, community_id: str) -> CommunityOut:
    """One community I am a member of (404 otherwise)."""
    cc = await access.community_context(db, actor, community_id)
    last = await _last_post_at(db, [community_id])
    return await view(db, cc.community, cc.me, last.get(community_id))


async def update_community(
    db: AsyncSession, actor: Actor, community_id: str, body: CommunityPatch
) -> CommunityOut:
    """Change the title, description or kind (moderators)."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    c = cc.community
    if body.title is not None:
        if not body.title.strip():
            raise Unprocessable(
                "The title cannot be empty.", fields={"title": "The title cannot be empty."}
            )
        c.title = body.title.strip()
    if body.description is not None:
        c.description = body.description.strip()
    if body.kind is not None:
        c.kind = body.kind
    c.updated_at = utcnow()
    await db.flush()
    await notices.tell_members(db, c.id, "community.updated", {})
    return await view(db, c, cc.me)


async def renew_join_code(db: AsyncSession, actor: Actor, community_id: str) -> CommunityOut:
    """A new join code (moderators); the old one stops working."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    cc.community.join_code = await codes.unused_community_code(db)
    await db.flush()
    return await view(db, cc.community, cc.me)


# --- organisations in the community ------------------------------------------------


def org_view(p: CommunityOrg, names: dict[str, str], home_org_id: str | None) -> CommunityOrgOut:
    return CommunityOrgOut(
        id=p.id,
        org=CommunityOrgRef(id=p.org_id, name=names.get(p.org_id, "")),
        status=p.status,  # type: ignore[arg-type]
        home=p.org_id == home_org_id,
        joined_at=p.joined_at,
        updated_at=p.updated_at,
    )


async def list_orgs(db: AsyncSession, actor: Actor, community_id: str) -> list[CommunityOrgOut]:
    """Organisations taking part; moderators also see the invited, the asking, and those
    that left or were removed."""
    cc = await access.community_context(db, actor, community_id)
    stmt = sa.select(CommunityOrg).where(CommunityOrg.community_id == community_id)
    if not cc.is_moderator:
        stmt = stmt.where(CommunityOrg.status == policy.ACTIVE)
    parts = list(
        (await db.execute(stmt.order_by(CommunityOrg.created_at, CommunityOrg.id))).scalars()
    )
    names = await access.org_names(db, [p.org_id for p in parts])
    return [org_view(p, names, cc.community.home_org_id) for p in parts]


async def _find_org(db: AsyncSession, body: CommunityInviteIn) -> Org:
    """The organisation by its invitation code or its exact name — never by browsing."""
    if body.code is not None:
        stmt = (
            sa.select(Org)
            .join(CommunityOrgCode, CommunityOrgCode.org_id == Org.id)
            .where(CommunityOrgCode.code == codes.normalise(body.code), Org.status == "active")
        )
        org = (await db.execute(stmt)).scalar_one_or_none()
        if org is None:
            raise NotFound(
                "No organisation has this code. Ask its administrator for the current one.",
                code="org_not_found",
            )
        return org
    assert body.name is not None
    name = " ".join(body.name.split())
    stmt = sa.select(Org).where(Org.name == name, Org.status == "active").limit(2)
    found = list((await db.execute(stmt)).scalars())
    if not found:
        raise NotFound(
            "No organisation has exactly this name. Check the spelling or ask its "
            "administrator for the organisation's code.",
            code="org_not_found",
        )
    if len(found) > 1:
        raise Conflict(
            "Several organisations have this name. Ask the administrator of the one you mean "
            "for its code.",
            code="ambiguous_org_name",
        )
    return found[0]


async def invite_org(
    db: AsyncSession, actor: Actor, community_id: str, body: CommunityInviteIn
) -> CommunityOrgOut:
    """Invite an organisation (moderators). It takes part only once its administrator
    approves and chooses whom it sends; an organisation that asked to join is thereby
    accepted. Its administrators are told in the app and by e-mail."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    org = await _find_org(db, body)
    stmt = sa.select(CommunityOrg).where(
        CommunityOrg.community_id == community_id, CommunityOrg.org_id == org.id
    )
    p = (await db.execute(stmt)).scalar_one_or_none()
    new_status = policy.after_invite(p.status if p else None)
    if new_status is None:
        assert p is not None
        code = "already_taking_part" if p.status == policy.ACTIVE else "already_invited"
        raise Conflict("This organisation is already invited or taking part.", code=code)
    await _check_room(db, community_id)
    now = utcnow()
    before = await access.audience(db, community_id)
    if p is None:
        p = CommunityOrg(community_id=community_id, org_id=org.id, created_at=now)
        db.add(p)
    p.status, p.updated_at = new_status, now
    if new_status == policy.INVITED:
        p.invited_by = cc.account_id
    else:
        p.joined_at = now
    await db.flush()
    await record(
        db,
        "community.org_invited" if new_status == policy.INVITED else "community.org_accepted",
        org_id=org.id,
        actor_id=cc.account_id,
        target_type="community",
        target_id=community_id,
        data={"title": cc.community.title},
    )
    admins = await notices.tell_admins(db, org.id, {"participation_id": p.id})
    if new_status == policy.INVITED:
        home = (await access.org_names(db, [cc.me.org_id])).get(cc.me.org_id, "")
        await notices.mail(db, admins, "invited", title=cc.community.title, org=org.name, home=home)
    else:
        await notices.tell_change(db, community_id, before)
    if p.status == policy.INVITED:
        await notices.tell(
            db,
            await _moderators(db, community_id),
            "community.updated",
            {"community_id": community_id},
        )
    return org_view(p, {org.id: org.name}, cc.community.home_org_id)


async def _check_room(db: AsyncSession, community_id: str) -> None:
    stmt = sa.select(sa.func.count()).where(
        CommunityOrg.community_id == community_id,
        CommunityOrg.status.in_(list(policy.OPEN_STATUSES)),
    )
    if int((await db.execute(stmt)).scalar_one()) >= MAX_OPEN_ORGS:
        raise Conflict(
            f"A community can have at most {MAX_OPEN_ORGS} organisations.", code="too_many_orgs"
        )


async def _moderators(db: AsyncSession, community_id: str) -> list[str]:
    people = await access.members(db, community_id)
    return [a for a, m in people.items() if policy.may_moderate(m.role)]


async def _participation(
    db: AsyncSession, community_id: str, participation_id: str
) -> CommunityOrg:
    if not is_id(participation_id):
        raise not_found("organisation")
    stmt = (
        sa.select(CommunityOrg)
        .where(CommunityOrg.id == participation_id, CommunityOrg.community_id == community_id)
        .with_for_update()
    )
    p = (await db.execute(stmt)).scalar_one_or_none()
    if p is None:
        raise not_found("organisation")
    return p


async def accept_request(
    db: AsyncSession, actor: Actor, community_id: str, participation_id: str
) -> CommunityOrgOut:
    """Accept an organisation that asked to join with the code (moderators): it takes part
    at once with the people its administrator chose."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    p = await _participation(db, community_id, participation_id)
    if p.status != policy.REQUESTED:
        raise Conflict("This organisation has not asked to join.", code="not_requested")
    before = await access.audience(db, community_id)
    now = utcnow()
    p.status, p.joined_at, p.updated_at = policy.ACTIVE, now, now
    await db.flush()
    await record(
        db,
        "community.org_accepted",
        org_id=p.org_id,
        actor_id=cc.account_id,
        target_type="community",
        target_id=community_id,
        data={"title": cc.community.title},
    )
    await notices.tell_admins(db, p.org_id, {"participation_id": p.id})
    await notices.tell_change(db, community_id, before)
    names = await access.org_names(db, [p.org_id])
    return org_view(p, names, cc.community.home_org_id)


async def remove_org(
    db: AsyncSession, actor: Actor, community_id: str, participation_id: str
) -> None:
    """Remove an organisation, withdraw its invitation or refuse its request (moderators);
    its members lose access at once. The home organisation cannot be removed."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    p = await _participation(db, community_id, participation_id)
    if p.org_id == cc.community.home_org_id:
        raise Conflict("The community's home organisation cannot be removed.", code="home_org")
    if p.status not in policy.OPEN_STATUSES:
        raise Conflict("This organisation is not in the community.", code="not_in_community")
    before = await access.audience(db, community_id)
    p.status, p.updated_at = policy.REMOVED, utcnow()
    await db.flush()
    await record(
        db,
        "community.org_removed",
        org_id=p.org_id,
        actor_id=cc.account_id,
        target_type="community",
        target_id=community_id,
        data={"title": cc.community.title},
    )
    await notices.tell_admins(db, p.org_id, {"participation_id": p.id})
    await notices.tell_change(db, community_id, before)
