"""Messaging load generator: one organisation, N members in one group chat, all connected
over WebSockets; K senders post over HTTP. Prints one JSON line.

Phases:
  throughput  K senders each send M messages back to back (closed loop); delivered copies
              per second are counted at the listeners, from the first send to the last copy.
  latency     messages are offered at a fixed rate (open loop, default 10/s); every copy's
              send→receive latency is measured at the listener (the send time travels in the
              message body; sender and listeners share this machine's clock).

By default it starts its own `parta serve` (one process, SQLite in a temporary directory,
argon2 cost lowered for setup speed); `--url` with `--database-url` targets a running server
and seeds its database instead.

    .venv/bin/python bench/load_chat.py --members 200 --senders 5 --messages 200
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

NEW = '{"type":"message.new"'
BODY = '"body":"L'


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--members", type=int, default=200, help="N: members, all listening")
    p.add_argument("--senders", type=int, default=5, help="K: members who send")
    p.add_argument("--messages", type=int, default=200, help="M: messages per sender")
    p.add_argument("--rate", type=float, default=10.0, help="offered messages/s, latency phase")
    p.add_argument("--latency-seconds", type=float, default=10.0, help="latency phase length")
    p.add_argument("--url", help="a running server (needs --database-url)")
    p.add_argument("--database-url", help="that server's database, to seed")
    p.add_argument("--redis-url", default="", help="PARTA_REDIS_URL for the started server")
    p.add_argument("--profile", help="record the server with py-spy into this file (.svg/.json)")
    p.add_argument(
        "--no-compression",
        action="store_true",
        help="listeners do not offer permessage-deflate (browsers always offer it)",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    return p.parse_args(argv)


def raise_nofile() -> int:
    """Sockets are files: lift the soft limit to the hard one (1,000 sockets need it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Server:
    """`parta serve` in a subprocess, optionally under py-spy."""

    def __init__(self, env: dict[str, str], data_dir: Path, profile: str | None) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "parta.cli", "serve", "--port", str(self.port)]
        self.profile = profile
        self.spy: subprocess.Popen[bytes] | None = None
        self.log = (data_dir / "server.log").open("wb")
        full = {**os.environ, **env, "PARTA_PUBLIC_BASE_URL": self.url}
        self.proc = subprocess.Popen(  # noqa: S603 (our own command line)
            cmd, env=full, stdout=self.log, stderr=subprocess.STDOUT
        )

    async def ready(self) -> None:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                if self.proc.poll() is not None:
                    raise SystemExit(f"server exited with {self.proc.returncode}")
                try:
                    if (await client.get(self.url + "/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise SystemExit("server not ready")

    def start_profile(self) -> None:
        """Attach py-spy now, so that start-up and seeding stay out of the profile."""
        if not self.profile:
            return
        spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        fmt = {".json": "speedscope", ".txt": "raw"}.get(Path(self.profile).suffix, "flamegraph")
        cmd = [spy, "record", "--nonblocking", "-r", "100", "-f", fmt, "-o", self.profile]
        self.spy = subprocess.Popen([*cmd, "--pid", str(self.proc.pid)], stdout=self.log)  # noqa: S603
        time.sleep(1.0)  # py-spy needs a moment to attach

    def stop_profile(self) -> None:
        if self.spy is not None:
            self.spy.send_signal(2)
            self.spy.wait(60)
            self.spy = None

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server has used: a figure that, unlike wall-clock
        rates, holds up when other work shares the machine."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.stop_profile()
        self.proc.send_signal(2)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class Listeners:
    """N sockets; counts message.new copies and, when asked, their latencies."""

    def __init__(self, compression: bool) -> None:
        self.compression = compression
        self.sockets: list[ClientConnection] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.copies = 0
        self.target = 0
        self.measure = False
        self.latencies: list[float] = []
        self.first: dict[float, float] = {}  # send time -> arrival of its first copy
        self.last_at = 0.0
        self.done = asyncio.Event()
        self.frames = 0

    async def connect(self, url: str, tokens: list[str], concurrency: int = 50) -> None:
        ws_url = url.replace("http://", "ws://") + "/api/v1/events"
        gate = asyncio.Semaphore(concurrency)

        async def one(token: str) -> None:
            async with gate:
                ws = await connect(
                    ws_url,
                    additional_headers={"Authorization": f"Bearer {token}"},
                    ping_interval=None,
                    max_queue=None,
                    open_timeout=60,
                    compression="deflate" if self.compression else None,
                )
                await ws.recv()  # hello
                self.sockets.append(ws)
                self.tasks.append(asyncio.create_task(self._read(ws)))

        await asyncio.gather(*(one(t) for t in tokens))

    def expect(self, copies: int, measure: bool = False) -> None:
        self.copies, self.target, self.measure = 0, copies, measure
        self.latencies = []
        self.first = {}
        self.done.clear()

    async def _read(self, ws: ClientConnection) -> None:
        async for frame in ws:
            self.frames += 1
            if not isinstance(frame, str) or not frame.startswith(NEW):
                continue
            now = time.time()
            if self.measure:
                i = frame.find(BODY)
                if i >= 0:
                    j = frame.find('"', i + len(BODY))
                    sent = float(frame[i + len(BODY) : j])
                    self.latencies.append(now - sent)
                    self.first[sent] = min(self.first.get(sent, now), now)
            self.copies += 1
            self.last_at = now
            if self.copies >= self.target:
                self.done.set()

    async def quiet(self, settle: float = 1.0, limit: float = 30.0) -> None:
        """Wait until no frame arrived for `settle` seconds (e.g. after the presence rush)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            seen = self.frames
            await asyncio.sleep(settle)
            if self.frames == seen:
                return

    async def close(self) -> None:
        for ws in self.sockets:
            await ws.close()
        for t in self.tasks:
            t.cancel()


class Senders:
    def __init__(self, url: str, org_id: str, chat_id: str, tokens: list[str]) -> None:
        self.path = f"/api/v1/orgs/{org_id}/chats/{chat_id}/messages"
        self.clients = [
            httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {t}"}, timeout=60)
            for t in tokens
        ]
        self.send_ms: list[float] = []

    async def send(self, i: int, body: str) -> None:
        started = time.perf_counter()
        r = await self.clients[i % len(self.clients)].post(
            self.path, json={"client_id": uuid.uuid4().hex, "body": body}
        )
        if r.status_code != 201:
            raise SystemExit(f"send failed: {r.status_code} {r.text[:300]}")
        self.send_ms.append((time.perf_counter() - started) * 1000)

    async def close(self) -> None:
        for c in self.clients:
            await c.aclose()


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


Cpu = Callable[[], float]


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu(cpu: Cpu, before: tuple[float, float], copies: int, messages: int) -> dict[str, float]:
    used = cpu() - before[0]
    return {
        "client_cpu_s": round(client_cpu() - before[1], 2),
        "server_cpu_s": round(used, 2),
        "cpu_us_per_copy": round(used * 1e6 / max(1, copies), 1),
        "cpu_ms_per_message": round(used * 1e3 / max(1, messages), 2),
    }


async def throughput(lst: Listeners, snd: Senders, k: int, m: int, cpu: Cpu) -> dict[str, Any]:
    n = len(lst.sockets)
    lst.expect(n * k * m)
    snd.send_ms = []
    cpu0 = cpu(), client_cpu()
    started = time.time()

    async def one(i: int) -> None:
        for j in range(m):
            await snd.send(i, f"T{i}-{j}")

    await asyncio.gather(*(one(i) for i in range(k)))
    sent = time.time()
    await asyncio.wait_for(lst.done.wait(), 600)
    seconds = lst.last_at - started
    return {
        "messages": k * m,
        "copies": lst.copies,
        "seconds": round(seconds, 3),
        "copies_per_s": round(lst.copies / seconds),
        "messages_per_s": round(k * m / (sent - started), 1),
        "send_ms_p50": round(pct(snd.send_ms, 50), 2),
        "send_ms_p99": round(pct(snd.send_ms, 99), 2),
        **_cpu(cpu, cpu0, lst.copies, k * m),
    }


async def latency(
    lst: Listeners, snd: Senders, rate: float, seconds: float, cpu: Cpu
) -> dict[str, Any]:
    n, total = len(lst.sockets), max(1, int(rate * seconds))
    lst.expect(n * total, measure=True)
    snd.send_ms = []
    cpu0 = cpu(), client_cpu()
    start = time.monotonic()
    tasks = []
    for i in range(total):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(snd.send(i, f"L{time.time():.6f}")))
    await asyncio.gather(*tasks)
    await asyncio.wait_for(lst.done.wait(), 120)
    ms = [x * 1000 for x in lst.latencies]
    return {
        "rate_per_s": rate,
        "messages": total,
        "copies": len(ms),
        "p50_ms": round(pct(ms, 50), 2),
        "p95_ms": round(pct(ms, 95), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "max_ms": round(max(ms), 2),
        # The first copy of each message: the send path alone, before fan-out piles up.
        "first_copy_p50_ms": round(pct([(t - s) * 1000 for s, t in lst.first.items()], 50), 2),
        "send_ms_p50": round(pct(snd.send_ms, 50), 2),
        **_cpu(cpu, cpu0, len(ms), total),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from seed import seed

    nofile = raise_nofile()
    tmp = Path(tempfile.mkdtemp(prefix="parta-bench-"))
    server: Server | None = None
    env = {
        "PARTA_DATA_DIR": str(tmp),
        "PARTA_SECRET_KEY": secrets.token_urlsafe(32),
        "PARTA_LOG_LEVEL": "WARNING",
        "PARTA_ARGON2_MEMORY_KIB": "1024",
        "PARTA_ARGON2_TIME_COST": "1",
        "PARTA_REDIS_URL": args.redis_url,
    }
    t0 = time.monotonic()
    try:
        if args.url:
            if not args.database_url:
                raise SystemExit("--url needs --database-url (the benchmark seeds the database)")
            url, db_url = args.url.rstrip("/"), args.database_url
        else:
            db_url = f"sqlite+aiosqlite:///{tmp}/parta.db"
            env["PARTA_DATABASE_URL"] = db_url
        os.environ.update(env)  # the seeding services read the same settings as the server
        if not args.url:
            from parta.migrate import upgrade

            await asyncio.to_thread(upgrade, db_url)
        data = await seed(db_url, args.members, args.senders, tag=uuid.uuid4().hex[:8])
        if not args.url:
            server = Server(env, tmp, args.profile)
            await server.ready()
            url = server.url
        async with httpx.AsyncClient(base_url=url, timeout=120) as api:
            r = await api.post(
                f"/api/v1/orgs/{data.org_id}/chats",
                headers={"Authorization": f"Bearer {data.tokens[0]}"},
                json={"title": "Bench", "member_ids": data.account_ids[1:]},
            )
            if r.status_code != 201:
                raise SystemExit(f"group creation failed: {r.status_code} {r.text[:300]}")
            chat_id = r.json()["id"]
        lst = Listeners(compression=not args.no_compression)
        await lst.connect(url, data.tokens)
        await lst.quiet()  # the presence rush of N people coming online
        gc.freeze()  # the load generator shares the CPUs: keep its own GC pauses short too
        gc.set_threshold(10_000, 10, 10)
        snd = Senders(url, data.org_id, chat_id, data.tokens[: args.senders])
        setup = time.monotonic() - t0
        cpu: Cpu = server.cpu_seconds if server else lambda: float("nan")
        await throughput(lst, snd, args.senders, 5, cpu)  # warm-up
        if server is not None:
            server.start_profile()
        phase_a = await throughput(lst, snd, args.senders, args.messages, cpu)
        if server is not None:
            server.stop_profile()
        result = {
            "bench": "load_chat",
            "members": args.members,
            "senders": args.senders,
            "messages_per_sender": args.messages,
            "server": "external" if args.url else "parta serve, 1 process, SQLite",
            "redis": bool(args.redis_url),
            "compression_offered": not args.no_compression,
            "throughput": phase_a,
            "latency": await latency(lst, snd, args.rate, args.latency_seconds, cpu),
            "setup_s": round(setup, 1),
            "nofile": nofile,
        }
        await lst.close()
        await snd.close()
        return result
    finally:
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
