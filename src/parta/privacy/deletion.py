"""Asking for an account's erasure, and changing one's mind within the grace period.

Any request switches the account off at once (no sign-in, every session ended) and schedules
the erasure `deletion_grace_days` later (parta.privacy.erasure does it). Until then the
request can be cancelled by a parent (for a minor child, or by consenting again) or by an
administrator of one of the person's organisations — the person themselves cannot sign in
any more, so they ask the school.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth import signin
from parta.auth.deps import Actor, OrgContext
from parta.auth.email_codes import wrong_password
from parta.auth.passwords import verify_password
from parta.auth.roles import OrgRole, Right
from parta.auth.tokens import end_sessions
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.mail.outbox import queue_mail
from parta.members.service import visible_membership
from parta.models import Account, DeletionRequest, Membership
from parta.privacy import policy, texts
from parta.privacy.schemas import DeletionIn, DeletionOut, MemberDeletionIn, OrgDeletionOut
from parta.privacy.settings import privacy_settings
from parta.privacy.subjects import visible_subject


def deletion_out(d: DeletionRequest) -> DeletionOut:
    return DeletionOut(
        id=d.id,
        reason=d.reason,  # type: ignore[arg-type]  # stored values are DeletionReason
        status=d.status,  # type: ignore[arg-type]
        requested_at=d.requested_at,
        due_at=d.due_at,
        cancelled_at=d.cancelled_at,
        done_at=d.done_at,
    )


async def scheduled_for(db: AsyncSession, account_id: str) -> DeletionRequest | None:
    stmt = sa.select(DeletionRequest).where(
        DeletionRequest.account_id == account_id, DeletionRequest.status == "scheduled"
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def latest_for(db: AsyncSession, account_id: str) -> DeletionRequest | None:
    stmt = (
        sa.select(DeletionRequest)
        .where(DeletionRequest.account_id == account_id)
        .order_by(DeletionRequest.requested_at.desc(), DeletionRequest.id.desc())
        .limit(1)
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def ensure_not_last_admin(db: AsyncSession, account_id: str) -> None:
    """409 `last_admin` when erasing the account would leave an organisation without one."""
    mine = sa.select(Membership.org_id).where(
        Membership.account_id == account_id,
        Membership.role == OrgRole.ADMIN,
        Membership.status == "active",
    )
    others = (
        sa.select(Membership.org_id, sa.func.count())
        .where(
            Membership.org_id.in_(mine),
            Membership.role == OrgRole.ADMIN,
            Membership.status == "active",
            Membership.account_id != account_id,
        )
        .group_by(Membership.org_id)
    )
    covered = {org_id for org_id, _ in (await db.execute(others)).all()}
    if set((await db.execute(mine)).scalars()) - covered:
        raise Conflict(
            "This is the last administrator of an organisation. Appoint another one first.",
            code="last_admin",
        )


async def _mail(db: AsyncSession, account: Account, key: str, **values: str) -> None:
    if account.email:
        subject, body = texts.render(key, account.language, **values)
        await queue_mail(db, account.email, subject, body)


async def schedule(
    db: AsyncSession,
    account: Account,
    *,
    reason: str,
    requested_by: str,
    org_id: str | None = None,
    ip: str = "",
    notify: Account | None = None,
) -> DeletionRequest:
    """Switch the account off and schedule its erasure (an existing schedule is kept)."""
    existing = await scheduled_for(db, account.id)
    account.is_active = False
    await end_sessions(db, account.id)
    if existing is not None:
        await db.flush()
        return existing
    now = utcnow()
    req = DeletionRequest(
        account_id=account.id,
        org_id=org_id,
        reason=reason,
        requested_by=requested_by,
        requested_at=now,
        due_at=now + timedelta(days=get_settings().deletion_grace_days),
    )
    db.add(req)
    await db.flush()
    await record(
        db,
        "privacy.deletion_scheduled",
        org_id=org_id,
        actor_id=requested_by,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"reason": reason, "due_at": req.due_at.isoformat()},
    )
    date = req.due_at.date().isoformat()
    await _mail(db, account, "deletion_scheduled", name=account.display_name, date=date)
    if notify is not None and notify.id != account.id:
        await _mail(db, notify, "deletion_scheduled", name=account.display_name, date=date)
    return req


async def cancel(
    db: AsyncSession,
    req: DeletionRequest,
    *,
    by: str,
    org_id: str | None = None,
    ip: str = "",
) -> DeletionRequest:
    """Cancel a scheduled erasure and switch the account back on."""
    if req.status != "scheduled":
        raise Conflict("This deletion is not scheduled any more.", code="deletion_not_scheduled")
    req.status = "cancelled"
    req.cancelled_by = by
    req.cancelled_at = utcnow()
    account = await db.get(Account, req.account_id)
    if account is not None:
        account.is_active = True
        await _mail(db, account, "deletion_cancelled", name=account.display_name)
    await record(
        db,
        "privacy.deletion_cancelled",
        org_id=org_id,
        actor_id=by,
        target_type="account",
        target_id=req.account_id,
        ip=ip,
        data={"reason": req.reason},
    )
    await db.flush()
    return req


async def _check_password(db: AsyncSession, actor: Actor, password: str | None, ip: str) -> None:
    """Erasure cannot be undone after the grace period: a left-open session is not enough."""
    account = actor.account
    if account.password_hash is None:
        return
    await signin.check_account_limits(db, account, ip)
    if not password or not await verify_password(account.password_hash, password):
        await signin.record_account_failure(db, account, ip)
        raise wrong_password("password")


async def request_deletion(
    db: AsyncSession, actor: Actor, subject_id: str, body: DeletionIn, *, ip: str
) -> DeletionOut:
    """Ask to erase my account, or a parent for their minor child's."""
    subject, standing = await visible_subject(db, actor, subject_id)
    if not policy.may_decide(standing):
        raise Forbidden(
            "Your parent decides about your account. Ask them to do it in My data.",
            code="guardian_required",
        )
    if body.confirm is not True:
        raise Unprocessable(
            "Please confirm that the account should be deleted.",
            code="confirm_required",
            fields={"confirm": "required"},
        )
    await _check_password(db, actor, body.password, ip)
    await ensure_not_last_admin(db, subject.id)
    req = await schedule(
        db,
        subject,
        reason="self" if standing.is_self else "guardian",
        requested_by=actor.id,
        ip=ip,
        notify=actor.account,
    )
    return deletion_out(req)


