"""Managing invitations inside an organisation: create, list, show, uses, revoke, parent links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole, Right
from parta.invites import repository as repo
from parta.invites.landing import STUDENT_STATUSES
from parta.invites.links import create_invitation, status_of, token_for, url_for
from parta.invites.policy import (
    Inviter,
    create_refusal,
    may_get_parent_invite,
    may_list_any,
    may_list_own,
    may_manage,
)
from parta.invites.qr import png_of
from parta.invites.schemas import (
    ClassRef,
    GroupRef,
    InvitationCreate,
    InvitationOut,
    InvitationUseOut,
    ParentInviteOut,
)
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, Unprocessable, not_found
from parta.models import Invitation

PARENT_INVITE_DAYS = 30
PARENT_INVITE_MAX_USES = 2


async def inviter_of(db: AsyncSession, ctx: OrgContext) -> Inviter:
    """The policy's view of the actor: rights, and the classes they lead."""
    own_class = ctx.can(Right.INVITE_OWN_CLASS)
    led = (
        await repo.led_class_ids(db, ctx.org_id, [m.id for m in ctx.memberships])
        if own_class
        else frozenset()
    )
    return Inviter(
        account_id=ctx.account_id,
        is_admin=ctx.has_role(OrgRole.ADMIN),
        invite_any=ctx.can(Right.INVITE_ANY),
        invite_own_class=own_class,
        led_class_ids=led,
        membership_ids=frozenset(m.id for m in ctx.memberships),
    )


async def describe(
    db: AsyncSession, org_id: str, invitations: Sequence[Invitation]
) -> list[InvitationOut]:
    classes = await repo.classes_by_id(db, org_id, (i.class_id for i in invitations))
    groups = await repo.groups_by_id(db, org_id, (i.group_id for i in invitations))
    names = await repo.account_names(db, (i.created_by for i in invitations))
    now = utcnow()
    out = []
    for inv in invitations:
        token = token_for(inv.id)
        out.append(
            InvitationOut(
                id=inv.id,
                kind=inv.kind,  # type: ignore[arg-type]
                url=url_for(token),
                token=token,
                role=OrgRole(inv.role),
                class_=ClassRef(id=inv.class_id, label=classes[inv.class_id])
                if inv.class_id in classes and inv.class_id
                else None,
                group=GroupRef(id=inv.group_id, name=groups[inv.group_id])
                if inv.group_id in groups and inv.group_id
                else None,
                label=inv.label,
                expires_at=inv.expires_at,
                max_uses=inv.max_uses,
                uses=inv.uses,
                revoked=inv.revoked_at is not None,
                status=status_of(inv, now),  # type: ignore[arg-type]
                created_at=inv.created_at,
                created_by_name=names.get(inv.created_by or ""),
            )
        )
    return out


async def create(
    db: AsyncSession, ctx: OrgContext, body: InvitationCreate, *, ip: str
) -> InvitationOut:
    """Create a role invitation, checking who may invite whom where."""
    if body.class_id is not None:
        school_class = await repo.get_class(db, ctx.org_id, body.class_id)
        if school_class is None:
            raise not_found("class")
        if school_class.archived_at is not None:
            raise Unprocessable(
                "This class is archived; invite into a class of the current year.",
                code="class_archived",
                fields={"class_id": "archived"},
            )
    if body.group_id is not None:
        group = await repo.get_group(db, ctx.org_id, body.group_id)
        if group is None:
            raise not_found("group")
        if group.archived_at is not None:
            raise Unprocessable(
                "This group is archived.", code="group_archived", fields={"group_id": "archived"}
            )
    refusal = create_refusal(await inviter_of(db, ctx), body.role, body.class_id)
    if refusal is not None:
        raise Forbidden(refusal)
    invitation, _ = await create_invitation(
        db,
        org_id=ctx.org_id,
        role=body.role,
        created_by=ctx.account_id,
        class_id=body.class_id,
        group_id=body.group_id,
        expires_at=utcnow() + timedelta(hours=body.expires_in_hours),
        max_uses=body.max_uses,
        label=body.label.strip(),
    )
    await audit(
        db,
        "invitation.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="invitation",
        target_id=invitation.id,
        ip=ip,
        data={"role": body.role.value, "class_id": body.class_id, "max_uses": body.max_uses},
    )
    return (await describe(db, ctx.org_id, [invitation]))[0]


