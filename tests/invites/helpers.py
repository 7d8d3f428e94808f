"""Helpers of the invitation tests: links, pending roster members, stored rows, mail."""

from __future__ import annotations

import re
import time
from contextlib import closing
from email.header import decode_header, make_header
from email.message import Message
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.invites.links import create_invitation, token_for
from parta.models import Base, Membership
from tests.builders import Person, unique
from tests.harness import Api, LiveServer, body_of

POLICY = "2026-09-01"
M = TypeVar("M", bound=Base)


def invite(api: Api, org_id: str, role: str, **body: Any) -> dict[str, Any]:
    """Create an invitation through the API (201 expected) and return it."""
    r = api.post(f"/orgs/{org_id}/invitations", json={"role": role, **body})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def registration(**overrides: Any) -> dict[str, Any]:
    """A valid registration body for a grown-up with a fresh e-mail."""
    body: dict[str, Any] = {
        "display_name": unique("Новый Человек "),
        "email": unique("new") + "@example.org",
        "password": "long enough password",
        "consent": True,
        "policy_version": POLICY,
        "language": "ru",
        "transport": "token",
    }
    body.update(overrides)
    return body


def signed_in(server: LiveServer, token: str) -> Api:
    api = Api(server.url)
    api.headers["Authorization"] = f"Bearer {token}"
    return api


def pending_member(
    server: LiveServer, org_id: str, role: OrgRole, full_name: str, class_id: str | None = None
) -> str:
    """A roster entry nobody has claimed yet (as the roster import creates it)."""

    async def _make(db: AsyncSession) -> str:
        m = Membership(
            org_id=org_id,
            account_id=None,
            role=role,
            status="pending",
            full_name=full_name,
            class_id=class_id,
        )
        db.add(m)
        await db.flush()
        return m.id

    return server.db(_make)


def personal_invitation(
    server: LiveServer, org_id: str, membership_id: str, role: OrgRole, created_by: str
) -> str:
    """A personal invitation for a pending membership; returns its token."""

    async def _make(db: AsyncSession) -> str:
        inv, _ = await create_invitation(
            db,
            org_id=org_id,
            role=role,
            created_by=created_by,
            kind="personal",
            membership_id=membership_id,
            max_uses=1,
        )
        return token_for(inv.id)

    return server.db(_make)


def rows(server: LiveServer, model: type[M], *where: Any) -> list[M]:
    async def _get(db: AsyncSession) -> list[M]:
        return list((await db.execute(sa.select(model).where(*where))).scalars())

    return server.db(_get)


def audit_actions(server: LiveServer, org_id: str) -> list[str]:
    from parta.models import AuditEvent

    return [e.action for e in rows(server, AuditEvent, AuditEvent.org_id == org_id)]


def subject_of(msg: Message) -> str:
    return str(make_header(decode_header(str(msg["Subject"]))))


def wait_mail(server: LiveServer, to: str, subject_part: str, timeout: float = 10.0) -> Message:
    """The newest message to `to` whose decoded subject contains `subject_part`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server.mailbox.lock:
            mine = [m for m in server.mailbox.messages if m["To"] == to]
        for msg in reversed(mine):
            if subject_part in subject_of(msg):
                return msg
        time.sleep(0.05)
    raise AssertionError(f"no mail to {to!r} with subject containing {subject_part!r}")


def code_in(msg: Message) -> str:
    found = re.search(r":\s*(\d{6})\s*$", body_of(msg), re.MULTILINE)
    assert found, body_of(msg)
    return found.group(1)


def link_in(msg: Message) -> str:
    found = re.search(r"/invite/([A-Za-z0-9_-]+)", body_of(msg))
    assert found, body_of(msg)
    return found.group(1)


def token_of(url: str) -> str:
    return url.rsplit("/invite/", 1)[1]


def client_of(server: LiveServer, person: Person) -> closing[Api]:
    """A signed-in client of `person`, closed at the end of the `with` block."""
    return closing(person.client(server))
