"""Idle WebSocket connections held by one `parta serve` process. Prints one JSON line.

N authenticated sockets (`/api/v1/events`, Bearer sessions) are opened against one server
and held; the server's resident memory is read from /proc before and after, and the
difference divided by N is the memory per idle connection. Also measured: the time to
connect all of them, the server's CPU while they sit idle (uvicorn pings each socket every
20 s), and whether live delivery still works with all of them open: K messages are sent to
a group chat whose M members are among the connected accounts, and every copy is counted
and timed at the listeners.

Accounts, memberships and sessions are written with bulk SQL (bench/bulkseed.py):
`--accounts A` people with N / A sessions each (default: one session per person); the
first M of them are put in the group through the API, by its owner (a verified teacher).
The clients run in `--procs` processes (asyncio, websockets), each connecting through its
own loopback source addresses so that 20,000 connections do not exhaust one address's
ephemeral ports. Open-file limits are lifted in the clients and, before it starts, in the
server (as root, above the hard limit too).

    .venv/bin/python bench/load_sockets.py --sockets 2000
    .venv/bin/python bench/load_sockets.py --sockets 20000 --procs 2
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import multiprocessing as mp
import os
import secrets
import shutil
import tempfile
import time
import uuid
from collections import Counter
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from bulkseed import BulkData, Shape, seed_bulk
from load_http import prepare_database
from serverproc import (
    ServerProcess,
    kernel_tcp_memory_bytes,
    pct,
    raise_nofile,
)
from websockets.asyncio.client import ClientConnection, connect

NEW = '{"type":"message.new"'
RESERVE = 200  # descriptors a server process needs besides its sockets (database, pipes, …)
BODY = '"body":"S'
MIB = 1024 * 1024


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sockets", type=int, default=20_000, help="N: connections to hold")
    p.add_argument("--accounts", type=int, help="people (default N: one session each)")
    p.add_argument("--chat-members", type=int, default=1000, help="M: members of the chat")
    p.add_argument("--messages", type=int, default=5, help="K: messages sent to the chat")
    p.add_argument("--procs", type=int, default=2, help="client processes")
    p.add_argument("--concurrency", type=int, default=200, help="connects at once per process")
    p.add_argument("--sources", type=int, default=4, help="loopback source addresses")
    p.add_argument("--hold", type=float, default=30.0, help="seconds to hold them idle")
    p.add_argument("--database-url", help="PostgreSQL (default: SQLite in a temporary dir)")
    p.add_argument("--wipe", action="store_true", help="drop the PostgreSQL schema first")
    p.add_argument("--redis-url", default="", help="PARTA_REDIS_URL of the server")
    p.add_argument("--workers", type=int, default=1, help="server worker processes")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = p.parse_args(argv)
    args.accounts = min(args.accounts or args.sockets, args.sockets)
    args.chat_members = min(args.chat_members, args.accounts)
    return args


# --- client processes ------------------------------------------------------------------------


class Listener:
    """One process's sockets: connects them, counts the chat's message copies."""

    def __init__(self, chat_id: str) -> None:
        self.chat_marker = f'"chat_id":"{chat_id}"'
        self.sockets: list[ClientConnection] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.latencies: list[float] = []
        self.closed = 0
        self.errors: Counter[str] = Counter()
        self.connect_ms: list[float] = []

    async def connect_all(
        self, url: str, tokens: list[str], sources: list[str], concurrency: int
    ) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(i: int, token: str) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    ws = await connect(
                        url,
                        additional_headers={"Authorization": f"Bearer {token}"},
                        compression=None,
                        ping_interval=None,  # the server pings; the library answers
                        max_queue=None,
                        open_timeout=120,
                        proxy=None,
                        local_addr=(sources[i % len(sources)], 0),
                    )
                    await asyncio.wait_for(ws.recv(), 60)  # hello: authenticated
                except Exception as exc:  # counted and reported, the rest carry on
                    self.errors[type(exc).__name__] += 1
                    return
                self.connect_ms.append((time.perf_counter() - started) * 1000)
                self.sockets.append(ws)
                self.tasks.append(asyncio.create_task(self._read(ws)))

        await asyncio.gather(*(one(i, t) for i, t in enumerate(tokens)))

    async def _read(self, ws: ClientConnection) -> None:
        # Ends when the connection closes, normally or not: either way it counts as closed.
        with contextlib.suppress(Exception):
            async for frame in ws:
                if not isinstance(frame, str) or not frame.startswith(NEW):
                    continue
                if self.chat_marker not in frame:
                    continue
                i = frame.find(BODY)
                if i >= 0:
                    j = frame.find('"', i + len(BODY))
                    self.latencies.append(time.time() - float(frame[i + len(BODY) : j]))
        self.closed += 1


async def _client(
    pipe: Pipe, url: str, tokens: list[str], sources: list[str], concurrency: int, chat_id: str
) -> None:
    loop = asyncio.get_running_loop()

    async def command() -> Any:
        return await loop.run_in_executor(None, pipe.recv)

    listener = Listener(chat_id)
    pipe.send("ready")
    await command()  # "go": every process starts connecting at once
    started = time.time()
    await listener.connect_all(url, tokens, sources, concurrency)
    pipe.send(
        {
            "connected": len(listener.sockets),
            "errors": dict(listener.errors),
            "started": started,
            "finished": time.time(),
            "connect_ms": listener.connect_ms,
        }
    )
    while True:
        cmd = await command()
        if cmd == "count":
            pipe.send({"latencies": listener.latencies, "closed": listener.closed})
        elif cmd == "exit":
            break
    for task in listener.tasks:
        task.cancel()
    pipe.send("bye")


def client_main(
    pipe: Pipe,
    url: str,
    tokens: list[str],
    sources: list[str],
    concurrency: int,
    chat_id: str,
) -> None:
    """Entry point of a client process."""
    raise_nofile(len(tokens) + 1024)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_client(pipe, url, tokens, sources, concurrency, chat_id))


# --- the benchmark ---------------------------------------------------------------------------


async def make_chat(url: str, data: BulkData, members: int) -> str:
    """The group of the first `members` people, created and filled through the API by its
    owner (person 0, a verified teacher)."""
    owner = data.people[0]
    assert owner.role == "teacher"
    ids = [p.account_id for p in data.people[1:members]]
    headers = {"Authorization": f"Bearer {owner.tokens[0]}"}
    base = f"/api/v1/orgs/{data.org_id}/chats"
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=300) as api:
        r = await api.post(base, json={"title": "Сокеты", "member_ids": ids[:999]})
        if r.status_code != 201:
            raise SystemExit(f"group creation failed: {r.status_code} {r.text[:300]}")
        chat_id = str(r.json()["id"])
        for start in range(999, len(ids), 1000):
            r = await api.post(
                f"{base}/{chat_id}/members", json={"account_ids": ids[start : start + 1000]}
            )
            if r.status_code != 200:
                raise SystemExit(f"adding members failed: {r.status_code} {r.text[:300]}")
    return chat_id


async def warm_up(url: str, tokens: list[str]) -> None:
    """A few sockets opened and closed, so that first-use costs (imports, caches) fall
    before the baseline reading."""
    ws_url = url.replace("http://", "ws://") + "/api/v1/events"
    for token in tokens:
        async with connect(
            ws_url, additional_headers={"Authorization": f"Bearer {token}"}, proxy=None
        ) as ws:
            await ws.recv()


def memory(server: ServerProcess) -> dict[str, float]:
    return {
        "rss_mib": round(server.rss_bytes() / MIB, 1),
        "pss_mib": round(server.pss_bytes() / MIB, 1),
        "kernel_tcp_mib": round(kernel_tcp_memory_bytes() / MIB, 1),
    }


async def settle(server: ServerProcess, quiet: float = 2.0, limit: float = 120.0) -> None:
    """Wait until the server's CPU stops climbing (presence flushes after a connect rush)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = server.cpu_seconds()
        await asyncio.sleep(quiet)
        if server.cpu_seconds() - before < 0.1 * quiet:
            return


