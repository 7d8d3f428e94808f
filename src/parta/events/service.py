"""Event use cases: organise, change, cancel, read one, and the calendar of a time range."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.calls.scheduled import apply_plan, check_plan
from parta.chats.access import visible_chat
from parta.events import audience, policy
from parta.events.notices import mail_event, notify_event
from parta.events.rsvp import promote_waiting
from parta.events.schemas import EventIn, EventOut, EventPatch
from parta.events.views import event_views, zone
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, NotFound, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.models import Call, Event, Group, GroupMember, SchoolClass

MAX_DURATION = timedelta(days=366)
MAX_RANGE = timedelta(days=400)
MAX_LIST = 1000


def _bad(field: str, message: str, code: str = "invalid") -> Unprocessable:
    return Unprocessable(message, code=code, fields={field: message})


def _times(
    ctx: OrgContext,
    all_day: bool,
    starts_at: datetime | None,
    ends_at: datetime | None,
    start_date: object,
    end_date: object,
) -> tuple[datetime, datetime]:
    """UTC start and end; all-day events run from local midnight to the midnight after."""
    if all_day:
        from datetime import UTC, date

        if not isinstance(start_date, date):
            raise _bad("start_date", "An all-day event needs start_date (YYYY-MM-DD).")
        last = end_date if isinstance(end_date, date) else start_date
        if last < start_date:
            raise _bad("end_date", "The event cannot end before it starts.")
        tz = zone(ctx.org)
        start = datetime.combine(start_date, time(0), tz).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(UTC)
    else:
        if starts_at is None or ends_at is None:
            raise _bad("starts_at", "Give starts_at and ends_at (ISO 8601 with an offset).")
        start, end = starts_at, ends_at
        if end <= start:
            raise _bad("ends_at", "The event must end after it starts.")
    if end - start > MAX_DURATION:
        raise _bad("ends_at", "An event can last at most a year.")
    return start, end


async def _check_place(db: AsyncSession, ctx: OrgContext, body: EventIn) -> bool:
    """Check the place exists in this organisation; True when the actor belongs to it."""
    given = {"class": body.class_id, "group": body.group_id, "chat": body.chat_id}
    for scope, value in given.items():
        if value is not None and scope != body.scope:
            raise _bad(f"{scope}_id", f"A {body.scope} event takes no {scope}_id.")
    mine = {m.id for m in ctx.memberships}
    if body.scope == "class":
        c = await db.get(SchoolClass, body.class_id) if is_id(body.class_id or "") else None
        if c is None or c.org_id != ctx.org_id or c.archived_at is not None:
            raise _bad("class_id", "There is no such class in this organisation.")
        return c.class_teacher_id in mine
    if body.scope == "group":
        g = await db.get(Group, body.group_id) if is_id(body.group_id or "") else None
        if g is None or g.org_id != ctx.org_id or g.archived_at is not None:
            raise _bad("group_id", "There is no such group in this organisation.")
        if g.lead_id in mine:
            return True
        stmt = sa.select(GroupMember.id).where(
            GroupMember.group_id == g.id, GroupMember.membership_id.in_(mine)
        )
        return (await db.execute(stmt)).first() is not None
    if body.scope == "chat":
        if body.chat_id is None:
            raise _bad("chat_id", "A chat event needs chat_id.")
        chat, _ = await visible_chat(db, ctx, body.chat_id)
        if chat.archived_at is not None:
            raise Conflict("The chat is archived.", code="chat_archived")
        return True
    return False


async def _check_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> None:
    """A linked call must be one whose chat the organiser sees."""
    call = await db.get(Call, call_id) if is_id(call_id) else None
    if call is None or call.org_id != ctx.org_id:
        raise _bad("call_id", "There is no such call.", "bad_call")
    try:
        await visible_chat(db, ctx, call.chat_id)
    except NotFound as exc:
        raise _bad("call_id", "There is no such call.", "bad_call") from exc


async def _view(db: AsyncSession, ctx: OrgContext, event: Event, detail: bool = True) -> EventOut:
    counts = {event.id: len(await audience.invited(db, event))} if detail else None
    return (
        await event_views(
            db,
            ctx.org,
            [event],
            ctx.account_id,
            may_manage_all=policy.is_lead(ctx),
            invited_counts=counts,
        )
    )[0]


async def _announce(db: AsyncSession, ctx: OrgContext, event: Event, ids: Sequence[str]) -> None:
    """Chat events with files: a message in the chat carries them (one file life cycle)."""
    from parta.messages.service import send_message

    assert event.chat_id is not None
    msg, _ = await send_message(
        db,
        ctx,
        event.chat_id,
        client_id=f"event:{event.id}",
        body=f"📅 {event.title}",
        attachment_ids=list(ids),
    )
    event.message_id = msg.id


async def create_event(db: AsyncSession, ctx: OrgContext, body: EventIn) -> EventOut:
    """Organise an event; everyone it is for gets `event.updated` and an invitation e-mail."""
    if not body.title.strip():
        raise _bad("title", "The title cannot be empty.")
    in_place = await _check_place(db, ctx, body)
    if not policy.may_create(ctx, body.scope, in_place=in_place):
        raise Forbidden("You may not organise events here.", code="may_not_organise")
    if body.attachment_ids and body.scope != "chat":
        raise _bad("attachment_ids", "Only chat events carry files.", "attachments_need_chat")
    start, end = _times(
        ctx, body.all_day, body.starts_at, body.ends_at, body.start_date, body.end_date
    )
    if body.call_id is not None:
        await _check_call(db, ctx, body.call_id)
    now = utcnow()
    event = Event(
        id=new_id(),
        org_id=ctx.org_id,
        scope=body.scope,
        class_id=body.class_id,
        group_id=body.group_id,
        chat_id=body.chat_id,
        kind=body.kind,
        title=body.title.strip(),
        description=body.description,
        starts_at=start,
        ends_at=end,
        all_day=body.all_day,
        place=body.place.strip(),
        online=body.online or body.call_id is not None,
        call_id=body.call_id,
        capacity=body.capacity,
        reminders=list(body.reminders),
        status="scheduled",
        sequence=0,
        created_by=ctx.account_id,
        created_at=now,
        updated_at=now,
    )
    if body.call is not None:
        apply_plan(event, await check_plan(db, ctx, event, body.call))
    db.add(event)
    await db.flush()
    if body.attachment_ids:
        await _announce(db, ctx, event, body.attachment_ids)
        await db.flush()
    people = await audience.invited(db, event)
    await notify_event(db, ctx.org, event, people, "event.updated")
    await mail_event(db, ctx.org, event, people - {ctx.account_id}, "created")
    return await _view(db, ctx, event)


async def visible_event(
    db: AsyncSession, ctx: OrgContext, event_id: str, *, lock: bool = False
) -> Event:
    """The event if it is for me (or I organise it, or I lead the organisation); else 404."""
    if not is_id(event_id):
        raise not_found("event")
    stmt = sa.select(Event).where(Event.id == event_id, Event.org_id == ctx.org_id)
    if lock:
        stmt = stmt.with_for_update()
    event = (await db.execute(stmt)).scalar_one_or_none()
    if event is None:
        raise not_found("event")
    if policy.is_lead(ctx) or event.created_by == ctx.account_id:
        return event
    if not audience.is_for(event, await audience.my_places(db, ctx), ctx.account_id):
        raise not_found("event")
    return event


async def get_event(db: AsyncSession, ctx: OrgContext, event_id: str) -> EventOut:
    """One event as I see it (with the number who have not answered)."""
    return await _view(db, ctx, await visible_event(db, ctx, event_id))


async def _managed(db: AsyncSession, ctx: OrgContext, event_id: str) -> Event:
    event = await visible_event(db, ctx, event_id, lock=True)
    if not policy.may_manage(ctx, event):
        raise Forbidden("Only the organiser can change this event.", code="not_organiser")
    if event.status == "cancelled":
        raise Conflict("The event is cancelled.", code="event_cancelled")
    return event


async def update_event(
    db: AsyncSession, ctx: OrgContext, event_id: str, body: EventPatch
) -> EventOut:
    """Change an event. Changes to time, place or title reach the invited by e-mail too;
    more places let the waiting list move up."""
    event = await _managed(db, ctx, event_id)
    if body.title is not None and not body.title.strip():
        raise _bad("title", "The title cannot be empty.")
    changed = body.model_fields_set
    all_day = event.all_day if body.all_day is None else body.all_day
    moved = bool(changed & {"all_day", "starts_at", "ends_at", "start_date", "end_date"})
    if moved:
        if all_day:
            old_first = event.starts_at.astimezone(zone(ctx.org)).date()
            start, end = _times(ctx, True, None, None, body.start_date or old_first, body.end_date)
        else:
            start, end = _times(
                ctx,
                False,
                body.starts_at or (event.starts_at if not event.all_day else None),
                body.ends_at or (event.ends_at if not event.all_day else None),
                None,
                None,
            )
        event.starts_at, event.ends_at, event.all_day = start, end, all_day
    if body.call_id is not None:
        await _check_call(db, ctx, body.call_id)
        event.call_id, event.online = body.call_id, True
    elif body.clear_call:
        event.call_id = None
        apply_plan(event, None)
    if body.call is not None:
        apply_plan(event, await check_plan(db, ctx, event, body.call))
    for name in ("kind", "title", "description", "place", "online"):
        value = getattr(body, name)
        if value is not None:
            setattr(event, name, value.strip() if name in ("title", "place") else value)
    if body.reminders is not None:
        event.reminders = list(body.reminders)
    grew = False
    if body.capacity is not None:
        grew = event.capacity is not None and body.capacity > event.capacity
        event.capacity = body.capacity
    elif body.clear_capacity:
        grew, event.capacity = event.capacity is not None, None
    important = moved or bool(
        changed & {"title", "place", "online", "call_id", "clear_call", "call"}
    )
    event.sequence += 1
    event.updated_at = utcnow()
    await db.flush()
    if grew:
        await promote_waiting(db, ctx.org, event)
    people = await audience.invited(db, event)
    await notify_event(db, ctx.org, event, people, "event.updated")
    if important:
        await mail_event(db, ctx.org, event, people - {ctx.account_id}, "changed")
    return await _view(db, ctx, event)


async def cancel_event(db: AsyncSession, ctx: OrgContext, event_id: str) -> EventOut:
    """Cancel an event (kept, marked cancelled; feeds show STATUS:CANCELLED); the invited get
    `event.updated` and an e-mail."""
    event = await _managed(db, ctx, event_id)
    now = utcnow()
    event.status, event.cancelled_at, event.updated_at = "cancelled", now, now
    event.sequence += 1
    await db.flush()
    people = await audience.invited(db, event)
    await notify_event(db, ctx.org, event, people, "event.updated")
    await mail_event(db, ctx.org, event, people - {ctx.account_id}, "cancelled")
    return await _view(db, ctx, event)


async def calendar(
    db: AsyncSession,
    ctx: OrgContext,
    *,
    start: datetime,
    end: datetime,
    kinds: Sequence[str] = (),
    scope: str | None = None,
    place_id: str | None = None,
    include_cancelled: bool = True,
) -> list[EventOut]:
    """Events that overlap [start, end) and are for me (or I organise), by start time."""
    if end <= start:
        raise _bad("to", "`to` must be after `from`.")
    if end - start > MAX_RANGE:
        raise _bad("to", "Ask for at most 400 days at once.")
    places = await audience.my_places(db, ctx)
    stmt = (
        sa.select(Event)
        .where(
            Event.org_id == ctx.org_id,
            Event.starts_at < end,
            Event.ends_at > start,
            audience.visible_clause(places, ctx.account_id),
        )
        .order_by(Event.starts_at, Event.id)
        .limit(MAX_LIST)
    )
    if kinds:
        stmt = stmt.where(Event.kind.in_(list(kinds)))
    if scope is not None:
        stmt = stmt.where(Event.scope == scope)
    if place_id is not None:
        if not is_id(place_id):
            return []
        stmt = stmt.where(
            sa.or_(
                Event.class_id == place_id, Event.group_id == place_id, Event.chat_id == place_id
            )
        )
    if not include_cancelled:
        stmt = stmt.where(Event.status == "scheduled")
    events = list((await db.execute(stmt)).scalars())
    return await event_views(
        db, ctx.org, events, ctx.account_id, may_manage_all=policy.is_lead(ctx)
    )
