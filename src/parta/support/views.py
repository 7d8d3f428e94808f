"""Requests as one viewer sees them: the operator's name only in the operator's console,
internal notes only for staff, the requester's roles only for staff."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.messages.render import render
from parta.models import SupportFile, SupportMessage, SupportTicket
from parta.support import policy
from parta.support import repository as repo
from parta.support.files import file_out
from parta.support.schemas import (
    SupportActionsOut,
    SupportEntryOut,
    SupportPersonOut,
    SupportTicketDetailOut,
    SupportTicketOut,
)

DELETED = "Deleted user"


async def ticket_rows(
    db: AsyncSession, tickets: list[SupportTicket], *, staff: bool
) -> list[SupportTicketOut]:
    """List rows; `staff` adds the requester's roles in the organisation."""
    names = await repo.names(db, [t.requester_id for t in tickets])
    orgs = await repo.org_names(db, [t.org_id for t in tickets])
    roles: dict[tuple[str, str], list[str]] = {}
    if staff:
        for org_id in {t.org_id for t in tickets}:
            people = [t.requester_id for t in tickets if t.org_id == org_id]
            for account_id, r in (await repo.roles_in(db, org_id, people)).items():
                roles[(org_id, account_id)] = r
    return [
        SupportTicketOut(
            id=t.id,
            org_id=t.org_id,
            org_name=orgs.get(t.org_id, ""),
            subject=t.subject,
            status=t.status,  # type: ignore[arg-type]  # stored values are statuses
            escalated=t.escalated_at is not None,
            escalated_at=t.escalated_at,
            requester=SupportPersonOut(
                account_id=t.requester_id,
                name=names.get(t.requester_id, DELETED),
                roles=roles.get((t.org_id, t.requester_id), []),
            ),
            last_side=t.last_side,  # type: ignore[arg-type]  # stored values are sides
            last_activity_at=t.last_activity_at,
            created_at=t.created_at,
        )
        for t in tickets
    ]


def _entry(
    m: SupportMessage,
    files: list[SupportFile],
    viewer: policy.Access,
    viewer_id: str,
    names: dict[str, str],
) -> SupportEntryOut:
    author = (
        SupportPersonOut(account_id=m.author_id, name=names.get(m.author_id, DELETED), roles=[])
        if policy.shows_author(viewer, m.side)
        else None
    )
    return SupportEntryOut(
        id=m.id,
        kind=m.kind,  # type: ignore[arg-type]  # stored values are kinds
        event=m.event,  # type: ignore[arg-type]  # stored values are event names
        side=m.side,  # type: ignore[arg-type]  # stored values are sides
        author=author,
        mine=m.author_id == viewer_id,
        body=m.body,
        html=render(m.body, {}) if m.body else "",
        files=[file_out(f) for f in files],
        created_at=m.created_at,
    )


async def ticket_detail(
    db: AsyncSession, ticket: SupportTicket, viewer: policy.Access, viewer_id: str
) -> SupportTicketDetailOut:
    """The request with its thread as `viewer` may see it, and what they may do now."""
    (row,) = await ticket_rows(db, [ticket], staff=viewer.staff)
    entries, files = await repo.entries(db, ticket.id, with_notes=policy.may_read_notes(viewer))
    names = await repo.names(db, [m.author_id for m in entries])
    escalated = ticket.escalated_at is not None
    return SupportTicketDetailOut(
        **row.model_dump(),
        my_side=viewer.side,
        entries=[_entry(m, files.get(m.id, []), viewer, viewer_id, names) for m in entries],
        actions=SupportActionsOut(
            reply=policy.may_reply(viewer),
            note=policy.may_note(viewer),
            escalate=policy.may_escalate(viewer, escalated=escalated, status=ticket.status),
            statuses=policy.settable_statuses(viewer, ticket.status),
        ),
    )
