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
and seeds its database instead. Listeners are minimal WebSocket clients (`--client raw`)
unless `--client websockets` is given. Besides rates it reports the server's CPU time per
copy and per message, which hold up far better than rates on a shared machine.

    .venv/bin/python bench/load_chat.py --members 200 --senders 5 --messages 200
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import math
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
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

NEW = b'{"type":"message.new"'
BODY = b'"body":"L'


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
        "--client",
        choices=("raw", "websockets"),
        default="raw",
        help="listeners: a minimal frame parser (a few µs per frame) or the websockets library\n"
        "(25-30 µs per frame: on 2 cores it competes with the server for CPU)",
    )
    p.add_argument(
        "--no-compression",
        action="store_true",
        help="websockets listeners do not offer permessage-deflate (browsers always offer it;\n"
        "parta serve declines it; raw listeners never offer it)",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    return p.parse_args(argv)


def raise_nofile() -> int:
    """Sockets are files: lift the soft limit to the hard one (1,000 sockets need it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _stat_cpu(path: str) -> tuple[float, float]:
    """User and system CPU seconds from a /proc/.../stat file."""
    try:
        fields = Path(path).read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan"), float("nan")
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


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

    def cpu_seconds(self) -> tuple[float, float, float]:
        """CPU time the server has used: in all (user + system), on its main thread (the
        event loop; the rest is mostly SQLite's worker thread), and in the kernel (system:
        socket writes and reads, thread wake-ups). Unlike wall-clock rates these hold up
        when other work shares the machine."""
        pid = self.proc.pid
        user, system = _stat_cpu(f"/proc/{pid}/stat")
        return user + system, sum(_stat_cpu(f"/proc/{pid}/task/{pid}/stat")), system

    def stop(self) -> None:
        self.stop_profile()
        self.proc.send_signal(2)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class RawSocket(asyncio.Protocol):
    """A minimal WebSocket client for the listeners: the opening handshake, then unmasked
    server frames parsed straight from the byte stream (pings answered, close echoed).
    The `websockets` client costs about 25-30 µs of CPU per frame, which at the issue's
    target rate would need most of a core on the 2-core machine the server runs on too;
    this one needs a few µs, so the load generator measures the server, not itself.
    It offers no extension (no compression), as `parta serve` declines it anyway."""

    def __init__(self, host: str, path: str, token: str, on_text: Callable[[bytes], None]):
        self._request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Authorization: Bearer {token}\r\n\r\n"
        ).encode()
        self._on_text = on_text
        self._buf = bytearray()
        self._open = False
        self.transport: asyncio.Transport | None = None
        self.hello: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.transport.write(self._request)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.hello.done():
            self.hello.set_exception(ConnectionError("closed before hello"))
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:
        buf = self._buf
        buf += data
        pos = 0
        if not self._open:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buf.startswith(b"HTTP/1.1 101"):
                raise SystemExit(f"websocket refused: {bytes(buf[:200])!r}")
            self._open, pos = True, end + 4
        n = len(buf)
        while n - pos >= 2:
            op, length = buf[pos] & 0x0F, buf[pos + 1] & 0x7F
            head = 2
            if length == 126:
                if n - pos < 4:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if n - pos < 10:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            if n - pos < head + length:
                break
            payload = bytes(buf[pos + head : pos + head + length])
            pos += head + length
            if op == 1:  # text (the server never fragments)
                self._on_text(payload)
                if not self.hello.done():
                    self.hello.set_result(None)
            elif op == 9:  # ping: answer, or uvicorn closes the socket
                self._send(0xA, payload)
            elif op == 8:  # close: echo it
                self._send(0x8, payload[:2])
                if self.transport is not None:
                    self.transport.close()
        del buf[:pos]

    def _send(self, opcode: int, payload: bytes) -> None:
        """A client frame (masked, as the protocol requires); control frames only here."""
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(bytes((0x80 | opcode, 0x80 | len(payload))) + mask + masked)

    async def close(self) -> None:
        self._send(0x8, (1000).to_bytes(2, "big"))
        with contextlib.suppress(TimeoutError, ConnectionError):
            await asyncio.wait_for(asyncio.shield(self.closed), 5)
        if self.transport is not None:
            self.transport.close()


class Listeners:
    """N sockets; counts message.new copies and, when asked, their latencies.

    `client`: "raw" (RawSocket, the default) or "websockets" (the `websockets` library's
    client, optionally offering permessage-deflate as browsers do)."""

    def __init__(self, client: str, compression: bool) -> None:
        self.client = client
        self.compression = compression
        self.sockets: list[ClientConnection | RawSocket] = []
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
        parts = urlsplit(url)
        gate = asyncio.Semaphore(concurrency)
        loop = asyncio.get_running_loop()

        async def one(token: str) -> None:
            async with gate:
                if self.client == "raw":
                    host, port = parts.hostname or "127.0.0.1", parts.port or 80
                    _, raw = await loop.create_connection(
                        lambda: RawSocket(parts.netloc, "/api/v1/events", token, self.frame),
                        host,
                        port,
                    )
                    await asyncio.wait_for(raw.hello, 60)
                    self.sockets.append(raw)
                    return
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
        with contextlib.suppress(ConnectionClosed):
            while True:
                self.frame(await ws.recv(decode=False))

    def frame(self, payload: bytes) -> None:
        """One text frame's payload (UTF-8), from either client."""
        self.frames += 1
        if not payload.startswith(NEW):
            return
        now = time.time()
        if self.measure:
            i = payload.find(BODY)
            if i >= 0:
                j = payload.find(b'"', i + len(BODY))
                sent = float(payload[i + len(BODY) : j])
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
        await asyncio.gather(*(ws.close() for ws in self.sockets))
        for t in self.tasks:
            t.cancel()


class Senders:
    """K senders (closed loops in the throughput phase). Each sender posts as `len(tokens)/K`
    teachers in turn: a school allows at most 600 messages a minute per person
    (parta.safety), which long runs at high rates would otherwise hit."""

    def __init__(self, url: str, org_id: str, chat_id: str, tokens: list[str], k: int) -> None:
        self.path = f"/api/v1/orgs/{org_id}/chats/{chat_id}/messages"
        self.clients = [
            httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {t}"}, timeout=60)
            for t in tokens
        ]
        self.k = k
        self.turns = [0] * k
        self.send_ms: list[float] = []

    async def send(self, i: int, body: str) -> None:
        slot = i % self.k
        turn, self.turns[slot] = self.turns[slot], self.turns[slot] + 1
        client = self.clients[slot + self.k * (turn % (len(self.clients) // self.k))]
        started = time.perf_counter()
        r = await client.post(self.path, json={"client_id": uuid.uuid4().hex, "body": body})
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


Cpu = Callable[[], tuple[float, float, float]]  # the server's CPU s: all, main thread, kernel


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu(
    cpu: Cpu, before: tuple[tuple[float, float, float], float], copies: int, messages: int
) -> dict[str, float]:
    now = cpu()
    used = now[0] - before[0][0]
    return {
        "client_cpu_s": round(client_cpu() - before[1], 2),
        "server_cpu_s": round(used, 2),
        "server_loop_cpu_s": round(now[1] - before[0][1], 2),  # the event loop's thread
        "server_kernel_cpu_s": round(now[2] - before[0][2], 2),
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
        # Messages per sender: warm-up, throughput phase, latency phase; 500 per account
        # keeps every teacher under the per-person limit of 600 a minute.
        per_sender = 5 + args.messages + math.ceil(args.rate * args.latency_seconds / args.senders)
        teachers = args.senders * math.ceil(per_sender / 500)
        members = max(args.members, teachers)
        data = await seed(db_url, members, teachers, tag=uuid.uuid4().hex[:8])
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
        lst = Listeners(args.client, compression=not args.no_compression)
        await lst.connect(url, data.tokens)
        await lst.quiet()  # the presence rush of N people coming online
        gc.freeze()  # the load generator shares the CPUs: keep its own GC pauses short too
        gc.set_threshold(10_000, 10, 10)
        snd = Senders(url, data.org_id, chat_id, data.tokens[:teachers], args.senders)
        setup = time.monotonic() - t0
        cpu: Cpu = server.cpu_seconds if server else lambda: (float("nan"),) * 3
        await throughput(lst, snd, args.senders, 5, cpu)  # warm-up
        if server is not None:
            server.start_profile()
        phase_a = await throughput(lst, snd, args.senders, args.messages, cpu)
        if server is not None:
            server.stop_profile()
        result = {
            "bench": "load_chat",
            "members": members,
            "sender_accounts": teachers,
            "senders": args.senders,
            "messages_per_sender": args.messages,
            "server": "external" if args.url else "parta serve, 1 process, SQLite",
            "redis": bool(args.redis_url),
            "client": args.client,
            "compression_offered": args.client == "websockets" and not args.no_compression,
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
