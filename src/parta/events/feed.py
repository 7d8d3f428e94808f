"""The personal iCalendar feed: a secret address per person that calendar apps subscribe to.

The address carries a random token; only its SHA-256 is stored, so the database alone cannot
rebuild it. Regenerating replaces the token (the old address stops working at once) and
revoking deletes it. The feed holds only the owner's events — those of every organisation
where they are an active member, by the same audience rules as the calendar — from 90 days
back to 400 days ahead, cancelled ones marked STATUS:CANCELLED so subscribed apps drop them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import sqlalchemy as sa
from icalendar import Calendar
from icalendar import Event as VEvent
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.config import get_settings
from parta.events import audience
from parta.events.schemas import FeedOut
from parta.events.views import local_dates, zone
from parta.kit.clock import utcnow
from parta.kit.errors import not_found
from parta.kit.ids import random_token, sha256_hex
from parta.models import Account, CalendarFeed, Event, Membership, Org

PAST = timedelta(days=90)
AHEAD = timedelta(days=400)
MAX_EVENTS = 2000
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def feed_url(token: str) -> str:
    base = get_settings().public_base_url.rstrip("/")
    return f"{base}/api/v1/calendar/{token}.ics"


async def _feed(db: AsyncSession, account_id: str) -> CalendarFeed | None:
    stmt = sa.select(CalendarFeed).where(CalendarFeed.account_id == account_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def feed_status(db: AsyncSession, actor: Actor) -> FeedOut:
    """Whether I have a feed address (the address itself is shown only when made)."""
    feed = await _feed(db, actor.id)
    return FeedOut(active=feed is not None, created_at=feed.created_at if feed else None)


async def regenerate(db: AsyncSession, actor: Actor) -> FeedOut:
    """Make a new secret address (any previous one stops working) and show it once."""
    token = random_token(32)
    feed = await _feed(db, actor.id)
    if feed is None:
        feed = CalendarFeed(account_id=actor.id, token_hash=sha256_hex(token))
        db.add(feed)
    else:
        feed.token_hash, feed.created_at = sha256_hex(token), utcnow()
    await db.flush()
    return FeedOut(active=True, created_at=feed.created_at, url=feed_url(token))


async def revoke(db: AsyncSession, actor: Actor) -> None:
    """Delete my feed address (idempotent)."""
    await db.execute(sa.delete(CalendarFeed).where(CalendarFeed.account_id == actor.id))


async def _owner(db: AsyncSession, token: str) -> Account:
    if not (20 <= len(token) <= 100) or not set(token) <= _TOKEN_CHARS:
        raise not_found("calendar")
    stmt = (
        sa.select(Account)
        .join(CalendarFeed, CalendarFeed.account_id == Account.id)
        .where(CalendarFeed.token_hash == sha256_hex(token), Account.is_active.is_(True))
    )
    account = (await db.execute(stmt)).scalar_one_or_none()
    if account is None:
        raise not_found("calendar")
    return account


async def _my_events(db: AsyncSession, account_id: str) -> list[tuple[Org, Event]]:
    stmt = sa.select(Membership).where(
        Membership.account_id == account_id, Membership.status == "active"
    )
    by_org: dict[str, list[Membership]] = defaultdict(list)
    for m in (await db.execute(stmt)).scalars():
        by_org[m.org_id].append(m)
    now = utcnow()
    out: list[tuple[Org, Event]] = []
    for org_id, memberships in by_org.items():
        org = await db.get(Org, org_id)
        if org is None or org.status != "active":
            continue
        places = await audience.places_of(db, org_id, account_id, memberships)
        events = await db.execute(
            sa.select(Event)
            .where(
                Event.org_id == org_id,
                Event.ends_at > now - PAST,
                Event.starts_at < now + AHEAD,
                audience.visible_clause(places, account_id),
            )
            .order_by(Event.starts_at)
            .limit(MAX_EVENTS)
        )
        out.extend((org, e) for e in events.scalars())
    return out


def _vevent(org: Org, event: Event) -> VEvent:
    ve = VEvent()
    ve.add("uid", f"{event.id}@parta")
    ve.add("dtstamp", event.updated_at)
    if event.all_day:
        first, last = local_dates(event, zone(org))
        assert first is not None and last is not None
        ve.add("dtstart", first)
        ve.add("dtend", last + timedelta(days=1))  # DTEND of a date is exclusive
    else:
        ve.add("dtstart", event.starts_at)  # aware UTC: written with a Z
        ve.add("dtend", event.ends_at)
    ve.add("summary", event.title)
    if event.description:
        ve.add("description", event.description)
    location = ", ".join(p for p in (event.place, "online" if event.online else "") if p)
    if location:
        ve.add("location", location)
    ve.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    ve.add("sequence", event.sequence)
    ve.add("last-modified", event.updated_at)
    ve.add("created", event.created_at)
    ve.add("categories", [event.kind])
    return ve


async def render_feed(db: AsyncSession, token: str) -> bytes:
    """The owner's calendar as iCalendar text; 404 for an unknown or revoked token."""
    account = await _owner(db, token)
    cal = Calendar()
    cal.add("prodid", "-//Parta//Calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Parta")
    for org, event in await _my_events(db, account.id):
        cal.add_component(_vevent(org, event))
    ical: bytes = cal.to_ical()
    return ical
