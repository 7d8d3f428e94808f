"""The live test stack: a real Parta server on 127.0.0.1 in a background thread, a real
database (SQLite file or PostgreSQL), and a real SMTP server (aiosmtpd) catching mail."""

from __future__ import annotations

import asyncio
import email
import random
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import Any, TypeVar

import httpx
import sqlalchemy as sa
import uvicorn
from aiosmtpd.controller import Controller
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from parta.app import create_app
from parta.config import Settings, use_settings
from parta.db import transaction
from parta.migrate import upgrade

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Mailbox:
    """Messages received by the test SMTP server."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(msg)
        return "250 OK"

    def wait_for(self, to: str, subject_contains: str = "", timeout: float = 10.0) -> Message:
        """The newest message to `to` whose subject contains the text (waits for delivery)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for msg in reversed(self.messages):
                    if msg["To"] == to and subject_contains in subject_of(msg):
                        return msg
            time.sleep(0.05)
        raise AssertionError(f"no mail to {to!r} with subject containing {subject_contains!r}")

    def count(self, to: str) -> int:
        with self.lock:
            return sum(1 for m in self.messages if m["To"] == to)


def subject_of(msg: Message) -> str:
    """The subject decoded from its RFC 2047 form (Russian subjects arrive encoded)."""
    return str(make_header(decode_header(str(msg["Subject"] or ""))))


def body_of(msg: Message) -> str:
    payload = msg.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(msg.get_content_charset() or "utf-8")


def reset_postgres(url: str) -> None:
    async def _reset() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(sa.text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(_reset())


_prepared: set[str] = set()


def prepare_database(url: str) -> None:
    """Reset (PostgreSQL) and migrate a test database once per test run, for tests that
    start their own server processes; the live server fixture's database counts as done."""
    if url in _prepared:
        return
    if url.startswith("postgresql"):
        reset_postgres(url)
    upgrade(url)
    _prepared.add(url)


class LiveServer:
    def __init__(self, backend: str, database_url: str, data_dir: Path) -> None:
        self.backend = backend
        self.mailbox = Mailbox()
        self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=free_port())
        self.smtp.start()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = Settings(
            data_dir=data_dir,
            database_url=database_url,
            secret_key="test-secret-" + backend,
            public_base_url=self.url,
            smtp_host="127.0.0.1",
            smtp_port=self.smtp.port,
            trusted_proxies=["127.0.0.1"],
            log_format="text",
            log_level="WARNING",
            argon2_memory_kib=1024,
            argon2_time_cost=1,
        )
        use_settings(self.settings)
        if backend == "postgresql":
            reset_postgres(database_url)
        upgrade(self.settings.resolved_database_url())
        _prepared.add(database_url)
        self.app = create_app(self.settings)
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def run(self, coro: Awaitable[T], timeout: float = 30) -> T:
        """Run a coroutine on the server's event loop (where its engine lives)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]

    def db(self, fn: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `fn(session)` in one committed transaction on the server's database."""

        async def _go() -> T:
            async with transaction(self.app.state.sessionmaker) as session:
                return await fn(session)

        return self.run(_go())

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.smtp.stop()


class Api(httpx.Client):
    """An HTTP client of the live server, coming from its own (fake, forwarded) address."""

    def __init__(self, base_url: str, ip: str | None = None) -> None:
        self.ip = (
            ip or f"127.{random.randint(1, 254)}.{random.randint(0, 254)}.{random.randint(1, 254)}"
        )
        super().__init__(base_url=base_url + "/api/v1", headers={"X-Forwarded-For": self.ip})
        self.csrf: str | None = None

    def sign_in(self, login: str, password: str) -> dict[str, Any]:
        """Sign in with a Bearer token (API style)."""
        r = self.post(
            "/auth/sign-in", json={"login": login, "password": password, "transport": "token"}
        )
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        self.headers["Authorization"] = f"Bearer {data['token']}"
        return data

    def sign_in_cookie(self, login: str, password: str) -> dict[str, Any]:
        """Sign in like the web app: session cookie + CSRF header on unsafe requests."""
        r = self.post("/auth/sign-in", json={"login": login, "password": password})
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        self.csrf = data["csrf_token"]
        self.headers["X-CSRF-Token"] = data["csrf_token"]
        return data
