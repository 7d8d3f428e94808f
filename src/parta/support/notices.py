"""Telling the people of a request: a private realtime event (`support.ticket`) to each of
their devices and, for new entries, an e-mail in their language — both only after commit.

The realtime event carries no text, only which request changed and how: the requester, the
administrators and the operator see different threads (internal notes, the operator's
name), so each client reloads the request with its own rights.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parta.config import get_settings
from parta.mail.outbox import queue_mail
from parta.models import Org, SupportTicket
from parta.realtime.log import notify
from parta.support import repository as repo
from parta.support import texts

TICKET_EVENT = "support.ticket"
SUGGESTION_EVENT = "support.suggestion"


def _base() -> str:
    return get_settings().public_base_url.rstrip("/")


def requester_link(ticket: SupportTicket) -> str:
    return f"{_base()}/help/requests/{ticket.id}"


def admin_link(ticket: SupportTicket) -> str:
    return f"{_base()}/admin/support?ticket={ticket.id}"


def operator_link(ticket: SupportTicket) -> str:
    return f"{_base()}/operator/support/{ticket.id}"


async def tell(
    db: AsyncSession, ticket: SupportTicket, what: str, *, staff_only: bool = False
) -> None:
    """`support.ticket` to everyone who sees the request (staff only for notes)."""
    people = set(await repo.admin_ids(db, ticket.org_id))
    if not staff_only:
        people.add(ticket.requester_id)
    if ticket.escalated_at is not None:
        people.update(await repo.operator_ids(db))
    data = {
        "ticket_id": ticket.id,
        "org_id": ticket.org_id,
        "status": ticket.status,
        "escalated": ticket.escalated_at is not None,
        "last_activity_at": ticket.last_activity_at.isoformat(),
        "what": what,
    }
    notify(db, tuple(sorted(people)), TICKET_EVENT, data)


Who = Callable[[str], str]  # the author's name as a recipient's language shows it


def _named(name: str) -> Who:
    return lambda _language: name


def _platform(language: str) -> str:
    return texts.label(language, "platform")


def _admin(name: str) -> Who:
    return lambda language: texts.label(language, "admin", name=name)


@dataclass(frozen=True)
class About:
    """What a mail is about: the request, its organisation, the entry's text and files."""

    ticket: SupportTicket
    org: Org
    text: str
    files: int


async def _mail(
    db: AsyncSession, accounts: Iterable[str], key: str, link: str, who: Who, about: About
) -> None:
    for email, language in await repo.mail_targets(db, accounts):
        subject, body = texts.render(
            key,
            language,
            who=who(language),
            subject=about.ticket.subject,
            org=about.org.name,
            text=texts.quote(about.text, about.files, language),
            link=link,
        )
        await queue_mail(db, email, subject, body)


async def mail_entry(
    db: AsyncSession,
    ticket: SupportTicket,
    org: Org,
    *,
    author_id: str,
    side: str,
    kind: str,
    text: str,
    files: int,
    first: bool = False,
) -> None:
    """Mail about a new request or entry to the people who should act on it: the requester
    for staff replies; the administrators for the requester's entries and the platform's;
    the operator for entries of an escalated request. Never to the author."""
    name = (await repo.names(db, [author_id])).get(author_id, "")
    admins = [a for a in await repo.admin_ids(db, ticket.org_id) if a != author_id]
    escalated = ticket.escalated_at is not None
    operators = [o for o in await repo.operator_ids(db) if o != author_id] if escalated else []
    about = About(ticket, org, text, files)
    if first:
        if escalated:  # an administrator's own request, straight to the platform
            link = operator_link(ticket)
            await _mail(db, operators, "escalated", link, _named(name), about)
        else:
            await _mail(db, admins, "new_ticket", admin_link(ticket), _named(name), about)
        return
    if side == "requester":
        key = "note_to_staff" if kind == "note" else "reply_to_staff"
        await _mail(db, admins, key, admin_link(ticket), _named(name), about)
        await _mail(db, operators, key, operator_link(ticket), _named(name), about)
        return
    who = _platform if side == "platform" else _admin(name)
    if kind == "note":
        if side == "platform":
            await _mail(db, admins, "note_to_staff", admin_link(ticket), who, about)
        else:
            await _mail(db, operators, "note_to_staff", operator_link(ticket), who, about)
        return
    if ticket.requester_id != author_id:
        requester = [ticket.requester_id]
        await _mail(db, requester, "reply_to_requester", requester_link(ticket), who, about)
    if side == "platform":
        # The administrators follow what the platform tells their members.
        await _mail(db, admins, "reply_to_staff", admin_link(ticket), who, about)


async def escalation(
    db: AsyncSession, ticket: SupportTicket, org: Org, *, author_id: str, note: str
) -> None:
    """Mail the operator about a request an administrator passed on."""
    name = (await repo.names(db, [author_id])).get(author_id, "")
    operators = [o for o in await repo.operator_ids(db) if o != author_id]
    about = About(ticket, org, note, 0)
    await _mail(db, operators, "escalated", operator_link(ticket), _admin(name), about)