async def list_visible(db: AsyncSession, ctx: OrgContext) -> list[InvitationOut]:
    """Everything for those who may invite anyone; one's own invitations for teachers."""
    actor = await inviter_of(db, ctx)
    if may_list_any(actor):
        rows = await repo.list_invitations(db, ctx.org_id)
    elif may_list_own(actor):
        rows = await repo.list_invitations(db, ctx.org_id, created_by=ctx.account_id)
    else:
        raise Forbidden("You do not have the right to see invitations.")
    return await describe(db, ctx.org_id, rows)


async def _managed(db: AsyncSession, ctx: OrgContext, invitation_id: str) -> Invitation:
    invitation = await repo.get_invitation(db, ctx.org_id, invitation_id)
    if invitation is None:
        raise not_found("invitation")
    if not may_manage(await inviter_of(db, ctx), invitation.created_by):
        raise Forbidden("You can manage only the invitations you created.")
    return invitation


async def show(db: AsyncSession, ctx: OrgContext, invitation_id: str) -> InvitationOut:
    invitation = await _managed(db, ctx, invitation_id)
    return (await describe(db, ctx.org_id, [invitation]))[0]


async def link_of(db: AsyncSession, ctx: OrgContext, invitation_id: str) -> str:
    """The URL of an invitation the actor manages (for the QR code)."""
    return url_for(token_for((await _managed(db, ctx, invitation_id)).id))


async def uses(db: AsyncSession, ctx: OrgContext, invitation_id: str) -> list[InvitationUseOut]:
    invitation = await _managed(db, ctx, invitation_id)
    return [
        InvitationUseOut(
            membership_id=m.id, name=m.full_name, role=OrgRole(m.role), used_at=u.used_at
        )
        for u, m in await repo.uses_of(db, invitation)
    ]


async def revoke(
    db: AsyncSession, ctx: OrgContext, invitation_id: str, *, ip: str
) -> InvitationOut:
    """Stop a link from working; revoking twice is harmless."""
    invitation = await _managed(db, ctx, invitation_id)
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        await db.flush()
        await audit(
            db,
            "invitation.revoked",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="invitation",
            target_id=invitation.id,
            ip=ip,
        )
    return (await describe(db, ctx.org_id, [invitation]))[0]


async def live_parent_invitation(
    db: AsyncSession,
    org_id: str,
    student_membership_id: str,
    *,
    created_by: str | None,
    ip: str,
) -> tuple[Invitation, bool]:
    """The student's live parent invitation, created when there is none; (it, created)."""
    existing = await repo.live_parent_invitation(db, org_id, student_membership_id, utcnow())
    if existing is not None:
        return existing, False
    invitation, _ = await create_invitation(
        db,
        org_id=org_id,
        role=OrgRole.PARENT,
        created_by=created_by,
        kind="parent",
        student_membership_id=student_membership_id,
        expires_at=utcnow() + timedelta(days=PARENT_INVITE_DAYS),
        max_uses=PARENT_INVITE_MAX_USES,
    )
    await audit(
        db,
        "invitation.created",
        org_id=org_id,
        actor_id=created_by,
        target_type="invitation",
        target_id=invitation.id,
        ip=ip,
        data={"role": "parent", "kind": "parent", "student_membership_id": student_membership_id},
    )
    return invitation, True


async def parent_invite(
    db: AsyncSession, ctx: OrgContext, student_membership_id: str, *, ip: str
) -> ParentInviteOut:
    """The link a student's parents join with (the student, their class teacher, admins)."""
    student = await repo.get_membership(db, ctx.org_id, student_membership_id)
    if student is None or student.role != OrgRole.STUDENT or student.status not in STUDENT_STATUSES:
        raise not_found("student")
    if not may_get_parent_invite(await inviter_of(db, ctx), student.id, student.class_id):
        raise Forbidden("Only the student, their class teacher or an administrator can do this.")
    invitation, _ = await live_parent_invitation(
        db, ctx.org_id, student.id, created_by=ctx.account_id, ip=ip
    )
    token = token_for(invitation.id)
    return ParentInviteOut(
        id=invitation.id,
        url=url_for(token),
        token=token,
        expires_at=invitation.expires_at,
        uses=invitation.uses,
        max_uses=invitation.max_uses,
    )


async def qr_png(db: AsyncSession, ctx: OrgContext, invitation_id: str) -> bytes:
    """The QR code of an invitation the actor manages."""
    return png_of(await link_of(db, ctx, invitation_id))


async def parent_invite_png(
    db: AsyncSession, ctx: OrgContext, student_membership_id: str, *, ip: str
) -> bytes:
    """The QR code of a student's parent invitation."""
    return png_of((await parent_invite(db, ctx, student_membership_id, ip=ip)).url)
