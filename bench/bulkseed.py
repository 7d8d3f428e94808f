"""Large benchmark data written with bulk SQL instead of the services.

`bench/seed.py` creates people through the real services, which is right for a few hundred
and far too slow for a 10,000-member organisation with a million messages. This module
writes the same rows the services would write, in large batches:

- the organisation through `create_org` (one row; its safety rate limits raised to the
  maximum, 600 messages a minute per person, so that closed-loop senders measure the server
  rather than the school's flood protection);
- accounts (one argon2 hash computed once and shared: every account has the same password,
  which costs sign-in exactly what a different hash would), active memberships (teachers
  verified), sessions (random tokens stored as SHA-256, as `create_session` does);
- group chats and their members; a chat's event log starts as a real group's does
  (`chat.created`, `member.joined`), then one `message.new` per message;
- messages: sequence numbers 3, 4, … per chat with no gaps, each with its `message.new` event
  in `chat_events` (the payload is the neutral view the send path publishes, built from one
  `fresh_view` template), the chat's `seq`, `last_message_id` and `last_message_at` set to
  its last message, and every member's `last_read_seq` a few messages behind (at most
  `unread_max`), as people who read their chats;
- the search index: on PostgreSQL the GIN index is dropped before the copy and built again
  after it (faster than maintaining it row by row); on SQLite the FTS table and its triggers
  are dropped and re-created, which indexes every stored message in one statement. Either
  way the result is what the triggers or the index would hold.

What is left out: reactions, mentions, files, polls, read receipts other than
`last_read_seq`, audit rows. On PostgreSQL `messages` and `chat_events` are written with
COPY (asyncpg's binary `copy_records_to_table`), everything else with executemany in
batches; on SQLite everything goes through SQLAlchemy Core executemany, in batches.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from parta.db import make_engine, make_sessionmaker, transaction
from parta.kit.ids import random_token, sha256_hex
from parta.messages import render
from parta.messages.views import fresh_view
from parta.models import (
    Account,
    AuthSession,
    Chat,
    ChatEvent,
    ChatMember,
    Membership,
    Message,
)
from parta.models.membership import fold_name
from parta.orgs.service import DEFAULT_SETTINGS, create_org
from parta.search import index as search_index

PASSWORD = "bench-password-1"  # noqa: S105 (benchmark accounts only)
BATCH = 20_000
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TEXT = (
    "завтра сегодня собрание родителей классный час контрольная по математике домашнее "
    "задание экскурсия в музей сменная обувь дневник оценки четверть каникулы расписание "
    "изменилось урок физкультуры перенесли на пятницу спасибо хорошо принято прошу "
    "подтвердить участие олимпиада по русскому языку школьный двор субботник форма "
    "фотографии с праздника концерт в актовом зале родительский комитет сбор денег "
    "на подарки учителю встреча в девять утра автобус отправляется от школы"
)
_WORDS = _TEXT.split()


@dataclass
class Person:
    account_id: str
    email: str
    role: str
    tokens: list[str] = field(default_factory=list)


@dataclass
class ChatInfo:
    id: str
    members: list[int]  # indexes into BulkData.people
    seq: int = 0
    messages: int = 0


@dataclass
class BulkData:
    org_id: str
    people: list[Person]
    chats: list[ChatInfo]
    member_chats: list[list[int]]  # per person: indexes into chats
    timings: dict[str, float] = field(default_factory=dict)

    def teachers(self) -> list[int]:
        return [i for i, p in enumerate(self.people) if p.role == "teacher"]

    def save(self, path: Path) -> None:
        """Keep what the load needs (ids, tokens, who is in which chat) for a later run on
        the same database: seeding a million messages takes minutes."""
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def load(cls, path: Path) -> BulkData:
        raw = json.loads(path.read_text())
        return cls(
            org_id=raw["org_id"],
            people=[Person(**p) for p in raw["people"]],
            chats=[ChatInfo(**c) for c in raw["chats"]],
            member_chats=raw["member_chats"],
            timings=raw["timings"],
        )


@dataclass
class Shape:
    """What to create. Roles cycle per 20 people: 1 verified teacher, 10 parents, 9 students."""

    members: int = 10_000
    chats: int = 400
    chats_per_member: int = 10
    big_chat: bool = True  # one chat with everybody (a school-wide parents' group)
    messages: int = 1_000_000
    hot_share: float = 0.1  # the big chat's share of the messages
    sessions_per_account: int = 1
    unread_max: int = 20
    argon2: tuple[int, int, int] = (3, 65536, 1)  # time cost, memory KiB, parallelism
    seed: int = 20261129
    days: int = 180  # the messages span this many days, up to a minute ago


def ulid_at(ms: int, rng: random.Random) -> str:
    """A ULID for a given millisecond, as `parta.kit.ids.new_id` makes them."""
    value = (ms << 80) | rng.getrandbits(80)
    out = []
    for _ in range(26):
        out.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(out))


def role_of(i: int) -> str:
    r = i % 20
    return "teacher" if r == 0 else "parent" if r <= 10 else "student"


def _bodies(rng: random.Random, n: int = 2000) -> list[tuple[str, str]]:
    """A pool of message texts with their rendered HTML (rendering costs ~0.2 ms each)."""
    out = []
    for i in range(n):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 16)))
        text = text[0].upper() + text[1:] + (f" №{i}" if i % 3 == 0 else "")
        out.append((text, render.render(text, {})))
    return out


async def _insert(conn: AsyncConnection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        await conn.execute(sa.insert(table), list(rows[start : start + BATCH]))


def _naive(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


async def _copy(conn: AsyncConnection, table: sa.Table, rows: Iterator[dict[str, Any]]) -> int:
    """Write rows of `table` (dicts with model values): COPY on PostgreSQL, executemany on
    SQLite. Returns how many."""
    columns = [c.name for c in table.columns]
    count = 0
    if conn.dialect.name == "postgresql":
        raw = await conn.get_raw_connection()
        pg = raw.driver_connection
        assert pg is not None
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(_naive(row.get(c)) for c in columns))
            if len(batch) >= BATCH * 5:
                await pg.copy_records_to_table(table.name, records=batch, columns=columns)
                count += len(batch)
                batch = []
        if batch:
            await pg.copy_records_to_table(table.name, records=batch, columns=columns)
            count += len(batch)
        return count
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append({c: row.get(c) for c in columns})
        if len(chunk) >= BATCH:
            await conn.execute(sa.insert(table), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        await conn.execute(sa.insert(table), chunk)
        count += len(chunk)
    return count


def plan_chats(shape: Shape, rng: random.Random, people: int) -> list[list[int]]:
    """Members of each chat: everyone picks `chats_per_member` chats at random; the big chat
    (if any) comes last and has everybody."""
    members: list[list[int]] = [[] for _ in range(shape.chats)]
    per = min(shape.chats_per_member, shape.chats)
    for i in range(people):
        for c in rng.sample(range(shape.chats), per):
            members[c].append(i)
    if shape.big_chat:
        members.append(list(range(people)))
    return [m for m in members if m]


async def seed_bulk(database_url: str, shape: Shape, tag: str) -> BulkData:
    """Create the organisation described by `shape` in the (migrated) database."""
    rng = random.Random(shape.seed)
    engine = make_engine(database_url)
    timings: dict[str, float] = {}
    try:
        t = time.monotonic()
        async with transaction(make_sessionmaker(engine)) as db:
            org = await create_org(db, name=f"Bench school {tag}", kind="school", region="Bench")
            rates = {"student": 600, "parent": 600, "staff": 600}
            org.settings = {**DEFAULT_SETTINGS, "safety": {"rate_limits": rates}}
            org_id = org.id
        people = await _people(engine, org_id, shape, tag, rng)
        timings["people_s"] = time.monotonic() - t
        t = time.monotonic()
        data = await _chats_and_messages(engine, org_id, people, shape, rng, timings)
        timings["chats_messages_s"] = time.monotonic() - t
        t = time.monotonic()
        async with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Autovacuum would get there; the benchmark must not depend on when.
                await conn.execute(sa.text("ANALYZE"))
        timings["analyze_s"] = time.monotonic() - t
        data.timings = {k: round(v, 1) for k, v in timings.items()}
        return data
    finally:
        await engine.dispose()


async def _people(
    engine: AsyncEngine, org_id: str, shape: Shape, tag: str, rng: random.Random
) -> list[Person]:
    time_cost, memory, parallel = shape.argon2
    hashed = PasswordHasher(time_cost=time_cost, memory_cost=memory, parallelism=parallel).hash(
        PASSWORD
    )
    now = datetime.now(UTC)
    accounts, memberships, sessions = [], [], []
    people: list[Person] = []
    base_ms = int((now - timedelta(days=shape.days + 30)).timestamp() * 1000)
    first_teacher = None
    for i in range(shape.members):
        role = role_of(i)
        account_id = ulid_at(base_ms + i, rng)
        email = f"bench-{tag}-{i}@example.org"
        name = _name(i, role)
        if role == "teacher" and first_teacher is None:
            first_teacher = account_id
        accounts.append(
            {
                "id": account_id,
                "display_name": name,
                "email": email,
                "email_verified_at": now,
                "password_hash": hashed,
                "language": "ru",
                "is_operator": False,
                "is_active": True,
                "is_guest": False,
                "last_org_id": org_id,
                "created_at": now,
            }
        )
        memberships.append(
            {
                "id": ulid_at(base_ms + i, rng),
                "org_id": org_id,
                "account_id": account_id,
                "role": role,
                "status": "active",
                "full_name": name,
                "name_search": fold_name(name),
                "title": "",
                "verified_at": now if role == "teacher" else None,
                "verified_by": first_teacher if role == "teacher" else None,
                "created_at": now,
            }
        )
        person = Person(account_id, email, role)
        for _ in range(shape.sessions_per_account):
            token = "pst_" + random_token(32)
            person.tokens.append(token)
            sessions.append(
                {
                    "id": ulid_at(base_ms + i, rng),
                    "account_id": account_id,
                    "token_hash": sha256_hex(token),
                    "created_at": now,
                    "last_seen_at": now,
                    "expires_at": now + timedelta(days=30),
                    "user_agent": "bench",
                    "ip": "127.0.0.1",
                }
            )
        people.append(person)
    async with engine.begin() as conn:
        await _insert(conn, Account.__table__, accounts)  # type: ignore[arg-type]
        await _insert(conn, Membership.__table__, memberships)  # type: ignore[arg-type]
        await _insert(conn, AuthSession.__table__, sessions)  # type: ignore[arg-type]
    return people


async def _chats_and_messages(
    engine: AsyncEngine,
    org_id: str,
    people: list[Person],
    shape: Shape,
    rng: random.Random,
    timings: dict[str, float],
) -> BulkData:
    now = datetime.now(UTC)
    start = now - timedelta(days=shape.days)
    span_ms = int((now - timedelta(minutes=1) - start).total_seconds() * 1000)
    start_ms = int(start.timestamp() * 1000)
    plan = plan_chats(shape, rng, len(people))
    chats = [ChatInfo(id=ulid_at(start_ms - 1000 + c, rng), members=m) for c, m in enumerate(plan)]
    # How many messages each chat gets: the big chat its share, the rest evenly.
    total = shape.messages
    if shape.big_chat and len(chats) > 1:
        chats[-1].messages = int(total * shape.hot_share)
        rest, small = total - chats[-1].messages, chats[:-1]
    else:
        rest, small = total, chats
    for k, chat in enumerate(small):
        chat.messages = rest // len(small) + (1 if k < rest % len(small) else 0)
    member_chats: list[list[int]] = [[] for _ in people]
    for c, chat in enumerate(chats):
        for i in chat.members:
            member_chats[i].append(c)
        chat.seq = 2 + chat.messages  # chat.created, member.joined, then the messages

    bodies = _bodies(rng)
    teacher = next(p for p in people if p.role == "teacher")
    template_message = Message(
        id="0" * 26,
        chat_id="0" * 26,
        org_id=org_id,
        seq=0,
        author_id=teacher.account_id,
        client_id=None,
        kind="text",
        body="",
        html="",
        mentions=[],
        mentions_all=False,
        created_at=now,
    )
    template = fresh_view(template_message, "", False, None).model_dump(mode="json")
    names = {p.account_id: _name(i, p.role) for i, p in enumerate(people)}

    # Per chat: the first member owns it; the last message is known before writing.
    chat_rows, member_rows, head_events = [], [], []
    last: dict[int, tuple[str, datetime]] = {}
    for c, chat in enumerate(chats):
        owner = people[chat.members[0]].account_id
        created = start - timedelta(minutes=10)
        last_id, last_at = None, None
        if chat.messages:
            ms = start_ms + span_ms  # the chat's last message is the newest of its span
            last_at = datetime.fromtimestamp(ms / 1000, UTC)
            last_id = ulid_at(ms, rng)
            last[c] = (last_id, last_at)
        title = "Вся школа" if shape.big_chat and c == len(chats) - 1 else f"Группа {c}"
        chat_rows.append(
            {
                "id": chat.id,
                "org_id": org_id,
                "kind": "group",
                "title": title,
                "description": "",
                "settings": {
                    "who_may_post": "all",
                    "who_may_add": "moderators",
                    "members_may_invite": False,
                    "join_approval": False,
                    "slow_mode_seconds": 0,
                    "reactions": True,
                },
                "seq": chat.seq,
                "last_message_at": last_at,
                "last_message_id": last_id,
                "created_by": owner,
                "created_at": created,
            }
        )
        for k, i in enumerate(chat.members):
            behind = rng.randint(0, min(shape.unread_max, chat.messages))
            member_rows.append(
                {
                    "id": ulid_at(start_ms - 500 + k, rng),
                    "chat_id": chat.id,
                    "org_id": org_id,
                    "account_id": people[i].account_id,
                    "role": "owner" if k == 0 else "member",
                    "status": "active",
                    "last_read_seq": chat.seq - behind,
                    "muted": False,
                    "pinned": False,
                    "draft": "",
                    "joined_at": created,
                }
            )
        head_events.append(
            {
                "chat_id": chat.id,
                "seq": 1,
                "kind": "chat.created",
                "payload": {"chat_id": chat.id, "kind": "group", "title": title, "by": owner},
                "created_at": created,
            }
        )
        joined: list[dict[str, object]] = [
            {
                "account_id": people[i].account_id,
                "name": names[people[i].account_id],
                "verified": people[i].role == "teacher",
            }
            for i in chat.members
        ]
        head_events.append(
            {
                "chat_id": chat.id,
                "seq": 2,
                "kind": "member.joined",
                "payload": {"members": joined, "by": owner},
                "created_at": created,
            }
        )

    def messages_and_events() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        for c, chat in enumerate(chats):
            n = chat.messages
            for k in range(n):
                seq = 3 + k
                if k == n - 1:
                    message_id, at = last[c]
                else:
                    ms = start_ms + (span_ms * k) // n
                    at = datetime.fromtimestamp(ms / 1000, UTC)
                    message_id = ulid_at(ms, rng)
                author = people[rng.choice(chat.members)]
                body, html = bodies[rng.randrange(len(bodies))]
                message = {
                    "id": message_id,
                    "chat_id": chat.id,
                    "org_id": org_id,
                    "seq": seq,
                    "author_id": author.account_id,
                    "client_id": None,
                    "kind": "text",
                    "body": body,
                    "html": html,
                    "mentions": [],
                    "mentions_all": False,
                    "attachment_count": 0,
                    "ack_required": False,
                    "created_at": at,
                }
                payload = dict(template)
                payload.update(
                    id=message_id,
                    chat_id=chat.id,
                    seq=seq,
                    author_id=author.account_id,
                    author_name=names[author.account_id],
                    author_verified=author.role == "teacher",
                    body=body,
                    html=html,
                    created_at=at.isoformat().replace("+00:00", "Z"),
                )
                event = {
                    "chat_id": chat.id,
                    "seq": seq,
                    "kind": "message.new",
                    "payload": payload,
                    "created_at": at,
                }
                yield message, event

    async with engine.begin() as conn:
        await _insert(conn, Chat.__table__, chat_rows)  # type: ignore[arg-type]
        await _insert(conn, ChatMember.__table__, member_rows)  # type: ignore[arg-type]
        await _insert(conn, ChatEvent.__table__, head_events)  # type: ignore[arg-type]
    t = time.monotonic()
    async with engine.begin() as conn:
        await conn.run_sync(search_index.drop)
        events: list[dict[str, Any]] = []
        message_table: sa.Table = Message.__table__  # type: ignore[assignment]
        event_table: sa.Table = ChatEvent.__table__  # type: ignore[assignment]

        def messages() -> Iterator[dict[str, Any]]:
            for message, event in messages_and_events():
                events.append(event)
                yield message

        # Messages and their events in chunks, so memory stays bounded.
        source = messages()
        while True:
            chunk = [m for _, m in zip(range(BATCH * 5), source, strict=False)]
            if not chunk:
                break
            await _copy(conn, message_table, iter(chunk))
            await _copy(conn, event_table, iter(events))
            events.clear()
    timings["messages_s"] = time.monotonic() - t
    t = time.monotonic()
    async with engine.begin() as conn:
        await conn.run_sync(search_index.create)
    timings["search_index_s"] = time.monotonic() - t
    return BulkData(org_id=org_id, people=people, chats=chats, member_chats=member_chats)


def _name(i: int, role: str) -> str:
    word = "Учитель" if role == "teacher" else "Родитель" if role == "parent" else "Ученик"
    return f"{word} {i}"
