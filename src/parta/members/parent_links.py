"""Parent–child links: requested when a parent joins through a child's link, decided by staff."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, Unprocessable, not_found
from parta.mail.outbox import queue_mail
from parta.members import policy, repository, texts
from parta.members.briefs import briefs_by_id
from parta.members.schemas import ParentLinkOut
from parta.members.service import visible_membership
from parta.models import Account, ParentLink

LIVE_STATUSES = ("pending", "confirmed")


async def request_link(
    db: AsyncSession, org_id: str, parent_membership_id: str, student_membership_id: str
) -> ParentLink:
    """Ask staff to confirm that the parent is the student's parent (idempotent).

    An existing pending or confirmed link is returned as is; a rejected one becomes pending
    again, since a new request comes through a new link that staff handed out.
    """
    parent = await repository.get_membership(db, org_id, parent_membership_id)
    student = await repository.get_membership(db, org_id, student_membership_id)
    if parent is None or parent.role != OrgRole.PARENT:
        raise Unprocessable("The parent membership is not valid.", code="invalid_parent")
    if student is None or student.role != OrgRole.STUDENT or student.status == "removed":
        raise Unprocessable("The student membership is not valid.", code="invalid_student")
    link = await repository.find_link(db, org_id, parent.id, student.id)
    if link is None:
        link = ParentLink(
            org_id=org_id, parent_membership_id=parent.id, student_membership_id=student.id
        )
        db.add(link)
    elif link.status == "rejected":
        link.status = "pending"
        link.decided_by = None
        link.decided_at = None
    await db.flush()
    return link


async def _out(db: AsyncSession, org_id: str, links: list[ParentLink]) -> list[ParentLinkOut]:
    members = await briefs_by_id(
        db,
        org_id,
        [lk.parent_membership_id for lk in links] + [lk.student_membership_id for lk in links],
    )
    return [
        ParentLinkOut(
            id=lk.id,
            status=lk.status,  # type: ignore[arg-type]
            parent=members[lk.parent_membership_id],
            student=members[lk.student_membership_id],
            created_at=lk.created_at,
            decided_at=lk.decided_at,
        )
        for lk in links
    ]


async def _scope(db: AsyncSession, ctx: OrgContext) -> tuple[policy.LinkScope, list[str]]:
    """What the actor may decide, and for a class teacher the classes they lead."""
    teacher = ctx.membership(OrgRole.TEACHER)
    led: list[str] = []
    if teacher is not None and teacher.verified_at is not None:
        led = await repository.classes_led_by(db, ctx.org_id, [teacher.id])
    scope = policy.parent_link_scope(ctx.rights, bool(led))
    if scope == policy.LinkScope.NONE:
        raise Forbidden(
            "Only administrators, heads and class teachers handle parent links.",
            code="forbidden",
        )
    return scope, led


async def list_links(db: AsyncSession, ctx: OrgContext, status: str | None) -> list[ParentLinkOut]:
    scope, led = await _scope(db, ctx)
    links = await repository.list_links(
        db,
        ctx.org_id,
        status=status,
        student_class_ids=led if scope == policy.LinkScope.OWN_CLASSES else None,
    )
    return await _out(db, ctx.org_id, links)


async def decide(
    db: AsyncSession, ctx: OrgContext, link_id: str, confirm: bool, *, ip: str
) -> ParentLinkOut:
    link = await repository.get_link(db, ctx.org_id, link_id)
    if link is None:
        raise not_found("parent link")
    scope, led = await _scope(db, ctx)
    student = await repository.get_membership(db, ctx.org_id, link.student_membership_id)
    if student is None:
        raise not_found("parent link")
    if scope == policy.LinkScope.OWN_CLASSES and student.class_id not in led:
        raise Forbidden("This student is not in a class you lead.")
    new_status = "confirmed" if confirm else "rejected"
    if link.status != new_status:
        link.status = new_status
        link.decided_by = ctx.account_id
        link.decided_at = utcnow()
        await record(
            db,
            f"parent_link.{new_status}",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="parent_link",
            target_id=link.id,
            ip=ip,
            data={
                "parent_membership_id": link.parent_membership_id,
                "student_membership_id": link.student_membership_id,
            },
        )
        await _mail_parent(db, ctx, link, student.full_name, confirm)
    await db.flush()
    return (await _out(db, ctx.org_id, [link]))[0]


async def _mail_parent(
    db: AsyncSession, ctx: OrgContext, link: ParentLink, child: str, confirmed: bool
) -> None:
    parent = await repository.get_membership(db, ctx.org_id, link.parent_membership_id)
    account = await db.get(Account, parent.account_id) if parent and parent.account_id else None
    if parent is None or account is None or not account.email:
        return
    key = "link_confirmed" if confirmed else "link_rejected"
    subject, body = texts.render(
        key, account.language, org=ctx.org.name, name=parent.full_name, child=child
    )
    await queue_mail(db, account.email, subject, body)


async def children(db: AsyncSession, ctx: OrgContext, membership_id: str) -> list[ParentLinkOut]:
    parent = await visible_membership(db, ctx, membership_id)
    if parent.role != OrgRole.PARENT:
        raise not_found("parent")
    allowed = policy.can_see_children(
        is_self=parent.account_id == ctx.account_id, is_verified_staff=ctx.is_verified_staff()
    )
    if not allowed:
        raise Forbidden("Only the parent and staff can see a parent's children.")
    links = await repository.list_links(
        db, ctx.org_id, parent_membership_id=parent.id, statuses=LIVE_STATUSES
    )
    return await _out(db, ctx.org_id, links)


async def parents(db: AsyncSession, ctx: OrgContext, membership_id: str) -> list[ParentLinkOut]:
    student = await visible_membership(db, ctx, membership_id)
    if student.role != OrgRole.STUDENT:
        raise not_found("student")
    allowed = policy.can_see_parents(
        is_self=student.account_id == ctx.account_id,
        is_parent=ctx.account_id in await repository.parent_accounts_of(db, ctx.org_id, student.id),
        is_verified_staff=ctx.is_verified_staff(),
    )
    if not allowed:
        raise Forbidden("Only the student, their parents and staff can see a student's parents.")
    links = await repository.list_links(
        db, ctx.org_id, student_membership_id=student.id, statuses=LIVE_STATUSES
    )
    return await _out(db, ctx.org_id, links)
