"""Reminders before events, in the app (`event.reminder`) and by e-mail.

A reminder is due when the time before the start has shrunk to one of the event's offsets.
Each (event, offset, start time) is sent once: the job inserts its marker row first, and the
unique key lets only one transaction have it — the others (another node, a second run) insert
nothing and send nothing. A moved event gets its reminders again for the new time. If several
offsets are due at once (an event created an hour before it starts), one reminder is sent and
all of them are marked.

Runs every minute in each server process (a kit.periodic job started by the app); tests
call `send_due_reminders`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.db import transaction
from parta.events import audience
from parta.events.notices import mail_event, notify_event
from parta.events.schemas import MAX_REMINDER_MINUTES
from parta.kit.clock import utcnow
from parta.kit.ids import new_id
from parta.models import Event, EventReminderSent, EventResponse, Org
from parta.push.queue import queue_push

log = logging.getLogger("parta.events.reminders")

INTERVAL_SECONDS = 60.0


def due_offsets(event: Event, now: datetime, sent: set[int]) -> list[int]:
    """Offsets whose moment has come and that were not sent for this start time."""
    return [
        m
        for m in event.reminders or []
        if m not in sent and event.starts_at - timedelta(minutes=m) <= now < event.starts_at
    ]


async def _claim(db: AsyncSession, event: Event, offset: int) -> bool:
    """Insert the sent-marker; False when someone else already has it."""
    values = {
        "id": new_id(),
        "event_id": event.id,
        "offset_minutes": offset,
        "starts_at": event.starts_at,
        "sent_at": utcnow(),
    }
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(EventReminderSent).values(**values).on_conflict_do_nothing()
    result = await db.execute(stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


async def _remind_one(maker: async_sessionmaker[AsyncSession], event_id: str) -> bool:
    async with transaction(maker) as db:
        event = await db.get(Event, event_id)
        now = utcnow()
        if event is None or event.status != "scheduled" or event.starts_at <= now:
            return False
        sent_stmt = sa.select(EventReminderSent.offset_minutes).where(
            EventReminderSent.event_id == event.id,
            EventReminderSent.starts_at == event.starts_at,
        )
        sent = set((await db.execute(sent_stmt)).scalars())
        offsets = due_offsets(event, now, sent)
        claimed = [m for m in offsets if await _claim(db, event, m)]
        if not claimed:
            return False
        org = await db.get(Org, event.org_id)
        assert org is not None
        declined = set(
            (
                await db.execute(
                    sa.select(EventResponse.account_id).where(
                        EventResponse.event_id == event.id,
                        EventResponse.answer == "not_going",
                    )
                )
            ).scalars()
        )
        people = await audience.invited(db, event) - declined
        await notify_event(db, org, event, people, "event.reminder")
        await queue_push(db, "event_reminder", people, org_id=org.id, ref_id=event.id)
        await mail_event(db, org, event, people, "reminder")
        return True


async def send_due_reminders(maker: async_sessionmaker[AsyncSession]) -> int:
    """Send every reminder that is due now; returns how many events were reminded of.

    One read finds the candidates (events starting within the longest offset, less the
    offsets already sent); only events with a due reminder get a transaction of their own."""
    now = utcnow()
    stmt = sa.select(Event).where(
        Event.status == "scheduled",
        Event.starts_at > now,
        Event.starts_at <= now + timedelta(minutes=MAX_REMINDER_MINUTES),
    )
    async with maker() as db:
        events = list((await db.execute(stmt)).scalars())
        sent: dict[tuple[str, datetime], set[int]] = {}
        if events:
            rows = await db.execute(
                sa.select(
                    EventReminderSent.event_id,
                    EventReminderSent.starts_at,
                    EventReminderSent.offset_minutes,
                ).where(EventReminderSent.event_id.in_([e.id for e in events]))
            )
            for event_id, starts_at, offset in rows.all():
                sent.setdefault((event_id, starts_at), set()).add(offset)
    due = [e.id for e in events if due_offsets(e, now, sent.get((e.id, e.starts_at), set()))]
    reminded = 0
    for event_id in due:
        if await _remind_one(maker, event_id):
            reminded += 1
    return reminded
