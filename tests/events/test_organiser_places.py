"""The audience picker's choices (GET /orgs/{org}/events/places) follow who may organise:
administrators everywhere, a teacher their own class and groups, nobody else; and each place
offered is one where creating an event succeeds."""

from __future__ import annotations

from typing import Any

from tests.builders import make_member
from tests.chats.helpers import make_school
from tests.events.helpers import create
from tests.harness import Api, LiveServer


def places(api: Api, org_id: str) -> dict[str, Any]:
    r = api.get(f"/orgs/{org_id}/events/places")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def test_places_follow_the_organiser_rules(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    admin = s.org.admin.client(server)
    r = admin.post(f"/orgs/{org}/groups", json={"kind": "study", "name": "Шахматы"})
    assert r.status_code == 201, r.text
    chess = r.json()["id"]
    r = admin.post(f"/orgs/{org}/groups", json={"kind": "study", "name": "Хор"})
    assert r.status_code == 201, r.text
    choir = r.json()["id"]
    assert s.teacher.membership_id
    r = admin.post(
        f"/orgs/{org}/groups/{choir}/members", json={"membership_id": s.teacher.membership_id}
    )
    assert r.status_code == 201, r.text

    everything = places(admin, org)
    assert everything["may_organise"] is True and everything["org"] is True
    assert [c["name"] for c in everything["classes"]] == [s.cls.label, s.other_cls.label]
    assert [g["name"] for g in everything["groups"]] == ["Хор", "Шахматы"]

    teacher = s.teacher.client(server)
    mine = places(teacher, org)
    assert mine["may_organise"] is True and mine["org"] is False
    assert mine["classes"] == [{"id": s.cls.id, "name": s.cls.label}]
    assert mine["groups"] == [{"id": choir, "name": "Хор"}]
    # Every offered place works; one not offered is refused.
    assert create(teacher, org, scope="class", class_id=s.cls.id).status_code == 201
    assert create(teacher, org, scope="group", group_id=choir).status_code == 201
    assert create(teacher, org, scope="group", group_id=chess).status_code == 403
    assert create(teacher, org, scope="class", class_id=s.other_cls.id).status_code == 403

    nobody = {"may_organise": False, "org": False, "classes": [], "groups": []}
    assert places(s.parents[0].client(server), org) == nobody
    assert places(s.students[0].client(server), org) == nobody
    unverified = make_member(server, org, "teacher", verified=False)
    assert places(unverified.client(server), org) == nobody


def test_places_of_another_organisation_are_not_found(server: LiveServer) -> None:
    s = make_school(server)
    other = make_school(server)
    r = s.org.admin.client(server).get(f"/orgs/{other.org.id}/events/places")
    assert r.status_code == 404