class Clients:
    """The client processes and their pipes."""

    def __init__(self, args: argparse.Namespace, url: str, tokens: list[str], chat_id: str):
        ctx = mp.get_context("spawn")
        sources = [f"127.0.0.{2 + s}" for s in range(max(1, args.sources))]
        ws_url = url.replace("http://", "ws://") + "/api/v1/events"
        self.pipes: list[Pipe] = []
        self.procs: list[Any] = []
        for k in range(args.procs):
            mine = tokens[k :: args.procs]
            parent, child = ctx.Pipe()
            proc = ctx.Process(
                target=client_main,
                args=(child, ws_url, mine, sources, args.concurrency, chat_id),
                daemon=True,
            )
            proc.start()
            self.pipes.append(parent)
            self.procs.append(proc)

    async def ask(self, message: Any = None) -> list[Any]:
        """Send `message` to every process (unless None) and collect one answer from each."""

        def exchange() -> list[Any]:
            if message is not None:
                for pipe in self.pipes:
                    pipe.send(message)
            return [pipe.recv() for pipe in self.pipes]

        return await asyncio.to_thread(exchange)

    def stop(self) -> None:
        for proc in self.procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()


async def deliver(
    clients: Clients, url: str, data: BulkData, chat_id: str, k: int, expected: int
) -> dict[str, Any]:
    """K messages to the chat, half a second apart; every copy timed at the listeners."""
    owner = data.people[0]
    headers = {"Authorization": f"Bearer {owner.tokens[0]}"}
    path = f"/api/v1/orgs/{data.org_id}/chats/{chat_id}/messages"
    send_ms = []
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as api:
        for _ in range(k):
            started = time.perf_counter()
            body = {"client_id": uuid.uuid4().hex, "body": f"S{time.time():.6f}"}
            r = await api.post(path, json=body)
            if r.status_code != 201:
                raise SystemExit(f"send failed: {r.status_code} {r.text[:300]}")
            send_ms.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.5)
    deadline = time.monotonic() + 60
    while True:
        answers = await clients.ask("count")
        latencies = [x * 1000 for a in answers for x in a["latencies"]]
        if len(latencies) >= expected * k or time.monotonic() > deadline:
            break
        await asyncio.sleep(1.0)
    return {
        "messages": k,
        "expected_copies": expected * k,
        "delivered_copies": len(latencies),
        "p50_ms": round(pct(latencies, 50), 1),
        "p99_ms": round(pct(latencies, 99), 1),
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "send_ms_p50": round(pct(send_ms, 50), 1),
    }


