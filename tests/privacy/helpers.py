"""A school for the privacy tests: a class of young students, one of older students, their
parents, and the calls and jobs the tests use."""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Account, Base, ParentLink
from parta.privacy import erasure, exports, retention
from parta.privacy.retention import RetentionResult
from tests.builders import ClassInfo, OrgInfo, Person, make_class, make_member, make_org
from tests.chats.helpers import reconcile
from tests.harness import Api, LiveServer

POLICY = "2026-09-01"


@dataclass
class Family:
    org: OrgInfo
    young_class: ClassInfo  # grade 5: under the default consent age (14)
    old_class: ClassInfo  # grade 10: over it
    teacher: Person
    child: Person  # grade 5
    parent: Person  # confirmed parent of `child`
    teen: Person  # grade 10
    teen_parent: Person  # confirmed parent of `teen`


def link(
    server: LiveServer, org_id: str, parent: Person, kid: Person, status: str = "confirmed"
) -> None:
    async def _link(db: AsyncSession) -> None:
        assert parent.membership_id and kid.membership_id
        db.add(
            ParentLink(
                org_id=org_id,
                parent_membership_id=parent.membership_id,
                student_membership_id=kid.membership_id,
                status=status,
            )
        )

    server.db(_link)


def make_family(server: LiveServer) -> Family:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher")
    young = make_class(server, org.id, 5, "А", teacher=teacher)
    old = make_class(server, org.id, 10, "Б", teacher=teacher)
    child = make_member(server, org.id, "student", class_id=young.id)
    teen = make_member(server, org.id, "student", class_id=old.id)
    parent = make_member(server, org.id, "parent")
    teen_parent = make_member(server, org.id, "parent")
    link(server, org.id, parent, child)
    link(server, org.id, teen_parent, teen)
    reconcile(server, org.id)
    return Family(org, young, old, teacher, child, parent, teen, teen_parent)


def overview(api: Api) -> dict[str, Any]:
    r = api.get("/me/privacy")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def subject(api: Api, account_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        s for s in overview(api)["subjects"] if s["account_id"] == account_id
    )
    return found


def consent(api: Api, account_id: str, org_id: str) -> httpx.Response:
    return api.post(
        f"/me/privacy/subjects/{account_id}/consents",
        json={"org_id": org_id, "policy_version": POLICY, "consent": True},
    )


def send(api: Api, org_id: str, chat_id: str, body: str, **extra: Any) -> dict[str, Any]:
    r = api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "body": body, **extra},
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def chat_of_kind(api: Api, org_id: str, kind: str) -> str:
    r = api.get(f"/orgs/{org_id}/chats")
    assert r.status_code == 200, r.text
    return str(next(c for c in r.json() if c["kind"] == kind)["id"])


def history(api: Api, org_id: str, chat_id: str) -> list[dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/messages", params={"limit": 100})
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["messages"]
    return data


def build_exports(server: LiveServer) -> int:
    return server.run(exports.build_pending(server.app.state.sessionmaker))


def ready_export(server: LiveServer, api: Api, account_id: str) -> dict[str, Any]:
    """The subject's newest archive once built (by this call or the request's own task)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        build_exports(server)
        newest: dict[str, Any] = subject(api, account_id)["exports"][0]
        if newest["status"] == "ready":
            return newest
        assert newest["status"] in ("pending", "building"), newest
        time.sleep(0.1)
    raise AssertionError("the archive was not built")


def run_erasure(server: LiveServer) -> int:
    return server.run(erasure.erase_due(server.app.state.sessionmaker))


def run_retention(server: LiveServer) -> RetentionResult:
    return server.run(retention.run_retention(server.app.state.sessionmaker))


def download_zip(api: Api, url: str) -> zipfile.ZipFile:
    r = api.get(url.removeprefix("/api/v1"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(r.content))


def zip_json(zf: zipfile.ZipFile, name: str) -> Any:
    return json.loads(zf.read(name))


def account(server: LiveServer, account_id: str) -> Account:
    async def _get(db: AsyncSession) -> Account:
        found = await db.get(Account, account_id)
        assert found is not None
        return found

    return server.db(_get)


def set_rules(api: Api, org_id: str, **rules: Any) -> dict[str, Any]:
    r = api.patch(f"/orgs/{org_id}/privacy/settings", json=rules)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return ""


def find_anywhere(server: LiveServer, needles: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, value) in the whole database whose text holds a needle
    (case-insensitively): every text and JSON column of every table, and on SQLite the
    message search index too."""
    wanted = [n.casefold() for n in needles if n]

    async def _scan(db: AsyncSession) -> list[tuple[str, str, str]]:
        hits = []
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
            if not cols:
                continue
            for row in (await db.execute(sa.select(*cols))).all():
                for col, value in zip(cols, row, strict=True):
                    text = _text(value).casefold()
                    if any(n in text for n in wanted):
                        hits.append((table.name, col.name, _text(value)[:200]))
        if db.get_bind().dialect.name == "sqlite":
            found = await db.execute(sa.text("SELECT stems FROM message_search"))
            for (stems,) in found.all():
                if any(n in (stems or "").casefold() for n in wanted):
                    hits.append(("message_search", "stems", stems[:200]))
        return hits

    return server.db(_scan)
