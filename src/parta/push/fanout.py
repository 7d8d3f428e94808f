"""From queued jobs to deliveries: who gets which push on which device.

Everything is read when the push is sent, not when it was queued, so a message deleted,
read on another device, or in a chat muted meanwhile is not pushed, and a call answered
before its push went out does not ring. Every person's decision goes through
`policy.should_push`. Devices count only while the session that registered them lives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.chats.people import briefs
from parta.events.views import format_when
from parta.messages.render import plain_preview
from parta.models import (
    Account,
    AuthSession,
    Call,
    Chat,
    ChatMember,
    Event,
    Message,
    NotifyPrefs,
    Org,
    PushSubscription,
)
from parta.push import payloads, texts
from parta.push.policy import Facts, Prefs, should_push
from parta.push.sender import Delivery
from parta.safety.quiet import hold_until as chat_quiet

# How long a push may wait for a device that is offline (RFC 8030 TTL), by kind.
TTL = {
    "message": 12 * 3600,
    "mention": 24 * 3600,
    "call": 60,
    "ack_reminder": 24 * 3600,
    "test": 300,
}
UNREAD_WINDOW = 99  # "Chat (99)" at most: counting further costs more and says nothing new


@dataclass(frozen=True)
class Job:
    """A claimed `push_jobs` row, detached from its session."""

    id: str
    kind: str
    org_id: str | None
    chat_id: str | None
    ref_id: str | None
    actor_id: str | None
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class Device:
    subscription_id: str
    endpoint: str
    p256dh: str
    auth: str


@dataclass
class Person:
    language: str
    prefs: Prefs
    devices: list[Device]


def prefs_of(row: NotifyPrefs | None) -> Prefs:
    if row is None:
        return Prefs()
    return Prefs(
        messages=row.push_messages,
        mentions=row.push_mentions,
        calls=row.push_calls,
        reminders=row.push_reminders,
        previews=row.push_previews,
    )


async def people(db: AsyncSession, accounts: Collection[str], now: datetime) -> dict[str, Person]:
    """The people among `accounts` with at least one live device, with their preferences."""
    if not accounts:
        return {}
    stmt = (
        sa.select(PushSubscription, Account.language)
        .join(AuthSession, AuthSession.id == PushSubscription.session_id)
        .join(Account, Account.id == PushSubscription.account_id)
        .where(
            PushSubscription.account_id.in_(list(accounts)),
            AuthSession.ended_at.is_(None),
            AuthSession.expires_at > now,
            Account.is_active.is_(True),
        )
        .order_by(PushSubscription.id)
    )
    out: dict[str, Person] = {}
    for sub, language in (await db.execute(stmt)).all():
        person = out.setdefault(sub.account_id, Person(language, Prefs(), []))
        person.devices.append(Device(sub.id, sub.endpoint, sub.p256dh, sub.auth))
    if out:
        rows = await db.execute(sa.select(NotifyPrefs).where(NotifyPrefs.account_id.in_(out)))
        for row in rows.scalars():
            out[row.account_id].prefs = prefs_of(row)
    return out


def _deliveries(
    person: Person, body: dict[str, Any], kind: str, *, urgency: str = "normal", topic: str = ""
) -> list[Delivery]:
    return [
        Delivery(
            subscription_id=d.subscription_id,
            endpoint=d.endpoint,
            p256dh=d.p256dh,
            auth=d.auth,
            payload=body,
            ttl=TTL.get(kind, 3600),
            urgency=urgency,
            topic=topic or None,
        )
        for d in person.devices
    ]


def _mentions(message: Message, account_id: str, chat: Chat) -> bool:
    return account_id in (message.mentions or []) or (
        message.mentions_all and chat.kind != "channel"
    )


async def _unread_counts(
    db: AsyncSession, chat: Chat, accounts: Collection[str], newest_seq: int
) -> dict[str, int]:
    """Each person's unread messages from others in the chat (up to UNREAD_WINDOW)."""
    stmt = (
        sa.select(ChatMember.account_id, sa.func.count(Message.id))
        .join(
            Message,
            sa.and_(
                Message.chat_id == ChatMember.chat_id,
                Message.seq > ChatMember.last_read_seq,
                Message.seq > newest_seq - UNREAD_WINDOW - 1,
                sa.or_(Message.author_id.is_(None), Message.author_id != ChatMember.account_id),
                Message.deleted_at.is_(None),
                Message.kind != "system",
            ),
        )
        .where(ChatMember.chat_id == chat.id, ChatMember.account_id.in_(list(accounts)))
        .group_by(ChatMember.account_id)
    )
    return {a: int(n) for a, n in (await db.execute(stmt)).all()}


