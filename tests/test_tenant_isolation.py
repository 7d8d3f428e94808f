"""Tenant isolation across the whole API, walked from the OpenAPI spec.

Organisation B is filled with one object of every kind. A member of organisation A then
calls every organisation route:
1. with B's organisation id and B's object ids → always 404 (B is invisible to A);
2. with A's own organisation id but B's object ids → never a success, never 403
   (which would reveal that the object exists), never a server error.
Finally B's data is unchanged.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from parta.members.parent_links import request_link
from tests.builders import make_class, make_member, make_org
from tests.harness import Api, LiveServer

ORG_ROUTE = re.compile(r"^/api/v1/orgs/\{org_id\}")


def _routes(server: LiveServer) -> list[tuple[str, str]]:
    spec = server.app.openapi()
    out: list[tuple[str, str]] = []
    for path, ops in spec["paths"].items():
        if ORG_ROUTE.match(path):
            out.extend((method.upper(), path) for method in ops)
    return out


def _fill(path: str, ids: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        return ids.get(match.group(1), "01ARZ3NDEKTSV4RRFFQ69G5FAV")

    return re.sub(r"\{(\w+)\}", sub, path).removeprefix("/api/v1")


def _call(api: Api, method: str, url: str) -> int:
    if method in ("POST", "PUT", "PATCH"):
        return api.request(method, url, json={}).status_code
    return api.request(method, url).status_code


def _org_b(server: LiveServer) -> dict[str, str]:
    org = make_org(server)
    admin = org.admin.client(server)
    teacher = make_member(server, org.id, "teacher")
    cls = make_class(server, org.id, 7, "В", teacher=teacher)
    student = make_member(server, org.id, "student", class_id=cls.id)
    parent = make_member(server, org.id, "parent")

    async def _link(db: AsyncSession) -> str:
        assert parent.membership_id and student.membership_id
        link = await request_link(db, org.id, parent.membership_id, student.membership_id)
        return link.id

    link_id = server.db(_link)
    group = admin.post(f"/orgs/{org.id}/groups", json={"kind": "study", "name": "Кружок"})
    assert group.status_code == 201, group.text
    inv = admin.post(f"/orgs/{org.id}/invitations", json={"role": "student", "class_id": cls.id})
    assert inv.status_code == 201, inv.text
    csv = "Класс;ФИО ученика;E-mail родителя\n7В;Пётр Петров;p@example.org\n".encode()
    imp = admin.post(f"/orgs/{org.id}/roster-imports", files={"file": ("r.csv", csv, "text/csv")})
    assert imp.status_code == 201, imp.text
    t = teacher.client(server)
    chat = next(c for c in t.get(f"/orgs/{org.id}/chats").json() if c["kind"] == "class")
    msg = t.post(
        f"/orgs/{org.id}/chats/{chat['id']}/messages",
        json={"client_id": str(uuid.uuid4()), "body": "секрет организации B"},
    )
    assert msg.status_code == 201, msg.text
    return {
        "org_id": org.id,
        "admin_email": org.admin.email,
        "class_id": cls.id,
        "year_id": cls.year_id,
        "membership_id": student.membership_id or "",
        "account_id": student.account_id,
        "link_id": link_id,
        "group_id": group.json()["id"],
        "invitation_id": inv.json()["id"],
        "import_id": imp.json()["id"],
        "chat_id": chat["id"],
        "message_id": msg.json()["id"],
        "emoji": "👍",
    }


def _snapshot(api: Api, org_id: str) -> list[Any]:
    paths = ["", "/classes", "/groups", "/members", "/invitations", "/roster-imports", "/chats"]
    out = []
    for p in paths:
        r = api.get(f"/orgs/{org_id}{p}")
        assert r.status_code == 200, (p, r.text)
        out.append(r.json())
    return out


def _stable(data: Any) -> Any:
    """Drop fields that move on their own (last_seen and the like) before comparing."""
    if isinstance(data, dict):
        return {k: _stable(v) for k, v in data.items() if k not in ("last_seen_at",)}
    if isinstance(data, list):
        return [_stable(v) for v in data]
    return data


@pytest.mark.slow
def test_member_of_another_org_sees_and_changes_nothing(server: LiveServer) -> None:
    b = _org_b(server)
    b_admin = Api(server.url)
    b_admin.sign_in(b["admin_email"], "correct horse battery")
    before = _stable(_snapshot(b_admin, b["org_id"]))

    a = make_org(server)
    intruder = a.admin.client(server)  # the most powerful role in organisation A
    routes = _routes(server)
    assert len(routes) > 60
    leaks = []
    for method, path in routes:
        status = _call(intruder, method, _fill(path, b))
        if status != 404:
            leaks.append(("B's org id", method, path, status))
    for method, path in routes:
        if path.count("{") < 2:
            continue  # collection routes of A's own organisation are legitimately A's
        status = _call(intruder, method, _fill(path, {**b, "org_id": a.id}))
        if status not in (404, 422):
            leaks.append(("A's org id, B's object ids", method, path, status))
    assert not leaks, "\n".join(map(str, leaks))
    assert _stable(_snapshot(b_admin, b["org_id"])) == before
