"""HTTP load: message sends, sign-in, chat list, history and sync, on a small or a large
organisation, with one or several server processes. Prints one JSON line.

The data is written with bulk SQL (bench/bulkseed.py: what a stored message consists of and
what is left out is described there): `--size small` is 4,000 members and 10,000 messages,
`--size large` a 10,000-member organisation with 1,000,000 messages (any part can be
changed with the flags). Before the load, the statements of each request kind are recorded
from the real services and explained (bench/queryplans.py), so the report says which
indexes the chat list and history use and flags any sequential scan of a big table.

Then, for each `--workers` count, `parta serve --workers N` is started on that database and
each phase runs for `--seconds` with `--concurrency` closed-loop clients on keep-alive
connections (a light HTTP/1.1 client, bench/rawhttp.py): requests per second, latency
p50/p90/p99/max, non-2xx answers, and CPU time of the server's processes and of PostgreSQL
per request. The first `--warmup` seconds of each phase are not counted.

Phases: sign_in (POST /auth/sign-in, real argon2 cost unless --light-argon2), chat_list,
history_newest (the newest page of 50), history_older (a page before a random point),
sync (GET /sync with a cursor 20 events back), send (POST …/messages: each client sends as
a rotating set of verified teachers, each into one of their chats). Sends run last so the
read phases see the data as seeded.

    .venv/bin/python bench/load_http.py --size small
    .venv/bin/python bench/load_http.py --size large \\
        --database-url postgresql+asyncpg://root@127.0.0.1:5432/parta_bench --wipe \\
        --workers 1,2 --redis-url redis://127.0.0.1:6379/12
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from bulkseed import PASSWORD, BulkData, Shape, seed_bulk
from queryplans import Probe, explain_all, summary
from rawhttp import Connection
from serverproc import ServerProcess, pct, proc_cpu_seconds, raise_nofile
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

PHASES = ("sign_in", "chat_list", "history_newest", "history_older", "sync", "send")
SIZES = {
    # 200 teachers: 1,000 sends a second stay at half of each teacher's rate limit.
    "small": {"members": 4000, "messages": 10_000, "chats": 160, "chats_per_member": 5},
    "large": {"members": 10_000, "messages": 1_000_000, "chats": 400, "chats_per_member": 10},
}
LIGHT_ARGON2 = (1, 1024, 1)
PRODUCTION_ARGON2 = (3, 65536, 1)  # parta.config's defaults


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--size", choices=sorted(SIZES), default="small", help="data preset")
    p.add_argument("--members", type=int, help="members of the organisation")
    p.add_argument("--messages", type=int, help="stored messages")
    p.add_argument("--chats", type=int, help="group chats (plus the school-wide one)")
    p.add_argument("--chats-per-member", type=int, help="chats each member is in")
    p.add_argument("--no-big-chat", action="store_true", help="no chat with everybody")
    p.add_argument("--hot-share", type=float, default=0.1, help="the big chat's share")
    p.add_argument(
        "--database-url",
        help="PostgreSQL to use (default: SQLite in a temporary directory); needs --wipe",
    )
    p.add_argument("--wipe", action="store_true", help="drop the PostgreSQL schema first")
    p.add_argument(
        "--data-file",
        help="reuse the data seeded by an earlier run with this file (PostgreSQL), or seed and "
        "write it",
    )
    p.add_argument("--redis-url", default="", help="PARTA_REDIS_URL of the server")
    p.add_argument("--workers", default="1", help="worker counts to run, e.g. 1,2")
    p.add_argument("--concurrency", type=int, default=16, help="closed-loop clients")
    p.add_argument("--seconds", type=float, default=15.0, help="measured seconds per phase")
    p.add_argument("--warmup", type=float, default=2.0, help="uncounted seconds per phase")
    p.add_argument(
        "--phases",
        default=",".join(PHASES),
        help="comma-separated phases; none: only seed and explain",
    )
    p.add_argument("--light-argon2", action="store_true", help="cheap password hashing")
    p.add_argument(
        "--profile",
        help="PHASE:FILE: record the server with py-spy during that phase (.txt: collapsed "
        "stacks for bench/pyspy_summary.py; .json: speedscope; else an SVG flame graph)",
    )
    p.add_argument("--plans", help="write the full EXPLAIN report (JSON) to this file")
    p.add_argument("--no-plans", action="store_true", help="skip the query plans")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = p.parse_args(argv)
    preset = SIZES[args.size]
    for key, value in preset.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    # A data file from an earlier run is reused only on PostgreSQL (SQLite lives in a
    # temporary directory that is gone by then).
    args.reuse = bool(args.data_file and args.database_url and Path(args.data_file).exists())
    args.worker_counts = [int(w) for w in str(args.workers).split(",") if w]
    args.phase_list = [x for x in args.phases.split(",") if x and x != "none"]
    args.profile_phase, _, args.profile_file = (args.profile or "").partition(":")
    if args.profile and (args.profile_phase not in PHASES or not args.profile_file):
        p.error("--profile takes PHASE:FILE, e.g. send:/tmp/send.txt")
    unknown = set(args.phase_list) - set(PHASES)
    if unknown:
        p.error(f"unknown phases: {', '.join(sorted(unknown))}")
    return args


async def prepare_database(url: str, wipe: bool) -> None:
    """An empty, migrated database. PostgreSQL is wiped only when asked to."""
    from parta.migrate import upgrade

    if url.startswith("postgresql"):
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                tables = (
                    await conn.execute(
                        sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                    )
                ).scalar_one()
                if tables and not wipe:
                    raise SystemExit(f"{url} has tables: pass --wipe to drop them")
                await conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
                await conn.execute(sa.text("CREATE SCHEMA public"))
        finally:
            await engine.dispose()
    await asyncio.to_thread(upgrade, url)


@dataclass
class Stats:
    """Latencies (ms) and statuses of the requests started inside the measured window."""

    latencies: list[float]
    statuses: Counter[int]
    seconds: float


Request = Callable[[Connection, int, random.Random], Awaitable[int]]


async def closed_loop(
    host: str, port: int, clients: int, warmup: float, seconds: float, request: Request
) -> Stats:
    """`clients` loops, each on its own keep-alive connection: request, wait, repeat. A
    request that fails without an answer (connection reset, server gone) counts as status 0."""
    started = time.perf_counter()
    measure_from = started + warmup
    until = measure_from + seconds
    latencies: list[float] = []
    statuses: Counter[int] = Counter()

    async def loop(k: int) -> None:
        conn = Connection(host, port)
        rng = random.Random(k)
        try:
            while True:
                t0 = time.perf_counter()
                if t0 >= until:
                    return
                try:
                    status = await request(conn, k, rng)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    conn.close()  # reported as status 0; the next request reconnects
                    status = 0
                if t0 >= measure_from:
                    latencies.append((time.perf_counter() - t0) * 1000)
                    statuses[status] += 1
        finally:
            conn.close()

    await asyncio.gather(*(loop(k) for k in range(clients)))
    return Stats(latencies, statuses, seconds)


class PostgresCpu:
    """CPU time of the PostgreSQL backends serving this benchmark's database (found in
    pg_stat_activity), so that other databases on the same server do not count. A backend
    that ends during a phase takes its time with it; the server's pool keeps them open."""

    def __init__(self, url: str | None) -> None:
        self.engine: AsyncEngine | None = create_async_engine(url) if url else None

    async def snapshot(self) -> dict[int, float]:
        if self.engine is None:
            return {}
        async with self.engine.connect() as conn:
            pids = (
                await conn.execute(
                    sa.text(
                        "SELECT pid FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            ).scalars()
            return {int(p): proc_cpu_seconds(int(p)) for p in pids}

    @staticmethod
    def used(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())

    async def close(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Phases:
    """The request of each phase, over the seeded data."""

    def __init__(self, data: BulkData, clients: int, api: str = "/api/v1") -> None:
        self.data = data
        self.api = api
        self.org = data.org_id
        teachers = data.teachers()
        # Client k sends as its own share of the teachers, so that no one person goes past
        # the organisation's per-person rate limit (600 a minute, set by the seed).
        self.senders = [
            teachers[k::clients] or [teachers[k % len(teachers)]] for k in range(clients)
        ]
        # Each teacher sends into their first chat (never the school-wide one, which is last).
        self.send_chat = {t: data.chats[data.member_chats[t][0]].id for t in teachers}

    @staticmethod
    def _auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def _someone(self, rng: random.Random) -> int:
        while True:
            i = rng.randrange(len(self.data.people))
            if self.data.member_chats[i]:
                return i

    async def sign_in(self, conn: Connection, k: int, rng: random.Random) -> int:
        person = self.data.people[rng.randrange(len(self.data.people))]
        body = {"login": person.email, "password": PASSWORD, "transport": "token"}
        return (await conn.request("POST", f"{self.api}/auth/sign-in", body)).status

    async def chat_list(self, conn: Connection, k: int, rng: random.Random) -> int:
        person = self.data.people[self._someone(rng)]
        path = f"{self.api}/orgs/{self.org}/chats"
        return (await conn.request("GET", path, headers=self._auth(person.tokens[0]))).status

    async def _history(self, conn: Connection, rng: random.Random, older: bool) -> int:
        i = self._someone(rng)
        chat = self.data.chats[rng.choice(self.data.member_chats[i])]
        path = f"{self.api}/orgs/{self.org}/chats/{chat.id}/messages?limit=50"
        if older and chat.seq > 2:
            path += f"&before_seq={rng.randint(2, chat.seq)}"
        token = self.data.people[i].tokens[0]
        return (await conn.request("GET", path, headers=self._auth(token))).status

    async def history_newest(self, conn: Connection, k: int, rng: random.Random) -> int:
        return await self._history(conn, rng, older=False)

    async def history_older(self, conn: Connection, k: int, rng: random.Random) -> int:
        return await self._history(conn, rng, older=True)

    async def sync(self, conn: Connection, k: int, rng: random.Random) -> int:
        i = self._someone(rng)
        chat = self.data.chats[rng.choice(self.data.member_chats[i])]
        path = f"{self.api}/sync?cursors={chat.id}:{max(0, chat.seq - 20)}"
        token = self.data.people[i].tokens[0]
        return (await conn.request("GET", path, headers=self._auth(token))).status

    async def send(self, conn: Connection, k: int, rng: random.Random) -> int:
        mine = self.senders[k]
        t = mine[rng.randrange(len(mine))]
        path = f"{self.api}/orgs/{self.org}/chats/{self.send_chat[t]}/messages"
        body = {"client_id": uuid.uuid4().hex, "body": f"Нагрузка {k} {time.time():.3f}"}
        token = self.data.people[t].tokens[0]
        return (await conn.request("POST", path, body, headers=self._auth(token))).status


async def run_phase(
    name: str, phases: Phases, server: ServerProcess, args: argparse.Namespace, pg: PostgresCpu
) -> dict[str, Any]:
    request: Request = getattr(phases, name)
    host, port = "127.0.0.1", server.port
    spy = start_profile(server, args.profile_file) if name == args.profile_phase else None
    cpu0, pg0, client0 = server.cpu_seconds(), await pg.snapshot(), client_cpu()
    wall0 = time.perf_counter()
    stats = await closed_loop(host, port, args.concurrency, args.warmup, args.seconds, request)
    wall = time.perf_counter() - wall0
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        await asyncio.to_thread(spy.wait, 120)
    # CPU covers warm-up and measured window alike: per request, divide by all of them.
    cpu = server.cpu_seconds() - cpu0
    total = len(stats.latencies) * wall / max(args.seconds, 1e-9)
    ok = sum(n for s, n in stats.statuses.items() if 200 <= s < 300)
    out: dict[str, Any] = {
        "requests": len(stats.latencies),
        "per_s": round(len(stats.latencies) / stats.seconds, 1),
        "ok": ok,
        "errors": {str(s): n for s, n in sorted(stats.statuses.items()) if not 200 <= s < 300},
        "p50_ms": round(pct(stats.latencies, 50), 2),
        "p90_ms": round(pct(stats.latencies, 90), 2),
        "p99_ms": round(pct(stats.latencies, 99), 2),
        "max_ms": round(max(stats.latencies, default=float("nan")), 2),
        "server_cpu_s": round(cpu, 2),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(total, 1), 3),
        "client_cpu_s": round(client_cpu() - client0, 2),
    }
    if pg.engine is not None:
        used = pg.used(pg0, await pg.snapshot())
        out["postgres_cpu_s"] = round(used, 2)
        out["postgres_cpu_ms_per_request"] = round(used * 1000 / max(total, 1), 3)
    return out


def start_profile(server: ServerProcess, path: str) -> subprocess.Popen[bytes]:
    """py-spy (a measurement tool, not a dependency: `.venv/bin/pip install py-spy`) on the
    server and its workers, for one phase."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    fmt = {".json": "speedscope", ".txt": "raw"}.get(Path(path).suffix, "flamegraph")
    cmd = [spy, "record", "--nonblocking", "--subprocesses", "-r", "100", "-f", fmt, "-o", path]
    proc = subprocess.Popen(  # noqa: S603 (our own command line)
        [*cmd, "--pid", str(server.proc.pid)], stdout=subprocess.DEVNULL
    )
    time.sleep(1.0)  # py-spy needs a moment to attach
    return proc


def probe_of(data: BulkData) -> Probe:
    """A parent of the organisation and the busiest chat they are in (the school-wide one
    when there is one), for the query plans."""
    i = next(k for k, p in enumerate(data.people) if p.role == "parent" and data.member_chats[k])
    chat = max((data.chats[c] for c in data.member_chats[i]), key=lambda c: c.seq)
    person = data.people[i]
    return Probe(
        token=person.tokens[0],
        login=person.email,
        password=PASSWORD,
        chat_id=chat.id,
        chat_seq=chat.seq,
        chat_ids=[data.chats[c].id for c in data.member_chats[i]],
    )


async def run(args: argparse.Namespace) -> dict[str, Any]:
    nofile = raise_nofile()
    tmp = Path(tempfile.mkdtemp(prefix="parta-http-"))
    argon2 = LIGHT_ARGON2 if args.light_argon2 else PRODUCTION_ARGON2
    db_url = args.database_url or f"sqlite+aiosqlite:///{tmp}/parta.db"
    pg = PostgresCpu(db_url if db_url.startswith("postgresql") else None)
    env = {
        "PARTA_DATA_DIR": str(tmp),
        "PARTA_DATABASE_URL": db_url,
        "PARTA_SECRET_KEY": secrets.token_urlsafe(32),
        "PARTA_LOG_LEVEL": "WARNING",
        "PARTA_REDIS_URL": args.redis_url,
        "PARTA_ARGON2_TIME_COST": str(argon2[0]),
        "PARTA_ARGON2_MEMORY_KIB": str(argon2[1]),
        "PARTA_ARGON2_PARALLELISM": str(argon2[2]),
    }
    os.environ.update(env)  # the in-process services (query plans) read the same settings
    try:
        t0 = time.monotonic()
        reuse = args.reuse
        if not reuse:
            await prepare_database(db_url, args.wipe)
        shape = Shape(
            members=args.members,
            chats=args.chats,
            chats_per_member=args.chats_per_member,
            big_chat=not args.no_big_chat,
            messages=args.messages,
            hot_share=args.hot_share,
            argon2=argon2,
        )
        if reuse:
            data = await asyncio.to_thread(BulkData.load, Path(args.data_file))
        else:
            data = await seed_bulk(db_url, shape, tag=uuid.uuid4().hex[:8])
            if args.data_file:
                await asyncio.to_thread(data.save, Path(args.data_file))
        dataset = {
            "reused": reuse,
            "members": len(data.people),
            "teachers": len(data.teachers()),
            "chats": len(data.chats),
            "chats_per_member": args.chats_per_member,
            "big_chat_members": max(len(c.members) for c in data.chats),
            "messages": sum(c.messages for c in data.chats),
            "busiest_chat_messages": max(c.messages for c in data.chats),
            "seed_s": round(time.monotonic() - t0, 1),
            "seed_timings_s": data.timings,
        }
        plans: dict[str, Any] | None = None
        if not args.no_plans:
            report = await explain_all(db_url, data.org_id, probe_of(data))
            if args.plans:
                text = json.dumps(report, ensure_ascii=False, indent=1)
                await asyncio.to_thread(Path(args.plans).write_text, text)
            plans = {"summary": summary(report), "problems": report["problems"]}
        phases = Phases(data, args.concurrency)
        gc.freeze()
        runs: dict[str, Any] = {}
        for workers in args.worker_counts if args.phase_list else []:
            server = ServerProcess(env, tmp / f"server-{workers}.log", workers=workers)
            try:
                await server.ready()
                results: dict[str, Any] = {}
                for name in args.phase_list:
                    results[name] = await run_phase(name, phases, server, args, pg)
                runs[str(workers)] = results
            finally:
                server.stop()
        out: dict[str, Any] = {
            "bench": "load_http",
            "database": urlsplit(db_url).scheme.split("+")[0],
            "redis": bool(args.redis_url),
            "concurrency": args.concurrency,
            "seconds_per_phase": args.seconds,
            "argon2": {"time_cost": argon2[0], "memory_kib": argon2[1]},
            "dataset": dataset,
            "plans": plans,
            "runs": runs,
            "nofile": nofile,
            "load_average": os.getloadavg(),
        }
        if len(runs) > 1:
            base, top = str(args.worker_counts[0]), str(args.worker_counts[-1])
            out["ratio"] = {
                name: round(runs[top][name]["per_s"] / max(runs[base][name]["per_s"], 1e-9), 2)
                for name in args.phase_list
            }
        return out
    finally:
        await pg.close()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    args = parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(run(args)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
