"""Events turned into output: labels of places, counts, the viewer's answer, files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.calls.schemas import CallPlan
from parta.chats.people import briefs
from parta.config import get_settings
from parta.events.schemas import Counts, EventOut, PersonRef
from parta.files.attachment_views import attachments_for
from parta.files.schemas import AttachmentOut
from parta.messages.render import render
from parta.models import Chat, Event, EventResponse, Group, Message, Org, SchoolClass


def zone(org: Org) -> ZoneInfo:
    try:
        return ZoneInfo(org.timezone)
    except (KeyError, ValueError):  # a zone name the system does not know: fall back
        return ZoneInfo("Europe/Moscow")


def local_dates(event: Event, tz: ZoneInfo) -> tuple[date | None, date | None]:
    """Inclusive first and last day of an all-day event in the organisation's zone."""
    if not event.all_day:
        return None, None
    first = event.starts_at.astimezone(tz).date()
    last = (event.ends_at.astimezone(tz) - timedelta(seconds=1)).date()
    return first, last


async def place_labels(db: AsyncSession, org: Org, events: Sequence[Event]) -> dict[str, str]:
    """What each event's place is called: the class label, group or chat name, or the org."""
    class_ids = {e.class_id for e in events if e.class_id}
    group_ids = {e.group_id for e in events if e.group_id}
    chat_ids = {e.chat_id for e in events if e.chat_id}
    names: dict[str, str] = {}
    if class_ids:
        for c in (
            await db.execute(sa.select(SchoolClass).where(SchoolClass.id.in_(class_ids)))
        ).scalars():
            names[c.id] = c.label
    if group_ids:
        rows = await db.execute(sa.select(Group.id, Group.name).where(Group.id.in_(group_ids)))
        names.update({i: n for i, n in rows.all()})
    if chat_ids:
        rows = await db.execute(sa.select(Chat.id, Chat.title).where(Chat.id.in_(chat_ids)))
        names.update({i: n or "" for i, n in rows.all()})
    return {e.id: names.get(e.class_id or e.group_id or e.chat_id or "", org.name) for e in events}


async def responses_of(
    db: AsyncSession, event_ids: Sequence[str]
) -> dict[str, list[EventResponse]]:
    out: dict[str, list[EventResponse]] = defaultdict(list)
    if not event_ids:
        return out
    stmt = (
        sa.select(EventResponse)
        .where(EventResponse.event_id.in_(list(event_ids)))
        .order_by(EventResponse.queued_at, EventResponse.id)
    )
    for r in (await db.execute(stmt)).scalars():
        out[r.event_id].append(r)
    return out


def count(rows: Sequence[EventResponse]) -> Counts:
    c = Counts()
    for r in rows:
        setattr(c, r.answer, getattr(c, r.answer) + 1)
    return c


def waiting_position(rows: Sequence[EventResponse], account_id: str) -> int | None:
    """1-based place in the waiting list (rows come ordered by queued_at)."""
    waiting = [r.account_id for r in rows if r.answer == "waiting"]
    return waiting.index(account_id) + 1 if account_id in waiting else None


async def event_views(
    db: AsyncSession,
    org: Org,
    events: Sequence[Event],
    viewer_id: str | None,
    *,
    may_manage_all: bool = False,
    invited_counts: dict[str, int] | None = None,
) -> list[EventOut]:
    """Events as `viewer_id` sees them (None: the neutral view carried by notifications)."""
    tz = zone(org)
    labels = await place_labels(db, org, events)
    answers = await responses_of(db, [e.id for e in events])
    people = await briefs(db, org.id, {e.created_by for e in events})
    message_ids = [e.message_id for e in events if e.message_id]
    files: dict[str, list[AttachmentOut]] = {}
    if message_ids:
        messages = (
            (await db.execute(sa.select(Message).where(Message.id.in_(message_ids))))
            .scalars()
            .all()
        )
        files = dict(await attachments_for(db, messages, viewer_id))

    def manages(e: Event) -> bool:
        return viewer_id is not None and (e.created_by == viewer_id or may_manage_all)

    out = []
    for e in events:
        rows = answers.get(e.id, [])
        counts = count(rows)
        if invited_counts is not None and e.id in invited_counts:
            counts.no_answer = max(0, invited_counts[e.id] - len(rows))
        mine = next((r for r in rows if r.account_id == viewer_id), None)
        first, last = local_dates(e, tz)
        out.append(
            EventOut(
                id=e.id,
                org_id=e.org_id,
                scope=e.scope,  # type: ignore[arg-type]
                class_id=e.class_id,
                group_id=e.group_id,
                chat_id=e.chat_id,
                place_label=labels[e.id],
                kind=e.kind,
                title=e.title,
                description=e.description,
                description_html=render(e.description, {}) if e.description else "",
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                all_day=e.all_day,
                start_date=first,
                end_date=last,
                timezone=tz.key,
                place=e.place,
                online=e.online,
                call_id=e.call_id,
                call_plan=CallPlan.model_validate(e.call_plan) if e.call_plan else None,
                guest_url=guest_url(e) if manages(e) else None,
                capacity=e.capacity,
                places_left=max(0, e.capacity - counts.going) if e.capacity else None,
                reminders=list(e.reminders or []),
                status=e.status,  # type: ignore[arg-type]
                sequence=e.sequence,
                organiser=PersonRef(account_id=e.created_by, name=people[e.created_by].name),
                may_manage=manages(e),
                my_answer=mine.answer if mine else None,  # type: ignore[arg-type]
                my_waiting_position=waiting_position(rows, viewer_id) if viewer_id else None,
                counts=counts,
                attachments=files.get(e.message_id or "", []),
                message_id=e.message_id,
                created_at=e.created_at,
                updated_at=e.updated_at,
                cancelled_at=e.cancelled_at,
            )
        )
    return out


def guest_url(event: Event) -> str | None:
    """The page where guests by name ask to join the event's call."""
    if not event.guest_code:
        return None
    return f"{get_settings().public_base_url.rstrip('/')}/guest/{event.guest_code}"


def format_when(event: Event, org: Org, language: str) -> str:
    """The event's time for mail, in the organisation's zone."""
    from parta.events.texts import label

    tz = zone(org)
    start = event.starts_at.astimezone(tz)
    if event.all_day:
        first, last = local_dates(event, tz)
        assert first is not None and last is not None
        days = first.strftime("%d.%m.%Y")
        if last != first:
            days += " – " + last.strftime("%d.%m.%Y")
        return f"{days} ({label(language, 'all_day')})"
    end = event.ends_at.astimezone(tz)
    end_text = end.strftime("%H:%M") if end.date() == start.date() else _dt(end)
    return f"{_dt(start)} – {end_text} ({tz.key})"


def _dt(value: datetime) -> str:
    return value.strftime("%d.%m.%Y %H:%M")
