"""Support requests inside an organisation: a member opens one and follows its thread; the
organisation's administrators see all of them (the inbox), answer, set the status and pass
a request on to platform support.

Every request is looked up under the organisation of the route and answered 404 unless the
caller opened it or administers that organisation. The operator's side is in
parta.support.platform.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth import throttle
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.files.quota import Limits, limits_of, quota_exceeded
from parta.files.uploads import Owner, UploadIn
from parta.kit.clock import utcnow
from parta.kit.errors import not_found
from parta.kit.pagination import Page, clamp_limit
from parta.models import SupportMessage, SupportTicket
from parta.support import files, notices, policy, threads
from parta.support import repository as repo
from parta.support.keyset import make_cursor
from parta.support.schemas import (
    SupportEscalateIn,
    SupportInboxPage,
    SupportReplyIn,
    SupportTicketDetailOut,
    SupportTicketIn,
    SupportTicketOut,
)
from parta.support.views import ticket_detail, ticket_rows

TICKETS_PER_HOUR = 10


def is_admin(ctx: OrgContext) -> bool:
    return ctx.has_role(OrgRole.ADMIN)


def page_of(rows: list[SupportTicket], n: int) -> tuple[list[SupportTicket], str | None]:
    more = len(rows) > n
    rows = rows[:n]
    last = rows[-1] if more and rows else None
    return rows, make_cursor(last.last_activity_at, last.id) if last else None


async def _scoped(
    db: AsyncSession, ctx: OrgContext, ticket_id: str, *, for_update: bool = False
) -> tuple[SupportTicket, policy.Access]:
    ticket = await repo.ticket(db, ticket_id, for_update=for_update)
    if ticket is None or ticket.org_id != ctx.org_id:
        raise not_found("support request")
    access = policy.org_access(
        account_id=ctx.account_id, requester_id=ticket.requester_id, is_admin=is_admin(ctx)
    )
    if not access.sees:
        raise not_found("support request")
    return ticket, access


async def upload_limits(db: AsyncSession, ctx: OrgContext) -> Limits:
    """The organisation's limits, read before the body (the per-file limit caps the form)."""
    return await limits_of(db, ctx.org)


def _owner(ctx: OrgContext, uploads: list[UploadIn], limits: Limits) -> Owner:
    if uploads and limits.room == 0:
        raise quota_exceeded(limits)
    return Owner(org_id=ctx.org_id, account_id=ctx.account_id)


async def open_ticket(
    db: AsyncSession,
    ctx: OrgContext,
    data: SupportTicketIn,
    uploads: list[UploadIn],
    limits: Limits,
    ip: str,
) -> SupportTicketDetailOut:
    """A new request to the organisation's administrators (any member), or, from an
    administrator with `to_platform`, straight to platform support. The administrators (or
    the operator) get `support.ticket` and an e-mail. 403 `support_admins_only` for
    `to_platform` from others; 429 after 10 requests in an hour."""
    if data.to_platform and not is_admin(ctx):
        raise threads.admins_only()
    key = f"support.ticket:{ctx.account_id}"
    await throttle.ensure_below(
        db,
        key,
        TICKETS_PER_HOUR,
        timedelta(hours=1),
        "You have sent many requests in the last hour. Please wait before sending another.",
    )
    await throttle.record(db, key)
    owner = _owner(ctx, uploads, limits)
    now = utcnow()
    ticket = SupportTicket(
        org_id=ctx.org_id,
        requester_id=ctx.account_id,
        subject=data.subject,
        status="open",
        last_side="requester",
        last_activity_at=now,
    )
    if data.to_platform:
        ticket.escalated_at, ticket.escalated_by = now, ctx.account_id
    db.add(ticket)
    await db.flush()
    entry = SupportMessage(
        ticket_id=ticket.id,
        org_id=ctx.org_id,
        author_id=ctx.account_id,
        side="requester",
        kind="reply",
        body=data.body,
        created_at=now,
    )
    db.add(entry)
    await db.flush()
    stored = await files.store(db, ticket, entry, uploads, owner=owner, limits=limits, ip=ip)
    if data.to_platform:
        db.add(
            SupportMessage(
                ticket_id=ticket.id,
                org_id=ctx.org_id,
                author_id=ctx.account_id,
                side="org",
                kind="event",
                event="escalated",
                created_at=now + timedelta(microseconds=1),
            )
        )
        await db.flush()
    await notices.tell(db, ticket, "created")
    await notices.mail_entry(
        db,
        ticket,
        ctx.org,
        author_id=ctx.account_id,
        side="requester",
        kind="reply",
        text=data.body,
        files=len(stored),
        first=True,
    )
    access = policy.org_access(
        account_id=ctx.account_id, requester_id=ctx.account_id, is_admin=is_admin(ctx)
    )
    return await ticket_detail(db, ticket, access, ctx.account_id)