async def cancel_for_child(db: AsyncSession, actor: Actor, subject_id: str, *, ip: str) -> None:
    """A parent changes their mind about their minor child's erasure."""
    subject, standing = await visible_subject(db, actor, subject_id)
    if not (standing.parent_of_minor and policy.may_decide(standing)):
        raise Forbidden("Only a parent can cancel this deletion.", code="guardian_required")
    req = await scheduled_for(db, subject.id)
    if req is None:
        raise not_found("scheduled deletion")
    await cancel(db, req, by=actor.id, ip=ip)


# Administrators


async def _in_other_orgs(db: AsyncSession, account_id: str, org_id: str) -> bool:
    stmt = sa.select(Membership.id).where(
        Membership.account_id == account_id,
        Membership.org_id != org_id,
        Membership.status.in_(("active", "alumni")),
    )
    return (await db.execute(stmt.limit(1))).first() is not None


async def request_for_member(
    db: AsyncSession, ctx: OrgContext, body: MemberDeletionIn, *, ip: str
) -> OrgDeletionOut:
    """An administrator asks to erase a member's account (the organisation's rules apply)."""
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators can ask to erase accounts.")
    if not is_id(body.membership_id):
        raise not_found("member")
    membership = await visible_membership(db, ctx, body.membership_id)
    if membership.account_id is None:
        raise Unprocessable(
            "Nobody has claimed this roster entry; remove the member instead.",
            code="no_account",
        )
    account = await db.get(Account, membership.account_id)
    if account is None or account.deleted_at is not None:
        raise not_found("member")
    roles = (
        await db.execute(
            sa.select(Membership.role).where(
                Membership.org_id == ctx.org_id,
                Membership.account_id == account.id,
                Membership.status == "active",
            )
        )
    ).scalars()
    refusal = policy.admin_may_erase(
        allowed_by_org=privacy_settings(ctx.org).admins_may_erase,
        target_is_actor=account.id == ctx.account_id,
        target_is_admin=OrgRole.ADMIN in set(roles),
        target_in_other_orgs=await _in_other_orgs(db, account.id, ctx.org_id),
    )
    if refusal is not None:
        raise Forbidden(_REFUSALS[refusal], code=refusal)
    req = await schedule(
        db, account, reason="admin", requested_by=ctx.account_id, org_id=ctx.org_id, ip=ip
    )
    return (await _org_views(db, [req]))[0]


