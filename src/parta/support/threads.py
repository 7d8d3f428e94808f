"""What happens in a request's thread, whoever acts (the requester, an administrator or the
operator): new entries with their files, status changes and the escalation. Callers find
the request under their own scope first (parta.support.service, parta.support.platform)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.files.quota import Limits
from parta.files.uploads import Owner, UploadIn
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable
from parta.models import Org, SupportMessage, SupportTicket
from parta.support import files, notices, policy
from parta.support.schemas import SupportReplyIn

_TICK = timedelta(microseconds=1)


def staff_only() -> Forbidden:
    return Forbidden(
        "Only the organisation's administrators and platform support can do this.",
        code="support_staff_only",
    )


async def add_entry(
    db: AsyncSession,
    ticket: SupportTicket,
    org: Org,
    access: policy.Access,
    author_id: str,
    data: SupportReplyIn,
    uploads: list[UploadIn],
    *,
    owner: Owner,
    limits: Limits,
    ip: str,
) -> None:
    """A reply (or, for staff, an internal note) with its files; the status follows
    (policy.status_after). 403 `support_staff_only` for a note by the requester; 422 for
    an entry with neither text nor files; file errors as for chat uploads."""
    kind = "note" if data.internal else "reply"
    if kind == "note" and not policy.may_note(access):
        raise staff_only()
    if not policy.may_reply(access):
        raise staff_only()
    if not data.body and not uploads:
        raise Unprocessable("Write a message or attach a file.", fields={"body": "required"})
    now = utcnow()
    side = access.side
    entry = SupportMessage(
        ticket_id=ticket.id,
        org_id=ticket.org_id,
        author_id=author_id,
        side=side,
        kind=kind,
        body=data.body,
        created_at=now,
    )
    db.add(entry)
    await db.flush()
    stored = await files.store(db, ticket, entry, uploads, owner=owner, limits=limits, ip=ip)
    status = policy.status_after(kind, side, ticket.status)
    if ticket.status == "closed" and status != "closed":
        ticket.closed_at = None
        _event(db, ticket, author_id, side, "reopened", now - _TICK)
    ticket.status = status
    ticket.last_activity_at = now
    if kind == "reply":
        ticket.last_side = side
    await db.flush()
    await notices.tell(db, ticket, kind, staff_only=kind == "note")
    await notices.mail_entry(
        db,
        ticket,
        org,
        author_id=author_id,
        side=side,
        kind=kind,
        text=data.body,
        files=len(stored),
    )


def _event(
    db: AsyncSession,
    ticket: SupportTicket,
    author_id: str,
    side: str,
    event: str,
    at: datetime | None = None,
) -> None:
    db.add(
        SupportMessage(
            ticket_id=ticket.id,
            org_id=ticket.org_id,
            author_id=author_id,
            side=side,
            kind="event",
            event=event,
            created_at=at or utcnow(),
        )
    )


async def set_status(
    db: AsyncSession, ticket: SupportTicket, access: policy.Access, author_id: str, status: str
) -> None:
    """Staff set any status; the requester closes or reopens. Setting the current status
    changes nothing. 403 `support_status_not_allowed`."""
    if status == ticket.status:
        return
    if status not in policy.settable_statuses(access, ticket.status):
        raise Forbidden(
            "You cannot give the request this status.", code="support_status_not_allowed"
        )
    now = utcnow()
    if status == "closed":
        _event(db, ticket, author_id, access.side, "closed", now)
        ticket.closed_at = now
    elif ticket.status == "closed":
        _event(db, ticket, author_id, access.side, "reopened", now)
        ticket.closed_at = None
    ticket.status = status
    ticket.last_activity_at = now
    await db.flush()
    await notices.tell(db, ticket, "status")


async def escalate(
    db: AsyncSession,
    ticket: SupportTicket,
    org: Org,
    access: policy.Access,
    author_id: str,
    note: str,
    *,
    ip: str,
) -> None:
    """Pass the request on to platform support (administrators, once, while not closed):
    the operator sees it from now on, with the organisation named; the optional note is an
    internal note for the operator. 409 `already_escalated`, `ticket_closed`; 403
    `support_admins_only`."""
    if ticket.escalated_at is not None:
        raise Conflict("The request is already with platform support.", code="already_escalated")
    if ticket.status == "closed":
        raise Conflict("Reopen the request first.", code="ticket_closed")
    if not policy.may_escalate(access, escalated=False, status=ticket.status):
        raise admins_only()
    now = utcnow()
    ticket.escalated_at, ticket.escalated_by = now, author_id
    ticket.status = "open"
    ticket.last_activity_at = now
    _event(db, ticket, author_id, "org", "escalated", now)
    if note:
        db.add(
            SupportMessage(
                ticket_id=ticket.id,
                org_id=ticket.org_id,
                author_id=author_id,
                side="org",
                kind="note",
                body=note,
                created_at=now + _TICK,
            )
        )
    await db.flush()
    # Passing a request on shows its thread and the requester's name outside the school.
    await record(
        db,
        "support.escalated",
        org_id=ticket.org_id,
        actor_id=author_id,
        target_type="support_ticket",
        target_id=ticket.id,
        ip=ip,
        data={"subject": ticket.subject},
    )
    await notices.tell(db, ticket, "escalated")
    await notices.escalation(db, ticket, org, author_id=author_id, note=note)


def admins_only() -> Forbidden:
    return Forbidden(
        "Only the organisation's administrators can do this.", code="support_admins_only"
    )