def fit_sockets(args: argparse.Namespace) -> tuple[int, str]:
    """Lift this process's open-file limit as far as the server's will need; where the hard
    limit cannot be raised (no CAP_SYS_RESOURCE), fewer sockets than asked fit in one
    server process: say so rather than let the server run out of descriptors."""
    per_process = math.ceil(args.sockets / args.workers) + RESERVE
    limit = raise_nofile(per_process)
    if per_process <= limit:
        return limit, ""
    fit = (limit - RESERVE) * args.workers
    note = (
        f"the open-file hard limit here is {limit} and cannot be raised, so one server "
        f"process holds at most {limit - RESERVE} sockets: {fit} instead of {args.sockets} "
        "(raise the hard limit, e.g. LimitNOFILE= in systemd, or use --workers 2)"
    )
    args.sockets = fit
    args.accounts = min(args.accounts, fit)
    args.chat_members = min(args.chat_members, args.accounts)
    return limit, note


async def run(args: argparse.Namespace) -> dict[str, Any]:
    asked = args.sockets
    nofile, note = fit_sockets(args)
    tmp = Path(tempfile.mkdtemp(prefix="parta-sockets-"))
    db_url = args.database_url or f"sqlite+aiosqlite:///{tmp}/parta.db"
    env = {
        "PARTA_DATA_DIR": str(tmp),
        "PARTA_DATABASE_URL": db_url,
        "PARTA_SECRET_KEY": secrets.token_urlsafe(32),
        "PARTA_LOG_LEVEL": "WARNING",
        "PARTA_REDIS_URL": args.redis_url,
        "PARTA_ARGON2_MEMORY_KIB": "1024",
        "PARTA_ARGON2_TIME_COST": "1",
    }
    os.environ.update(env)
    server: ServerProcess | None = None
    clients: Clients | None = None
    try:
        t0 = time.monotonic()
        await prepare_database(db_url, args.wipe)
        shape = Shape(
            members=args.accounts,
            chats=0,
            big_chat=False,
            messages=0,
            sessions_per_account=math.ceil(args.sockets / args.accounts),
            argon2=(1, 1024, 1),
        )
        data = await seed_bulk(db_url, shape, tag=uuid.uuid4().hex[:8])
        seed_s = time.monotonic() - t0
        # Socket j belongs to person j % accounts, so sessions spread evenly over people.
        tokens = [
            data.people[j % args.accounts].tokens[j // args.accounts] for j in range(args.sockets)
        ]
        members = sum(1 for j in range(args.sockets) if j % args.accounts < args.chat_members)
        server = ServerProcess(env, tmp / "server.log", workers=args.workers, nofile=nofile)
        await server.ready()
        chat_id = await make_chat(server.url, data, args.chat_members)
        await warm_up(server.url, tokens[:5])
        await settle(server)
        before = memory(server)
        cpu_before = server.cpu_seconds()

        clients = Clients(args, server.url, tokens, chat_id)
        await clients.ask()  # every process has started and imported
        reports = await clients.ask("go")
        connected = sum(r["connected"] for r in reports)
        errors: Counter[str] = Counter()
        for r in reports:
            errors.update(r["errors"])
        connect_s = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
        connect_ms = [x for r in reports for x in r["connect_ms"]]
        connect_cpu = server.cpu_seconds() - cpu_before
        await settle(server)
        after = memory(server)

        cpu_hold = server.cpu_seconds()
        await asyncio.sleep(args.hold)
        hold_cpu = server.cpu_seconds() - cpu_hold
        held = memory(server)
        closed = sum(a["closed"] for a in await clients.ask("count"))

        delivery = await deliver(clients, server.url, data, chat_id, args.messages, members)
        per_socket = (after["rss_mib"] - before["rss_mib"]) * MIB / max(1, connected)
        result = {
            "bench": "load_sockets",
            "database": urlsplit(db_url).scheme.split("+")[0],
            "workers": args.workers,
            "redis": bool(args.redis_url),
            "sockets_asked": asked,
            "sockets": args.sockets,
            "server_nofile": nofile,
            "note": note,
            "accounts": args.accounts,
            "connected": connected,
            "connect_errors": dict(errors),
            "connect_s": round(connect_s, 1),
            "connects_per_s": round(connected / max(connect_s, 1e-9)),
            "connect_ms_p50": round(pct(connect_ms, 50), 1),
            "connect_ms_p99": round(pct(connect_ms, 99), 1),
            "server_cpu_ms_per_connect": round(connect_cpu * 1000 / max(1, connected), 2),
            "memory_before": before,
            "memory_connected": after,
            "memory_after_hold": held,
            "rss_kib_per_socket": round(per_socket / 1024, 1),
            "rss_mib_for_20000": round(before["rss_mib"] + per_socket * 20_000 / MIB),
            "hold_s": args.hold,
            "idle_server_cpu_percent": round(100 * hold_cpu / max(args.hold, 1e-9), 1),
            "closed_during_hold": closed,
            "chat_members": args.chat_members,
            "member_sockets": members,
            "delivery": delivery,
            "client_procs": args.procs,
            "seed_s": round(seed_s, 1),
            "load_average": os.getloadavg(),
        }
        await clients.ask("exit")
        return result
    finally:
        if clients is not None:
            clients.stop()
        if server is not None:
            server.stop()
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