_REFUSALS = {
    "erasure_not_allowed": "The organisation's rules do not let administrators erase accounts.",
    "erase_yourself_in_settings": "Delete your own account in Settings → My data.",
    "target_is_admin": "An administrator's account cannot be erased by another administrator.",
    "member_of_other_orgs": "This person also belongs to another organisation; remove them "
    "from yours instead.",
}


async def _org_views(db: AsyncSession, rows: list[DeletionRequest]) -> list[OrgDeletionOut]:
    ids = {r.account_id for r in rows}
    names: dict[str, str] = {}
    if ids:
        stmt = sa.select(Account.id, Account.display_name).where(Account.id.in_(ids))
        names = {a: n for a, n in (await db.execute(stmt)).all()}
    return [
        OrgDeletionOut(
            id=r.id,
            account_id=r.account_id,
            name=names.get(r.account_id, texts.DELETED_NAME),
            reason=r.reason,  # type: ignore[arg-type]
            status=r.status,  # type: ignore[arg-type]
            requested_at=r.requested_at,
            due_at=r.due_at,
            cancelled_at=r.cancelled_at,
            done_at=r.done_at,
        )
        for r in rows
    ]


def _of_org(org_id: str) -> sa.ColumnElement[bool]:
    members = sa.select(Membership.account_id).where(
        Membership.org_id == org_id, Membership.account_id.is_not(None)
    )
    return DeletionRequest.account_id.in_(members)


async def org_deletions(db: AsyncSession, ctx: OrgContext) -> list[OrgDeletionOut]:
    """Erasures of the organisation's members: scheduled first, then the latest others."""
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators see account deletions.")
    stmt = (
        sa.select(DeletionRequest)
        .where(_of_org(ctx.org_id))
        .order_by(
            (DeletionRequest.status == "scheduled").desc(),
            DeletionRequest.requested_at.desc(),
            DeletionRequest.id.desc(),
        )
        .limit(200)
    )
    return await _org_views(db, list((await db.execute(stmt)).scalars()))


async def cancel_for_org(
    db: AsyncSession, ctx: OrgContext, deletion_id: str, *, ip: str
) -> OrgDeletionOut:
    """An administrator cancels the scheduled erasure of one of the organisation's members
    (for example, the person asked the school: they cannot sign in themselves)."""
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators can cancel account deletions.")
    req = None
    if is_id(deletion_id):
        stmt = sa.select(DeletionRequest).where(
            DeletionRequest.id == deletion_id, _of_org(ctx.org_id)
        )
        req = (await db.execute(stmt)).scalar_one_or_none()
    if req is None:
        raise not_found("deletion")
    await cancel(db, req, by=ctx.account_id, org_id=ctx.org_id, ip=ip)
    return (await _org_views(db, [req]))[0]
