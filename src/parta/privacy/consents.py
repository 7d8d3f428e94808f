"""Consent records: listing, giving (again) and withdrawing.

A consent row says what was accepted (`kind`: personal data processing), for which
organisation, under which policy version, by whom (the person, or a parent for a child
under the organisation's consent age), when, and through which invitation. Rows are never
deleted, not even by erasure: they are the organisation's proof that it had consent.

Withdrawing ends the processing: when the person belongs to other organisations, only this
organisation's memberships end; otherwise the account is switched off at once and erased
after the grace period (parta.privacy.deletion). A parent's new consent for a child within
that period cancels the erasure.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor
from parta.config import get_settings
from parta.invites.joining import require_consent, require_current_policy
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, not_found
from parta.kit.ids import is_id
from parta.models import Account, Consent, Membership, Org
from parta.privacy import deletion, policy
from parta.privacy.deletion import deletion_out
from parta.privacy.schemas import ConsentIn, ConsentOut, OrgRef, WithdrawOut
from parta.privacy.subjects import visible_subject


async def consents_of(db: AsyncSession, account_id: str) -> list[Consent]:
    stmt = (
        sa.select(Consent)
        .where(Consent.account_id == account_id)
        .order_by(Consent.accepted_at.desc(), Consent.id.desc())
    )
    return list((await db.execute(stmt)).scalars())


async def consent_views(db: AsyncSession, rows: list[Consent]) -> list[ConsentOut]:
    org_ids = {c.org_id for c in rows if c.org_id}
    parent_ids = {c.given_by_account_id for c in rows if c.given_by_account_id}
    orgs: dict[str, str] = {}
    names: dict[str, str] = {}
    if org_ids:
        found = await db.execute(sa.select(Org.id, Org.name).where(Org.id.in_(org_ids)))
        orgs = {i: n for i, n in found.all()}
    if parent_ids:
        stmt = sa.select(Account.id, Account.display_name).where(Account.id.in_(parent_ids))
        names = {i: n for i, n in (await db.execute(stmt)).all()}
    current = get_settings().policy_version
    return [
        ConsentOut(
            id=c.id,
            org_id=c.org_id,
            org_name=orgs.get(c.org_id, "") if c.org_id else "",
            scope=c.kind,
            policy_version=c.policy_version,
            current=c.policy_version == current,
            given_by="guardian" if c.given_by == "guardian" else "self",
            given_by_name=names.get(c.given_by_account_id) if c.given_by_account_id else None,
            invitation_id=c.invitation_id,
            accepted_at=c.accepted_at,
            withdrawn_at=c.withdrawn_at,
        )
        for c in rows
    ]


async def member_orgs(db: AsyncSession, account_id: str) -> list[OrgRef]:
    """Active organisations where the account holds an active membership."""
    stmt = (
        sa.select(Org.id, Org.name)
        .join(Membership, Membership.org_id == Org.id)
        .where(
            Membership.account_id == account_id,
            Membership.status == "active",
            Org.status == "active",
        )
        .distinct()
        .order_by(Org.name)
    )
    return [OrgRef(org_id=i, org_name=n) for i, n in (await db.execute(stmt)).all()]


def missing(rows: list[Consent], orgs: list[OrgRef], minor_in: set[str]) -> list[OrgRef]:
    """Organisations without a live consent for the current policy (given by a parent where
    the person is under the consent age)."""
    current = get_settings().policy_version
    covered = {
        c.org_id
        for c in rows
        if c.withdrawn_at is None
        and c.policy_version == current
        and (c.given_by == "guardian" or c.org_id not in minor_in)
    }
    return [o for o in orgs if o.org_id not in covered]


async def give_consent(
    db: AsyncSession, actor: Actor, subject_id: str, body: ConsentIn, *, ip: str
) -> ConsentOut:
    """Consent for myself (e.g. to a new policy version) or, as a parent, for my minor child.
    A parent's consent cancels the child's scheduled erasure and switches the account on."""
    subject, standing = await visible_subject(db, actor, subject_id)
    if not policy.may_decide(standing):
        raise Forbidden(
            "Your parent gives this consent for you. Ask them to do it in My data.",
            code="guardian_required",
        )
    require_consent(body.consent)
    require_current_policy(body.policy_version)
    orgs = {o.org_id for o in await member_orgs(db, subject.id)}
    if body.org_id not in orgs:
        raise not_found("organisation")
    by_parent = policy.consent_given_by(standing) == "guardian"
    consent = Consent(
        account_id=subject.id,
        org_id=body.org_id,
        policy_version=get_settings().policy_version,
        given_by="guardian" if by_parent else "self",
        guardian_email=actor.account.email if by_parent else None,
        given_by_account_id=actor.id if by_parent else None,
        ip=ip,
        accepted_at=utcnow(),
    )
    db.add(consent)
    await db.flush()
    await record(
        db,
        "consent.given",
        org_id=body.org_id,
        actor_id=actor.id,
        target_type="account",
        target_id=subject.id,
        ip=ip,
        data={"policy_version": consent.policy_version, "given_by": consent.given_by},
    )
    if by_parent:
        scheduled = await deletion.scheduled_for(db, subject.id)
        if scheduled is not None:
            await deletion.cancel(db, scheduled, by=actor.id, ip=ip)
    return (await consent_views(db, [consent]))[0]


async def _leave_org(db: AsyncSession, account_id: str, org_id: str) -> None:
    stmt = sa.select(Membership).where(
        Membership.account_id == account_id,
        Membership.org_id == org_id,
        Membership.status.in_(("active", "pending")),
    )
    now = utcnow()
    # ORM changes (not a bulk UPDATE): the roster listener then takes the person out of the
    # organisation's chats in the same transaction.
    for m in (await db.execute(stmt)).scalars():
        m.status = "removed"
        m.removed_at = now
    await db.flush()


async def withdraw(
    db: AsyncSession, actor: Actor, subject_id: str, consent_id: str, *, ip: str
) -> WithdrawOut:
    """Withdraw a consent (mine, or my minor child's). See the module docstring."""
    subject, standing = await visible_subject(db, actor, subject_id)
    if not policy.may_decide(standing):
        raise Forbidden(
            "Your parent gave this consent; only they can withdraw it.", code="guardian_required"
        )
    consent = await db.get(Consent, consent_id) if is_id(consent_id) else None
    if consent is None or consent.account_id != subject.id:
        raise not_found("consent")
    if consent.withdrawn_at is not None:
        raise Conflict("This consent was already withdrawn.", code="already_withdrawn")
    org_id = consent.org_id
    others = [o for o in await member_orgs(db, subject.id) if o.org_id != org_id]
    if not others:
        await deletion.ensure_not_last_admin(db, subject.id)
    elif org_id is not None:
        await _ensure_not_last_admin_of(db, subject.id, org_id)
    now = utcnow()
    for c in await consents_of(db, subject.id):
        if c.org_id == org_id and c.withdrawn_at is None:
            c.withdrawn_at, c.withdrawn_by = now, actor.id
    await record(
        db,
        "consent.withdrawn",
        org_id=org_id,
        actor_id=actor.id,
        target_type="account",
        target_id=subject.id,
        ip=ip,
        data={"policy_version": consent.policy_version},
    )
    if others and org_id is not None:
        await _leave_org(db, subject.id, org_id)
        return WithdrawOut(left_org=True, deletion=None)
    req = await deletion.schedule(
        db,
        subject,
        reason="consent_withdrawn",
        requested_by=actor.id,
        ip=ip,
        notify=actor.account,
    )
    return WithdrawOut(left_org=False, deletion=deletion_out(req))


async def _ensure_not_last_admin_of(db: AsyncSession, account_id: str, org_id: str) -> None:
    stmt = sa.select(Membership.account_id).where(
        Membership.org_id == org_id, Membership.role == "admin", Membership.status == "active"
    )
    admins = set((await db.execute(stmt)).scalars())
    if account_id in admins and len(admins) == 1:
        raise Conflict(
            "This is the last administrator of the organisation. Appoint another one first.",
            code="last_admin",
        )
