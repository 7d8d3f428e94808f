"""A small school for chat tests: one class with its teacher, students and their parents,
with the roster chats reconciled through the real service."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from parta.chats.system import reconcile_org
from parta.models import ParentLink
from tests.builders import ClassInfo, OrgInfo, Person, make_class, make_member, make_org
from tests.harness import Api, LiveServer


@dataclass
class School:
    org: OrgInfo
    cls: ClassInfo
    other_cls: ClassInfo
    teacher: Person
    other_teacher: Person
    students: list[Person]
    other_student: Person  # in the other class
    parents: list[Person]  # parents[i] is the confirmed parent of students[i]

    def chats(self, api: Api) -> list[dict[str, Any]]:
        r = api.get(f"/orgs/{self.org.id}/chats")
        assert r.status_code == 200, r.text
        data: list[dict[str, Any]] = r.json()
        return data

    def chat_of_kind(self, api: Api, kind: str) -> dict[str, Any]:
        return next(c for c in self.chats(api) if c["kind"] == kind)


def reconcile(server: LiveServer, org_id: str) -> None:
    async def _go(db: AsyncSession) -> None:
        await reconcile_org(db, org_id)

    server.db(_go)


def make_school(server: LiveServer, students: int = 2) -> School:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher")
    other_teacher = make_member(server, org.id, "teacher")
    cls = make_class(server, org.id, 5, "А", teacher=teacher)
    other_cls = make_class(server, org.id, 6, "Б", teacher=other_teacher)
    kids = [make_member(server, org.id, "student", class_id=cls.id) for _ in range(students)]
    other = make_member(server, org.id, "student", class_id=other_cls.id)
    parents = []
    for kid in kids:
        parent = make_member(server, org.id, "parent")

        async def _link(db: AsyncSession, p: Person = parent, k: Person = kid) -> None:
            assert p.membership_id and k.membership_id
            db.add(
                ParentLink(
                    org_id=org.id,
                    parent_membership_id=p.membership_id,
                    student_membership_id=k.membership_id,
                    status="confirmed",
                )
            )

        server.db(_link)
        parents.append(parent)
    reconcile(server, org.id)
    return School(org, cls, other_cls, teacher, other_teacher, kids, other, parents)


def link_parent(server: LiveServer, org_id: str, parent: Person, kid: Person) -> None:
    """A confirmed parent link (roster chats follow by themselves, before the commit)."""

    async def _link(db: AsyncSession) -> None:
        assert parent.membership_id and kid.membership_id
        db.add(
            ParentLink(
                org_id=org_id,
                parent_membership_id=parent.membership_id,
                student_membership_id=kid.membership_id,
                status="confirmed",
            )
        )

    server.db(_link)


def token_of(api: Api) -> str:
    return str(api.headers["Authorization"]).split(" ", 1)[1]


def open_direct(api: Api, org_id: str, other: Person) -> httpx.Response:
    return api.post(f"/orgs/{org_id}/chats/direct", json={"account_id": other.account_id})


def make_group(
    api: Api, org_id: str, members: list[Person], title: str = "Кружок", **settings: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"title": title, "member_ids": [m.account_id for m in members]}
    if settings:
        body["settings"] = settings
    r = api.post(f"/orgs/{org_id}/chats", json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def post(api: Api, org_id: str, chat_id: str, body: str = "привет") -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": secrets.token_hex(8), "body": body},
    )


def error_code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])
