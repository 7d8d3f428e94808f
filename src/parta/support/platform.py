"""The operator's side of support: the requests organisations passed on (and only those),
each named with its organisation; replies, internal notes and status in the same thread."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.files.quota import Limits
from parta.files.uploads import Owner, UploadIn
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.kit.pagination import clamp_limit
from parta.models import Org, SupportTicket
from parta.support import policy, threads
from parta.support import repository as repo
from parta.support.files import platform_limits
from parta.support.schemas import SupportInboxPage, SupportReplyIn, SupportTicketDetailOut
from parta.support.service import page_of
from parta.support.views import ticket_detail, ticket_rows


async def _escalated(
    db: AsyncSession, ticket_id: str, *, for_update: bool = False
) -> tuple[SupportTicket, Org, policy.Access]:
    """An escalated request; 404 for every other one (an organisation's own requests are
    not the platform's business)."""
    ticket = await repo.ticket(db, ticket_id, for_update=for_update)
    if ticket is None or ticket.escalated_at is None:
        raise not_found("support request")
    org = await db.get(Org, ticket.org_id)
    if org is None:
        raise not_found("support request")
    return ticket, org, policy.platform_access(escalated=True)


async def inbox(
    db: AsyncSession,
    *,
    status: str | None,
    org_id: str | None,
    cursor: str | None,
    limit: int | None,
) -> SupportInboxPage:
    """Escalated requests, latest activity first, optionally of one organisation."""
    n = clamp_limit(limit)
    if org_id is not None and not is_id(org_id):
        return SupportInboxPage(items=[], counts={})
    rows = await repo.escalated(db, status=status, org_id=org_id, cursor=cursor, limit=n + 1)
    rows, next_cursor = page_of(rows, n)
    return SupportInboxPage(
        items=await ticket_rows(db, rows, staff=True),
        next_cursor=next_cursor,
        counts=await repo.counts_by_status(db, escalated_only=True),
    )


async def get_ticket(db: AsyncSession, actor: Actor, ticket_id: str) -> SupportTicketDetailOut:
    """An escalated request with its whole thread, internal notes included."""
    ticket, _, access = await _escalated(db, ticket_id)
    return await ticket_detail(db, ticket, access, actor.id)


async def entry_target(db: AsyncSession, ticket_id: str) -> Limits:
    """Checked before the body is read: the request exists for the platform (404)."""
    await _escalated(db, ticket_id)
    return platform_limits()


async def reply(
    db: AsyncSession,
    actor: Actor,
    ticket_id: str,
    data: SupportReplyIn,
    uploads: list[UploadIn],
    ip: str,
) -> SupportTicketDetailOut:
    """Answer as platform support (the requester sees "Platform support"), or leave an
    internal note for the organisation's administrators. The operator's files belong to no
    organisation."""
    ticket, org, access = await _escalated(db, ticket_id, for_update=True)
    await threads.add_entry(
        db,
        ticket,
        org,
        access,
        actor.id,
        data,
        uploads,
        owner=Owner(org_id=None, account_id=actor.id),
        limits=platform_limits(),
        ip=ip,
    )
    return await ticket_detail(db, ticket, access, actor.id)


async def set_status(
    db: AsyncSession, actor: Actor, ticket_id: str, status: str
) -> SupportTicketDetailOut:
    ticket, _, access = await _escalated(db, ticket_id, for_update=True)
    await threads.set_status(db, ticket, access, actor.id, status)
    return await ticket_detail(db, ticket, access, actor.id)
