"""Helpers of the auth tests: reading mail as a person would, and looking at stored rows."""

from __future__ import annotations

import re
import time
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Account, AuditEvent
from tests.harness import Api, LiveServer, body_of

_CODE_LINE = re.compile(r"^(\d{6})$", re.MULTILINE)


def subject_of(msg: Message) -> str:
    """The decoded subject (Russian subjects travel RFC 2047-encoded)."""
    return str(make_header(decode_header(str(msg["Subject"]))))


def nth_mail(server: LiveServer, to: str, n: int, timeout: float = 10.0) -> Message:
    """The n-th (1-based) message delivered to `to`, waiting for it to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server.mailbox.lock:
            mine = [m for m in server.mailbox.messages if m["To"] == to]
        if len(mine) >= n:
            return mine[n - 1]
        time.sleep(0.05)
    raise AssertionError(f"mail #{n} to {to!r} did not arrive")


def code_in(msg: Message) -> str:
    """The six-digit code, which the mail puts on a line of its own."""
    found = _CODE_LINE.search(body_of(msg))
    assert found, body_of(msg)
    return found.group(1)


def request_code(api: Api, email: str, purpose: str) -> None:
    r = api.post("/auth/codes", json={"email": email, "purpose": purpose})
    assert r.status_code == 202, r.text


def account_row(server: LiveServer, account_id: str) -> Account:
    async def _get(db: AsyncSession) -> Account:
        account = await db.get(Account, account_id)
        assert account is not None
        return account

    return server.db(_get)


def set_account(server: LiveServer, account_id: str, **values: Any) -> None:
    async def _set(db: AsyncSession) -> None:
        await db.execute(sa.update(Account).where(Account.id == account_id).values(**values))

    server.db(_set)


def audit_actions(server: LiveServer, account_id: str) -> list[str]:
    async def _list(db: AsyncSession) -> list[str]:
        stmt = (
            sa.select(AuditEvent.action)
            .where(AuditEvent.actor_id == account_id)
            .order_by(AuditEvent.id)
        )
        return list((await db.execute(stmt)).scalars())

    return server.db(_list)


def token_client(server: LiveServer, email: str, password: str) -> Api:
    api = Api(server.url)
    api.sign_in(email, password)
    return api
