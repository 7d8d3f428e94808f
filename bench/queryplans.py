"""The query plans of the hot requests, taken from the statements the services really run.

Each scenario runs the real service functions (sign-in, the per-request session and
organisation lookups, the chat list, history pages, /sync, a send) in a transaction on the
benchmark's database while a SQLAlchemy cursor hook records every statement with its
parameters; the transaction is rolled back. Then every recorded statement is explained:
PostgreSQL `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` in one transaction per scenario that is
rolled back (writes run too, so later reads see them), SQLite `EXPLAIN QUERY PLAN`. A
sequential scan (SQLite: any `SCAN`) of a table with more than `BIG` rows is reported as a
problem.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from parta.auth.deps import Actor, load_org_context
from parta.auth.signin import sign_in_with_password
from parta.auth.tokens import resolve_token
from parta.chats.listing import my_chats
from parta.db import make_engine
from parta.messages.service import history, send_message
from parta.models import ChatMember
from parta.sync.service import sync

BIG = 10_000
READS = ("select", "with")


@dataclass
class Recorded:
    statement: str
    parameters: Any


@dataclass
class Scenario:
    name: str
    statements: list[Recorded] = field(default_factory=list)
    ms: float = 0.0


@dataclass
class Probe:
    """Who and what the scenarios use: a member, their token, a chat of theirs."""

    token: str
    login: str
    password: str
    chat_id: str
    chat_seq: int
    chat_ids: list[str]


Step = Callable[[AsyncSession], Awaitable[object]]


async def _actor(db: AsyncSession, token: str) -> Actor:
    found = await resolve_token(db, token)
    assert found is not None, "the probe's session does not resolve"
    return Actor(account=found[1], session=found[0], via_cookie=False)


def _steps(probe: Probe, org_id: str) -> dict[str, Step]:
    async def auth(db: AsyncSession) -> object:
        actor = await _actor(db, probe.token)
        return await load_org_context(db, actor, org_id)

    async def sign_in(db: AsyncSession) -> object:
        return await sign_in_with_password(
            db, probe.login, probe.password, ip="127.0.0.1", user_agent="bench"
        )

    async def chat_list(db: AsyncSession) -> object:
        ctx = await load_org_context(db, await _actor(db, probe.token), org_id)
        return await my_chats(db, org_id, ctx.account_id)

    async def chat_list_all_unread(db: AsyncSession) -> object:
        # The worst case of the unread counts: a member who has read none of their chats.
        ctx = await load_org_context(db, await _actor(db, probe.token), org_id)
        await db.execute(
            sa.update(ChatMember)
            .where(ChatMember.account_id == ctx.account_id)
            .values(last_read_seq=0)
        )
        return await my_chats(db, org_id, ctx.account_id)

    async def page(db: AsyncSession, before: int | None) -> object:
        ctx = await load_org_context(db, await _actor(db, probe.token), org_id)
        return await history(
            db, ctx, probe.chat_id, before_seq=before, after_seq=None, around_id=None, limit=50
        )

    async def history_newest(db: AsyncSession) -> object:
        return await page(db, None)

    async def history_older(db: AsyncSession) -> object:
        return await page(db, max(1, probe.chat_seq // 2))

    async def sync_missed(db: AsyncSession) -> object:
        actor = await _actor(db, probe.token)
        return await sync(db, actor, {probe.chat_id: max(0, probe.chat_seq - 20)})

    async def send(db: AsyncSession) -> object:
        ctx = await load_org_context(db, await _actor(db, probe.token), org_id)
        return await send_message(
            db, ctx, probe.chat_id, client_id=uuid.uuid4().hex, body="План запроса"
        )

    return {
        "auth_per_request": auth,
        "sign_in": sign_in,
        "chat_list": chat_list,
        "chat_list_all_unread": chat_list_all_unread,
        "history_newest": history_newest,
        "history_older": history_older,
        "sync_20_missed": sync_missed,
        "send": send,
    }


async def _record(engine: AsyncEngine, name: str, step: Step) -> Scenario:
    scenario = Scenario(name)

    def hook(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        if not many and statement.lstrip().split(None, 1)[0].lower() in (
            *READS,
            "update",
            "insert",
            "delete",
        ):
            scenario.statements.append(Recorded(statement, parameters))

    sa.event.listen(engine.sync_engine, "before_cursor_execute", hook)
    try:
        async with AsyncSession(engine, expire_on_commit=False, autoflush=False) as db:
            started = time.perf_counter()
            try:
                await step(db)
            finally:
                scenario.ms = (time.perf_counter() - started) * 1000
                await db.rollback()
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", hook)
    return scenario


async def _table_rows(conn: AsyncConnection) -> dict[str, int]:
    if conn.dialect.name == "postgresql":
        rows = await conn.execute(
            sa.text("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        )
        return {str(name): int(n) for name, n in rows.all()}
    names = (
        await conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    ).scalars()
    out = {}
    for name in list(names):
        if name.startswith(("sqlite_", "message_search")):
            continue
        count = sa.select(sa.func.count()).select_from(sa.table(name))
        out[name] = int((await conn.execute(count)).scalar_one())
    return out


def _walk_pg(node: dict[str, Any], out: list[dict[str, Any]]) -> None:
    entry = {"node": node.get("Node Type")}
    for key, label in (
        ("Relation Name", "table"),
        ("Index Name", "index"),
        ("Actual Rows", "rows"),
        ("Actual Loops", "loops"),
    ):
        if key in node:
            entry[label] = node[key]
    out.append(entry)
    for child in node.get("Plans", []):
        _walk_pg(child, out)


async def _sqlite_index_names(conn: AsyncConnection) -> dict[str, str]:
    """SQLite names the indexes of UNIQUE constraints sqlite_autoindex_<table>_<n>: add
    their columns, so the report says which key was used."""
    out: dict[str, str] = {}
    if conn.dialect.name != "sqlite":
        return out
    rows = await conn.execute(
        sa.text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
    )
    for name, table in rows.all():
        if not str(name).startswith("sqlite_autoindex"):
            continue
        cols = await conn.exec_driver_sql(f"PRAGMA index_info('{name}')")
        columns = ",".join(str(c._mapping["name"]) for c in cols.all())
        out[str(name)] = f"{table}({columns})"
    return out


async def _explain(
    conn: AsyncConnection, rec: Recorded, sizes: dict[str, int], names: dict[str, str]
) -> dict[str, Any]:
    short = " ".join(rec.statement.split())
    result: dict[str, Any] = {"sql": short[:160] + ("…" if len(short) > 160 else "")}
    params = tuple(rec.parameters) if rec.parameters is not None else ()
    scans: list[str] = []
    indexes: set[str] = set()
    try:
        if conn.dialect.name == "postgresql":
            # Writes too: the transaction is rolled back, and a scenario's later reads must
            # see its earlier writes (e.g. the read markers reset before the chat list).
            async with conn.begin_nested():
                sql = f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {rec.statement}"
                raw = (await conn.exec_driver_sql(sql, params)).scalar()
            doc = raw if isinstance(raw, list) else json.loads(str(raw))
            nodes: list[dict[str, Any]] = []
            _walk_pg(doc[0]["Plan"], nodes)
            result["nodes"] = nodes
            result["ms"] = round(float(doc[0].get("Execution Time", 0.0)), 3)
            scans = [n["table"] for n in nodes if n["node"] == "Seq Scan" and "table" in n]
            indexes = {n["index"] for n in nodes if "index" in n}
        else:
            sql = f"EXPLAIN QUERY PLAN {rec.statement}"
            rows = (await conn.exec_driver_sql(sql, params)).all()
            details = [str(r._mapping["detail"]) for r in rows]
            result["nodes"] = details
            for d in details:
                parts = d.split()
                if "INDEX " in d:
                    index = d.split("INDEX ", 1)[1].split()[0]
                    indexes.add(names.get(index, index))
                # SCAN walks the whole table (or the whole of an index); SEARCH uses a key.
                if len(parts) >= 2 and parts[0] == "SCAN":
                    scans.append(parts[1])
    except Exception as exc:  # a statement EXPLAIN cannot take is reported, not fatal
        result["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    result["indexes"] = sorted(indexes)
    big = sorted({t for t in scans if sizes.get(t, 0) > BIG})
    if big:
        result["seq_scan_on_big_table"] = big
    return result


async def explain_all(database_url: str, org_id: str, probe: Probe) -> dict[str, Any]:
    """Record and explain every scenario; returns a JSON-ready report."""
    engine = make_engine(database_url)
    try:
        scenarios = [await _record(engine, n, s) for n, s in _steps(probe, org_id).items()]
        report: dict[str, Any] = {"big_table_rows": BIG, "scenarios": {}}
        async with engine.connect() as conn:
            sizes = await _table_rows(conn)
            names = await _sqlite_index_names(conn)
            await conn.rollback()
            report["table_rows"] = {
                t: sizes[t]
                for t in ("accounts", "memberships", "auth_sessions", "chats", "chat_members",
                          "messages", "chat_events")
                if t in sizes
            }  # fmt: skip
            problems = []
            for sc in scenarios:
                trans = await conn.begin()
                try:
                    explained = [await _explain(conn, r, sizes, names) for r in sc.statements]
                finally:
                    await trans.rollback()
                report["scenarios"][sc.name] = {
                    "service_ms": round(sc.ms, 1),
                    "statements": explained,
                }
                for e in explained:
                    if "seq_scan_on_big_table" in e:
                        problems.append({"scenario": sc.name, **e})
            report["problems"] = problems
        return report
    finally:
        await engine.dispose()


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """A compact view for the JSON line: per scenario, statements, indexes used, the slowest
    statement's time (PostgreSQL), and sequential scans of big tables."""
    out: dict[str, Any] = {}
    for name, sc in report["scenarios"].items():
        stmts = sc["statements"]
        out[name] = {
            "statements": len(stmts),
            "indexes": sorted({i for s in stmts for i in s["indexes"]}),
            "max_ms": max((s.get("ms", 0.0) for s in stmts), default=0.0),
            "seq_scans_on_big_tables": sorted(
                {t for s in stmts for t in s.get("seq_scan_on_big_table", [])}
            ),
        }
    return out
