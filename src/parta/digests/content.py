"""What a digest holds for one person, per organisation, by the same rules the app uses:

- important announcements still waiting for my confirmation (by family in a class's
  parents' chat: nothing once another parent of my family has confirmed), of the last
  ACK_DAYS days, not past their deadline;
- mentions of me I have not read yet, of the digest's period;
- events for me in the coming days (not cancelled, not declined).
Only chats I am an active member of and events whose audience includes me count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.tally import tally_one
from parta.chats.people import briefs
from parta.config import get_settings
from parta.events import audience, texts
from parta.events.views import format_when
from parta.messages.render import plain_preview
from parta.models import (
    Account,
    Chat,
    ChatMember,
    Event,
    EventResponse,
    Membership,
    Mention,
    Message,
    MessageAck,
    Org,
)

ACK_DAYS = 14
MAX_ITEMS = 10
PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
HORIZON = {"daily": timedelta(days=2), "weekly": timedelta(days=7)}


@dataclass
class Item:
    text: str
    link: str = ""


@dataclass
class OrgDigest:
    org_name: str
    acks: list[Item] = field(default_factory=list)
    mentions: list[Item] = field(default_factory=list)
    events: list[Item] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.acks or self.mentions or self.events)


def _base() -> str:
    return get_settings().public_base_url.rstrip("/")


def message_link(message: Message) -> str:
    return f"{_base()}/chats/{message.chat_id}?msg={message.id}"


async def _message_items(
    db: AsyncSession, org: Org, rows: list[tuple[Message, Chat]]
) -> list[Item]:
    ids: set[str] = set()
    for message, _ in rows:
        ids.update(a for a in (message.author_id, *(message.mentions or [])) if a)
    names = {a: b.name for a, b in (await briefs(db, org.id, ids)).items()}
    out = []
    for message, chat in rows:
        author = names.get(message.author_id or "", "")
        where = author if chat.kind == "direct" else (chat.title or author)
        text = plain_preview(message.body, names, limit=160)
        out.append(Item(f"«{where}» — {author}: {text}", message_link(message)))
    return out


async def pending_acks(db: AsyncSession, org: Org, me: str, now: datetime) -> list[Item]:
    mine = sa.exists().where(MessageAck.message_id == Message.id, MessageAck.account_id == me)
    stmt = (
        sa.select(Message, Chat)
        .join(Chat, Chat.id == Message.chat_id)
        .join(
            ChatMember,
            sa.and_(
                ChatMember.chat_id == Message.chat_id,
                ChatMember.account_id == me,
                ChatMember.status == "active",
            ),
        )
        .where(
            Message.org_id == org.id,
            Message.ack_required.is_(True),
            Message.deleted_at.is_(None),
            sa.or_(Message.author_id.is_(None), Message.author_id != me),
            Message.created_at >= now - timedelta(days=ACK_DAYS),
            sa.or_(Message.ack_deadline.is_(None), Message.ack_deadline > now),
            ~mine,
        )
        .order_by(Message.created_at.desc())
        .limit(MAX_ITEMS * 2)
    )
    waiting = []
    for message, chat in (await db.execute(stmt)).all():
        t, _ = await tally_one(db, chat, message)
        if me in t.pending():
            waiting.append((message, chat))
    return await _message_items(db, org, waiting[:MAX_ITEMS])


async def unread_mentions(db: AsyncSession, org: Org, me: str, since: datetime) -> list[Item]:
    stmt = (
        sa.select(Message, Chat)
        .join(Mention, Mention.message_id == Message.id)
        .join(Chat, Chat.id == Message.chat_id)
        .join(
            ChatMember,
            sa.and_(
                ChatMember.chat_id == Message.chat_id,
                ChatMember.account_id == me,
                ChatMember.status == "active",
            ),
        )
        .where(
            Mention.account_id == me,
            Message.org_id == org.id,
            Mention.seq > ChatMember.last_read_seq,
            Message.deleted_at.is_(None),
            Message.created_at >= since,
        )
        .order_by(Message.created_at.desc())
        .limit(MAX_ITEMS)
    )
    rows = [(m, c) for m, c in (await db.execute(stmt)).all()]
    return await _message_items(db, org, rows)


async def upcoming_events(
    db: AsyncSession,
    org: Org,
    account: Account,
    memberships: list[Membership],
    now: datetime,
    horizon: timedelta,
    language: str,
) -> list[Item]:
    places = await audience.places_of(db, org.id, account.id, memberships)
    declined = sa.exists().where(
        EventResponse.event_id == Event.id,
        EventResponse.account_id == account.id,
        EventResponse.answer == "not_going",
    )
    stmt = (
        sa.select(Event)
        .where(
            Event.org_id == org.id,
            Event.status == "scheduled",
            Event.starts_at >= now,
            Event.starts_at < now + horizon,
            audience.visible_clause(places, account.id),
            ~declined,
        )
        .order_by(Event.starts_at)
        .limit(MAX_ITEMS)
    )
    out = []
    for event in (await db.execute(stmt)).scalars():
        online = texts.label(language, "online") if event.online else ""
        where = ", ".join(p for p in (event.place, online) if p)
        when = format_when(event, org, language)
        out.append(Item(f"{event.title} — {when}" + (f", {where}" if where else "")))
    return out


async def gather(
    db: AsyncSession, account: Account, frequency: str, now: datetime
) -> list[OrgDigest]:
    """The person's digest, one part per organisation with something in it."""
    stmt = sa.select(Membership).where(
        Membership.account_id == account.id, Membership.status == "active"
    )
    by_org: dict[str, list[Membership]] = defaultdict(list)
    for m in (await db.execute(stmt)).scalars():
        by_org[m.org_id].append(m)
    out = []
    for org_id, memberships in sorted(by_org.items()):
        org = await db.get(Org, org_id)
        if org is None or org.status != "active":
            continue
        part = OrgDigest(org_name=org.name)
        part.acks = await pending_acks(db, org, account.id, now)
        part.mentions = await unread_mentions(db, org, account.id, now - PERIOD[frequency])
        part.events = await upcoming_events(
            db, org, account, memberships, now, HORIZON[frequency], account.language
        )
        if not part.empty():
            out.append(part)
    return out