async def message_deliveries(
    db: AsyncSession, chat_id: str, message_ids: Sequence[str], now: datetime
) -> list[Delivery]:
    """One push per person for a burst of new messages in one chat."""
    chat = await db.get(Chat, chat_id)
    if chat is None or chat.archived_at is not None:
        return []
    stmt = (
        sa.select(Message)
        .where(Message.id.in_(list(message_ids)), Message.deleted_at.is_(None))
        .order_by(Message.seq)
    )
    messages = [
        m
        for m in (await db.execute(stmt)).scalars()
        # A direct call rings by itself (a "call" push); its history entry is not news.
        if not (m.kind == "call" and chat.kind == "direct") and m.kind != "system"
    ]
    if not messages:
        return []
    members = await db.execute(
        sa.select(ChatMember.account_id, ChatMember.muted, ChatMember.last_read_seq).where(
            ChatMember.chat_id == chat.id,
            ChatMember.status == "active",
            ChatMember.account_id.in_(sa.select(PushSubscription.account_id)),
        )
    )
    state = {a: (bool(muted), int(read)) for a, muted, read in members.all()}
    persons = await people(db, state, now)
    if not persons:
        return []
    names_needed = {m.author_id for m in messages if m.author_id}
    for m in messages:
        names_needed.update(m.mentions or [])
    names = {a: b.name for a, b in (await briefs(db, chat.org_id, names_needed)).items()}
    unread = await _unread_counts(db, chat, persons, messages[-1].seq)
    out: list[Delivery] = []
    for account_id, person in persons.items():
        muted, read_seq = state[account_id]
        new = [m for m in messages if m.author_id != account_id and m.seq > read_seq]
        facts = Facts(
            kind="message",
            prefs=person.prefs,
            chat_muted=muted,
            own=all(m.author_id == account_id for m in messages),
            already_read=not new,
        )
        mention = next((m for m in reversed(new) if _mentions(m, account_id, chat)), None)
        if mention is not None and should_push(replace(facts, kind="mention")):
            body = _message_body(person, chat, mention, names, count=1, mention=True)
            out += _deliveries(person, body, "mention")
        elif should_push(facts):
            latest = new[-1] if new else messages[-1]
            count = max(unread.get(account_id, 0), len(new))
            body = _message_body(person, chat, latest, names, count=count, mention=False)
            # Topic: the push service keeps only the newest undelivered push of the chat.
            out += _deliveries(person, body, "message", topic=chat.id)
    return out


def _message_body(
    person: Person,
    chat: Chat,
    message: Message,
    names: dict[str, str],
    *,
    count: int,
    mention: bool,
) -> dict[str, Any]:
    lang, previews = person.language, person.prefs.previews
    author = names.get(message.author_id or "", "") or texts.text(lang, "app")
    preview = plain_preview(message.body, names) if message.body else ""
    text = payloads.message_text(lang, message.kind, preview, message.attachment_count)
    direct = chat.kind == "direct"
    if mention:
        return payloads.for_mention(
            lang, previews, chat_title=chat.title, direct=direct, author=author, text=text,
            org_id=chat.org_id, chat_id=chat.id, message_id=message.id,
        )  # fmt: skip
    return payloads.for_messages(
        lang, previews, chat_title=chat.title, direct=direct, author=author, text=text,
        count=count, org_id=chat.org_id, chat_id=chat.id, message_id=message.id,
    )  # fmt: skip


