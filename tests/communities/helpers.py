"""Two schools and a community between them: the calls each side makes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.builders import ClassInfo, OrgInfo, Person, make_class, make_member, make_org
from tests.harness import Api, LiveServer

NOT_SEEN = 404


def error_code(r: httpx.Response) -> str:
    code: str = r.json()["error"]["code"]
    return code


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


@dataclass
class SchoolA:
    """The community's home: an administrator and a verified teacher who starts it."""

    org: OrgInfo
    teacher: Person
    other_teacher: Person


@dataclass
class SchoolB:
    """An invited school: two verified teachers (one chosen), an unverified one, two classes
    (one allowed) with a student each, and a parent."""

    org: OrgInfo
    chosen: Person
    not_chosen: Person
    unverified: Person
    allowed: ClassInfo
    not_allowed: ClassInfo
    student: Person  # in the allowed class
    other_student: Person  # in the class that is not allowed
    parent: Person


def school_a(server: LiveServer) -> SchoolA:
    org = make_org(server)
    return SchoolA(
        org=org,
        teacher=make_member(server, org.id, "teacher"),
        other_teacher=make_member(server, org.id, "teacher"),
    )


def school_b(server: LiveServer) -> SchoolB:
    org = make_org(server)
    chosen = make_member(server, org.id, "teacher")
    allowed = make_class(server, org.id, 7, "А", teacher=chosen)
    not_allowed = make_class(server, org.id, 7, "Б")
    return SchoolB(
        org=org,
        chosen=chosen,
        not_chosen=make_member(server, org.id, "teacher"),
        unverified=make_member(server, org.id, "teacher", verified=False),
        allowed=allowed,
        not_allowed=not_allowed,
        student=make_member(server, org.id, "student", class_id=allowed.id),
        other_student=make_member(server, org.id, "student", class_id=not_allowed.id),
        parent=make_member(server, org.id, "parent"),
    )


def create(api: Api, org_id: str, **fields: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "title": "Методобъединение учителей математики",
        "kind": "methodological",
    }
    body.update(fields)
    return api.post(f"/orgs/{org_id}/communities", json=body)


def created(api: Api, org_id: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = ok(create(api, org_id, **fields), 201)
    return data


def invite(api: Api, community_id: str, **by: str) -> httpx.Response:
    return api.post(f"/communities/{community_id}/orgs", json=by)


def participations(api: Api, org_id: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = ok(api.get(f"/orgs/{org_id}/communities/participations"))
    return data


def participation_in(api: Api, org_id: str, community_id: str) -> dict[str, Any]:
    return next(p for p in participations(api, org_id) if p["community_id"] == community_id)


def approve(api: Api, org_id: str, participation_id: str, **selection: Any) -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/communities/participations/{participation_id}/approve", json=selection
    )


def withdraw(api: Api, org_id: str, participation_id: str) -> httpx.Response:
    return api.post(f"/orgs/{org_id}/communities/participations/{participation_id}/withdraw")


def post(api: Api, community_id: str, body: str, **extra: Any) -> httpx.Response:
    payload: dict[str, Any] = {"client_id": str(uuid.uuid4()), "body": body}
    payload.update(extra)
    return api.post(f"/communities/{community_id}/posts", json=payload)


def member_ids(api: Api, community_id: str) -> set[str]:
    return {m["account_id"] for m in ok(api.get(f"/communities/{community_id}/members"))}


@dataclass
class Joint:
    """A community started by A's teacher, with B taking part: B's chosen teacher and the
    students of B's allowed class."""

    a: SchoolA
    b: SchoolB
    community_id: str
    b_participation: str


def joint(server: LiveServer) -> Joint:
    a, b = school_a(server), school_b(server)
    t = a.teacher.client(server)
    c = created(t, a.org.id)
    ok(invite(t, c["id"], name=b.org.name), 201)
    admin_b = b.org.admin.client(server)
    p = participation_in(admin_b, b.org.id, c["id"])
    ok(
        approve(
            admin_b,
            b.org.id,
            p["id"],
            staff_ids=[b.chosen.membership_id],
            class_ids=[b.allowed.id],
        )
    )
    return Joint(a=a, b=b, community_id=c["id"], b_participation=p["id"])


def sees_nothing(api: Api, community_id: str, post_id: str | None = None) -> None:
    """Every community route answers 404, and the community is not in my list."""
    base = f"/communities/{community_id}"
    for path in ("", "/members", "/orgs", "/posts", "/removed"):
        r = api.get(base + path)
        assert r.status_code == NOT_SEEN, (path, r.status_code, r.text)
    assert post(api, community_id, "привет").status_code == NOT_SEEN
    if post_id is not None:
        assert api.get(f"{base}/posts/{post_id}/replies").status_code == NOT_SEEN
        assert api.delete(f"{base}/posts/{post_id}").status_code == NOT_SEEN
    assert api.patch(base, json={"title": "x"}).status_code == NOT_SEEN
    assert invite(api, community_id, name="x").status_code == NOT_SEEN
    assert community_id not in {c["id"] for c in ok(api.get("/communities"))}