async def mine(
    db: AsyncSession, ctx: OrgContext, status: str | None, cursor: str | None, limit: int | None
) -> Page[SupportTicketOut]:
    """My requests in this organisation, latest activity first."""
    n = clamp_limit(limit)
    rows = await repo.of_requester(
        db, ctx.org_id, ctx.account_id, status=status, cursor=cursor, limit=n + 1
    )
    rows, next_cursor = page_of(rows, n)
    return Page(items=await ticket_rows(db, rows, staff=False), next_cursor=next_cursor)


async def inbox(
    db: AsyncSession, ctx: OrgContext, status: str | None, cursor: str | None, limit: int | None
) -> SupportInboxPage:
    """Every request of the organisation (administrators; 403 `support_admins_only`),
    latest activity first, with the number of requests per status."""
    if not is_admin(ctx):
        raise threads.admins_only()
    n = clamp_limit(limit)
    rows = await repo.of_org(db, ctx.org_id, status=status, cursor=cursor, limit=n + 1)
    rows, next_cursor = page_of(rows, n)
    return SupportInboxPage(
        items=await ticket_rows(db, rows, staff=True),
        next_cursor=next_cursor,
        counts=await repo.counts_by_status(db, org_id=ctx.org_id),
    )


async def get_ticket(db: AsyncSession, ctx: OrgContext, ticket_id: str) -> SupportTicketDetailOut:
    """The request and its thread (404 unless mine or I administer the organisation)."""
    ticket, access = await _scoped(db, ctx, ticket_id)
    return await ticket_detail(db, ticket, access, ctx.account_id)


async def entry_target(
    db: AsyncSession, ctx: OrgContext, ticket_id: str
) -> tuple[SupportTicket, policy.Access, Limits]:
    """Checked before the body is read: the request (404) and the organisation's limits."""
    ticket, access = await _scoped(db, ctx, ticket_id)
    return ticket, access, await upload_limits(db, ctx)


async def reply(
    db: AsyncSession,
    ctx: OrgContext,
    ticket_id: str,
    data: SupportReplyIn,
    uploads: list[UploadIn],
    limits: Limits,
    ip: str,
) -> SupportTicketDetailOut:
    """Add a reply (the requester or an administrator) or an internal note (administrators)."""
    ticket, access = await _scoped(db, ctx, ticket_id, for_update=True)
    owner = _owner(ctx, uploads, limits)
    await threads.add_entry(
        db,
        ticket,
        ctx.org,
        access,
        ctx.account_id,
        data,
        uploads,
        owner=owner,
        limits=limits,
        ip=ip,
    )
    return await ticket_detail(db, ticket, access, ctx.account_id)


async def set_status(
    db: AsyncSession, ctx: OrgContext, ticket_id: str, status: str
) -> SupportTicketDetailOut:
    """Administrators set any status; the requester closes or reopens their request."""
    ticket, access = await _scoped(db, ctx, ticket_id, for_update=True)
    await threads.set_status(db, ticket, access, ctx.account_id, status)
    return await ticket_detail(db, ticket, access, ctx.account_id)


async def escalate(
    db: AsyncSession, ctx: OrgContext, ticket_id: str, data: SupportEscalateIn, ip: str
) -> SupportTicketDetailOut:
    """Pass the request on to platform support (administrators)."""
    ticket, access = await _scoped(db, ctx, ticket_id, for_update=True)
    await threads.escalate(db, ticket, ctx.org, access, ctx.account_id, data.note, ip=ip)
    return await ticket_detail(db, ticket, access, ctx.account_id)
