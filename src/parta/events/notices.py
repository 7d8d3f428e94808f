"""Telling people about events: a private realtime notification to each of their devices and
an e-mail in their language, both only after the transaction commits."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.events import texts
from parta.events.views import event_views, format_when
from parta.mail.outbox import queue_mail
from parta.models import Account, Event, Org
from parta.realtime.log import notify


async def event_payload(db: AsyncSession, org: Org, event: Event) -> dict[str, Any]:
    """The neutral view of the event (no viewer's answer) as realtime data."""
    view = (await event_views(db, org, [event], None))[0]
    return view.model_dump(mode="json")


async def notify_event(
    db: AsyncSession, org: Org, event: Event, accounts: Collection[str], kind: str
) -> None:
    """Send `kind` (event.updated, event.reminder, ...) with the event to these people."""
    if accounts:
        notify(db, tuple(sorted(accounts)), kind, await event_payload(db, org, event))


async def mail_event(
    db: AsyncSession, org: Org, event: Event, accounts: Collection[str], key: str
) -> int:
    """Queue the mail `key` about the event to each person with a confirmed address."""
    if not accounts:
        return 0
    stmt = sa.select(Account.email, Account.language).where(
        Account.id.in_(list(accounts)),
        Account.email.is_not(None),
        Account.email_verified_at.is_not(None),
        Account.is_active.is_(True),
    )
    sent = 0
    for email, language in (await db.execute(stmt)).all():
        if not email:
            continue
        where = event.place or ""
        if event.online:
            online = texts.label(language, "online")
            where = f"{where}, {online}" if where else online
        subject, body = texts.render(
            key,
            language,
            title=event.title,
            when=f"{texts.label(language, 'when')}: {format_when(event, org, language)}\n",
            where=f"{texts.label(language, 'where')}: {where}\n" if where else "",
            desc=f"\n{event.description}\n" if event.description else "",
        )
        await queue_mail(db, email, subject, body)
        sent += 1
    return sent