async def call_deliveries(db: AsyncSession, job: Job, now: datetime) -> list[Delivery]:
    call = await db.get(Call, job.ref_id) if job.ref_id else None
    if call is None or call.ended_at is not None or call.answered_at is not None:
        return []  # answered, declined or over before the push went out: nothing rings
    persons = await people(db, job.accounts, now)
    caller = (await briefs(db, call.org_id, [call.started_by]))[call.started_by].name
    quiet = await chat_quiet(db, call.chat_id, now, {}) is not None
    out: list[Delivery] = []
    for person in persons.values():
        if should_push(Facts(kind="call", prefs=person.prefs, quiet=quiet)):
            body = payloads.for_call(
                person.language,
                person.prefs.previews,
                caller=caller,
                video=call.media == "video",
                org_id=call.org_id,
                chat_id=call.chat_id,
                call_id=call.id,
            )
            out += _deliveries(person, body, "call", urgency="high")
    return out


async def event_reminder_deliveries(db: AsyncSession, job: Job, now: datetime) -> list[Delivery]:
    event = await db.get(Event, job.ref_id) if job.ref_id else None
    if event is None or event.status != "scheduled" or event.starts_at <= now:
        return []
    org = await db.get(Org, event.org_id)
    if org is None:
        return []
    persons = await people(db, job.accounts, now)
    # Until the event starts, and not longer than a day.
    ttl = max(60, min(24 * 3600, int((event.starts_at - now).total_seconds())))
    out: list[Delivery] = []
    for person in persons.values():
        if not should_push(Facts(kind="event_reminder", prefs=person.prefs)):
            continue
        lang = person.language
        where = event.place or ""
        if event.online:
            online = texts.text(lang, "online")
            where = f"{where}, {online}" if where else online
        body = payloads.for_event_reminder(
            lang,
            person.prefs.previews,
            title=event.title,
            when=format_when(event, org, lang),
            where=where,
            org_id=event.org_id,
            event_id=event.id,
        )
        out += [
            Delivery(d.subscription_id, d.endpoint, d.p256dh, d.auth, body, ttl)
            for d in person.devices
        ]
    return out


async def ack_reminder_deliveries(db: AsyncSession, job: Job, now: datetime) -> list[Delivery]:
    message = await db.get(Message, job.ref_id) if job.ref_id else None
    if message is None or message.deleted_at is not None:
        return []
    chat = await db.get(Chat, message.chat_id)
    if chat is None:
        return []
    persons = await people(db, job.accounts, now)
    ids = [a for a in (message.author_id, *(message.mentions or [])) if a]
    names = {a: b.name for a, b in (await briefs(db, chat.org_id, ids)).items()}
    author = names.get(message.author_id or "", "")
    out: list[Delivery] = []
    for person in persons.values():
        if should_push(Facts(kind="ack_reminder", prefs=person.prefs)):
            body = payloads.for_ack_reminder(
                person.language,
                person.prefs.previews,
                chat_title=chat.title,
                author=author,
                text=plain_preview(message.body, names),
                org_id=chat.org_id,
                chat_id=chat.id,
                message_id=message.id,
            )
            out += _deliveries(person, body, "ack_reminder")
    return out


async def test_deliveries(db: AsyncSession, job: Job, now: datetime) -> list[Delivery]:
    out: list[Delivery] = []
    for person in (await people(db, job.accounts, now)).values():
        if should_push(Facts(kind="test", prefs=person.prefs)):
            out += _deliveries(person, payloads.for_test(person.language), "test")
    return out


async def deliveries(db: AsyncSession, jobs: Sequence[Job], now: datetime) -> list[Delivery]:
    """Every delivery of these jobs: message jobs of one chat become one push per person."""
    by_chat: dict[str, list[str]] = defaultdict(list)
    out: list[Delivery] = []
    for job in jobs:
        if job.kind == "message" and job.chat_id and job.ref_id:
            by_chat[job.chat_id].append(job.ref_id)
    for chat_id, message_ids in by_chat.items():
        out += await message_deliveries(db, chat_id, message_ids, now)
    handlers = {
        "call": call_deliveries,
        "event_reminder": event_reminder_deliveries,
        "ack_reminder": ack_reminder_deliveries,
        "test": test_deliveries,
    }
    for job in jobs:
        handler = handlers.get(job.kind)
        if handler is not None:
            out += await handler(db, job, now)
    return out
