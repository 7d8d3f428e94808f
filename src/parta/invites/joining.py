"""Applying an invitation to an account: the membership, the parent link, the counted use."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import Actor
from parta.auth.roles import OrgRole
from parta.config import get_settings
from parta.invites import repository as repo
from parta.invites.landing import Target, cannot_be_own_parent, resolve
from parta.invites.schemas import Join, JoinedMembership
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Gone, Unprocessable
from parta.members.parent_links import LIVE_STATUSES, request_link
from parta.members.repository import find_link
from parta.members.service import active_membership, add_membership
from parta.models import Account, Consent, GroupMember, InvitationUse, Membership, ParentLink


@dataclass
class Joined:
    membership: Membership
    parent_link: ParentLink | None = None

    def out(self) -> JoinedMembership:
        m = self.membership
        return JoinedMembership(
            org_id=m.org_id,
            membership_id=m.id,
            role=OrgRole(m.role),
            verified=m.role not in ("teacher", "staff", "head") or m.verified_at is not None,
            parent_link_status=self.parent_link.status if self.parent_link else None,
        )


def require_consent(consent: bool) -> None:
    if consent is not True:
        raise Unprocessable(
            "Please agree to the processing of personal data to continue.",
            code="consent_required",
            fields={"consent": "required"},
        )


def require_current_policy(version: str | None) -> None:
    current = get_settings().policy_version
    if version is not None and version != current:
        raise Conflict(
            "The personal data policy has changed. Please read the new version and agree again.",
            code="policy_changed",
            fields={"policy_version": current},
        )


async def record_consent(
    db: AsyncSession,
    account_id: str,
    org_id: str,
    *,
    ip: str,
    given_by: str = "self",
    guardian_email: str | None = None,
    policy_version: str | None = None,
    invitation_id: str | None = None,
) -> Consent:
    consent = Consent(
        account_id=account_id,
        org_id=org_id,
        policy_version=policy_version or get_settings().policy_version,
        given_by=given_by,
        guardian_email=guardian_email,
        invitation_id=invitation_id,
        ip=ip,
        accepted_at=utcnow(),
    )
    db.add(consent)
    await db.flush()
    return consent


async def _join_as_parent(
    db: AsyncSession, target: Target, account: Account
) -> tuple[Membership, ParentLink]:
    student = target.student
    assert student is not None
    if student.account_id == account.id:
        raise cannot_be_own_parent()
    org_id = target.org.id
    membership = await active_membership(db, org_id, account.id, OrgRole.PARENT)
    if membership is None:
        membership = await add_membership(
            db,
            org_id=org_id,
            account=account,
            role=OrgRole.PARENT,
            invitation_id=target.invitation.id,
        )
    else:
        existing = await find_link(db, org_id, membership.id, student.id)
        if existing is not None and existing.status in LIVE_STATUSES:
            raise Conflict(
                "You are already linked to this child, or the link waits for confirmation.",
                code="already_linked",
            )
    link = await request_link(db, org_id, membership.id, student.id)
    return membership, link


async def _claim(db: AsyncSession, target: Target, account: Account) -> Membership:
    pending = target.personal
    assert pending is not None
    if await active_membership(db, target.org.id, account.id, OrgRole(pending.role)):
        raise Conflict(
            "You are already a member of this organisation in this role.", code="already_member"
        )
    if not await repo.claim_pending(db, pending.id, account.id):
        raise Gone("This personal invitation has already been used.", code="invitation_exhausted")
    await db.refresh(pending)
    pending.invitation_id = target.invitation.id
    if account.last_org_id is None:
        account.last_org_id = target.org.id
    await db.flush()
    return pending


async def apply_invitation(
    db: AsyncSession, target: Target, account: Account, *, ip: str
) -> Joined:
    """Give `account` what the invitation promises, and count the use (atomically)."""
    inv = target.invitation
    link: ParentLink | None = None
    if inv.kind == "parent":
        membership, link = await _join_as_parent(db, target, account)
    elif inv.kind == "personal":
        membership = await _claim(db, target, account)
    else:
        role = target.role
        membership = await add_membership(
            db,
            org_id=target.org.id,
            account=account,
            role=role,
            class_id=inv.class_id if role == OrgRole.STUDENT else None,
            # Administrators invited by an administrator need no further verification;
            # teachers, staff and heads join unverified.
            verified_by=(inv.created_by or account.id) if role == OrgRole.ADMIN else None,
            invitation_id=inv.id,
        )
    if target.group is not None and target.group.archived_at is None:
        await _add_to_group(db, target.org.id, target.group.id, membership.id)
    if not await repo.count_use(db, inv.id, utcnow()):
        raise Gone(
            "This invitation link has already been used as many times as allowed.",
            code="invitation_exhausted",
        )
    use = InvitationUse(invitation_id=inv.id, account_id=account.id, membership_id=membership.id)
    use.ip = ip
    db.add(use)
    await db.flush()
    org_id = target.org.id
    await audit(
        db,
        "invitation.used",
        org_id=org_id,
        actor_id=account.id,
        target_type="invitation",
        target_id=inv.id,
        ip=ip,
    )
    await audit(
        db,
        "member.joined",
        org_id=org_id,
        actor_id=account.id,
        target_type="membership",
        target_id=membership.id,
        ip=ip,
        data={"role": membership.role, "invitation_id": inv.id, "kind": inv.kind},
    )
    if link is not None:
        await audit(
            db,
            "parent_link.requested",
            org_id=org_id,
            actor_id=account.id,
            target_type="parent_link",
            target_id=link.id,
            ip=ip,
            data={"student_membership_id": link.student_membership_id},
        )
    return Joined(membership=membership, parent_link=link)


async def _add_to_group(db: AsyncSession, org_id: str, group_id: str, membership_id: str) -> None:
    exists = await db.execute(
        sa.select(GroupMember.id).where(
            GroupMember.group_id == group_id, GroupMember.membership_id == membership_id
        )
    )
    if exists.first() is None:
        db.add(GroupMember(org_id=org_id, group_id=group_id, membership_id=membership_id))
        await db.flush()


async def join(db: AsyncSession, token: str, actor: Actor, body: Join, *, ip: str) -> Joined:
    """A signed-in person joins through a link."""
    target = await resolve(db, token)
    require_consent(body.consent)
    require_current_policy(body.policy_version)
    joined = await apply_invitation(db, target, actor.account, ip=ip)
    await record_consent(
        db, actor.account.id, target.org.id, ip=ip, invitation_id=target.invitation.id
    )
    return joined
