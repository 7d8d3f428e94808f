"""Who may do what inside one organisation: every role against every action."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, Person, make_class, make_member, make_org
from tests.harness import LiveServer
from tests.members.helpers import make_parent_link

ROLES = ["admin", "head", "teacher", "teacher_unverified", "staff", "student", "parent"]
_years = itertools.count(2030)
_letters = (a + b for a, b in itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2))


@dataclass
class World:
    org: OrgInfo
    people: dict[str, Person]
    class_id: str
    target_teacher: Person
    target_student: Person
    clients: dict[str, httpx.Client]


@pytest.fixture(scope="module")
def world(server: LiveServer) -> World:
    org = make_org(server)
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    c = make_class(server, org.id, 5, "А", teacher=teacher)
    student = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    parent = make_member(server, org.id, OrgRole.PARENT)
    assert parent.membership_id and student.membership_id
    make_parent_link(server, org.id, parent.membership_id, student.membership_id)
    people = {
        "admin": org.admin,
        "head": make_member(server, org.id, OrgRole.HEAD),
        "teacher": teacher,
        "teacher_unverified": make_member(server, org.id, OrgRole.TEACHER, verified=False),
        "staff": make_member(server, org.id, OrgRole.STAFF),
        "student": student,
        "parent": parent,
    }
    return World(
        org=org,
        people=people,
        class_id=c.id,
        target_teacher=make_member(server, org.id, OrgRole.TEACHER, verified=False),
        target_student=make_member(server, org.id, OrgRole.STUDENT, class_id=c.id),
        clients={role: p.client(server) for role, p in people.items()},
    )


Action = Callable[[httpx.Client, World], httpx.Response]


def _o(w: World) -> str:
    return f"/orgs/{w.org.id}"


ACTIONS: dict[str, Action] = {
    "get_org": lambda c, w: c.get(_o(w)),
    "patch_org": lambda c, w: c.patch(_o(w), json={"address": "ул. Мира, 2"}),
    "list_members": lambda c, w: c.get(f"{_o(w)}/members"),
    "list_pending": lambda c, w: c.get(f"{_o(w)}/members", params={"status": "pending"}),
    "get_class": lambda c, w: c.get(f"{_o(w)}/classes/{w.class_id}"),
    "add_class": lambda c, w: c.post(
        f"{_o(w)}/classes", json={"grade": 7, "letter": next(_letters)}
    ),
    "add_year": lambda c, w: c.post(
        f"{_o(w)}/academic-years",
        json={"starts_on": f"{next(_years)}-09-01", "ends_on": "2199-05-31"},
    ),
    "add_group": lambda c, w: c.post(f"{_o(w)}/groups", json={"kind": "study", "name": "Кружок"}),
    "verify": lambda c, w: c.post(f"{_o(w)}/members/{w.target_teacher.membership_id}/verify"),
    "patch_member": lambda c, w: c.patch(
        f"{_o(w)}/members/{w.target_student.membership_id}", json={"title": "староста"}
    ),
    "move": lambda c, w: c.post(
        f"{_o(w)}/members/{w.target_student.membership_id}/move", json={"class_id": w.class_id}
    ),
    "read_audit": lambda c, w: c.get(f"{_o(w)}/audit"),
    "list_links": lambda c, w: c.get(f"{_o(w)}/parent-links"),
}


def _row(ok: int, allowed: set[str]) -> dict[str, int]:
    return {role: ok if role in allowed else 403 for role in ROLES}


EVERYONE = set(ROLES)
EXPECTED: dict[str, dict[str, int]] = {
    "get_org": _row(200, EVERYONE),
    "patch_org": _row(200, {"admin"}),
    "list_members": _row(200, EVERYONE),
    "list_pending": _row(200, {"admin", "head", "teacher"}),
    "get_class": _row(200, EVERYONE),
    "add_class": _row(201, {"admin"}),
    "add_year": _row(201, {"admin"}),
    "add_group": _row(201, {"admin"}),
    "verify": _row(200, {"admin", "head"}),
    "patch_member": _row(200, {"admin"}),
    "move": _row(200, {"admin"}),
    "read_audit": _row(200, {"admin", "head"}),
    "list_links": _row(200, {"admin", "head", "teacher"}),  # teacher: a class teacher
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(world: World, role: str, action: str) -> None:
    r = ACTIONS[action](world.clients[role], world)
    assert r.status_code == EXPECTED[action][role], r.text
    if r.status_code == 403:
        assert r.json()["error"]["code"] == "forbidden"
