"""Who sees and who changes a library: the organisation's, a class's and a group's."""

from __future__ import annotations

import pytest

from tests.builders import make_member, make_org
from tests.chats.helpers import School, error_code, link_parent, make_school
from tests.harness import LiveServer
from tests.materials.helpers import add_folder, add_link, created, lib


@pytest.fixture(scope="module")
def s(server: LiveServer) -> School:
    return make_school(server)


def test_class_library_follows_the_class(server: LiveServer, s: School) -> None:
    teacher = s.teacher.client(server)
    item = created(add_link(teacher, s.org.id, "class", s.cls.id, "Таблица умножения"))
    assert item["can_change"] and item["place"] == "class"

    # The class's students and their parents see it.
    for person in (s.students[0], s.parents[1]):
        page = lib(person.client(server), s.org.id, "class", s.cls.id)
        assert page.status_code == 200, page.text
        assert [i["title"] for i in page.json()["items"]] == ["Таблица умножения"]
        assert page.json()["place"]["can_add"] is False
        assert (
            person.client(server).get(f"/orgs/{s.org.id}/materials/items/{item['id']}").status_code
            == 200
        )

    # A parent of a child in the other class, and that child, do not.
    other_parent = make_member(server, s.org.id, "parent")
    link_parent(server, s.org.id, other_parent, s.other_student)
    for person in (other_parent, s.other_student):
        api = person.client(server)
        assert lib(api, s.org.id, "class", s.cls.id).status_code == 404
        assert api.get(f"/orgs/{s.org.id}/materials/items/{item['id']}").status_code == 404
        assert lib(api, s.org.id, "class", s.other_cls.id).status_code == 200
    places = other_parent.client(server).get(f"/orgs/{s.org.id}/materials/places").json()
    assert [(p["place"], p["place_id"]) for p in places] == [
        ("org", s.org.id),
        ("class", s.other_cls.id),
    ]

    # The organisation's other verified staff read it too; an unverified teacher does not.
    assert lib(s.other_teacher.client(server), s.org.id, "class", s.cls.id).status_code == 200
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    assert lib(unverified.client(server), s.org.id, "class", s.cls.id).status_code == 404

    # Another organisation sees nothing, whichever organisation id it uses.
    stranger = make_org(server).admin
    api = stranger.client(server)
    assert lib(api, s.org.id, "class", s.cls.id).status_code == 404
    assert api.get(f"/orgs/{s.org.id}/materials/items/{item['id']}").status_code == 404
    own = make_org(server)
    assert lib(own.admin.client(server), own.id, "class", s.cls.id).status_code == 404


def test_who_may_add_and_change(server: LiveServer, s: School) -> None:
    teacher, other_teacher = s.teacher.client(server), s.other_teacher.client(server)
    for person in (s.students[0], s.parents[0]):
        r = add_link(person.client(server), s.org.id, "class", s.cls.id)
        assert r.status_code == 403 and error_code(r) == "materials_read_only"
    # Any verified teacher may add to a class; only the class teacher (or an administrator)
    # may change what others added.
    theirs = created(add_link(other_teacher, s.org.id, "class", s.cls.id, "Задачи"))
    mine = created(add_link(teacher, s.org.id, "class", s.cls.id, "Правила"))
    path = f"/orgs/{s.org.id}/materials/items/"
    r = other_teacher.patch(path + mine["id"], json={"title": "Чужое"})
    assert r.status_code == 403 and error_code(r) == "materials_read_only"
    assert other_teacher.delete(path + mine["id"]).status_code == 403
    r = teacher.patch(path + theirs["id"], json={"title": "Задачи на дроби"})
    assert r.status_code == 200 and r.json()["title"] == "Задачи на дроби"
    r = other_teacher.patch(path + theirs["id"], json={"url": "https://example.org/new"})
    assert r.status_code == 200 and r.json()["url"] == "https://example.org/new"
    listing = lib(other_teacher, s.org.id, "class", s.cls.id).json()["items"]
    can = {i["title"]: i["can_change"] for i in listing}
    assert can["Задачи на дроби"] is True and can["Правила"] is False

    # The organisation's library: everyone reads, administrators add.
    r = add_link(teacher, s.org.id, "org", None)
    assert r.status_code == 403 and error_code(r) == "materials_read_only"
    admin = s.org.admin.client(server)
    created(add_link(admin, s.org.id, "org", None, "Устав школы"))
    page = lib(s.parents[0].client(server), s.org.id, "org")
    assert [i["title"] for i in page.json()["items"]] == ["Устав школы"]
    # An administrator manages every class's library.
    assert admin.delete(path + mine["id"]).status_code == 204
    assert teacher.get(path + mine["id"]).status_code == 404


def test_group_library(server: LiveServer, s: School) -> None:
    admin = s.org.admin.client(server)
    r = admin.post(
        f"/orgs/{s.org.id}/groups",
        json={
            "kind": "study",
            "name": "Робототехника",
            "lead_membership_id": s.teacher.membership_id,
        },
    )
    assert r.status_code == 201, r.text
    group_id = r.json()["id"]
    for member in (s.students[0], s.other_teacher):
        r = admin.post(
            f"/orgs/{s.org.id}/groups/{group_id}/members",
            json={"membership_id": member.membership_id},
        )
        assert r.status_code == 201, r.text
    lead = s.teacher.client(server)
    created(add_link(lead, s.org.id, "group", group_id, "Схемы"))
    # A verified staff member of the group adds; a student member only reads.
    created(add_link(s.other_teacher.client(server), s.org.id, "group", group_id, "Датчики"))
    student = s.students[0].client(server)
    assert add_link(student, s.org.id, "group", group_id).status_code == 403
    titles = [i["title"] for i in lib(student, s.org.id, "group", group_id).json()["items"]]
    assert titles == ["Датчики", "Схемы"]
    # Not a member: not visible (a classmate, a parent).
    assert lib(s.students[1].client(server), s.org.id, "group", group_id).status_code == 404
    assert lib(s.parents[0].client(server), s.org.id, "group", group_id).status_code == 404
    places = student.get(f"/orgs/{s.org.id}/materials/places").json()
    assert ("group", group_id) in [(p["place"], p["place_id"]) for p in places]
    # Archived: read-only for everyone.
    assert admin.delete(f"/orgs/{s.org.id}/groups/{group_id}").status_code == 204
    r = add_link(lead, s.org.id, "group", group_id)
    assert r.status_code == 409 and error_code(r) == "place_archived"
    assert lib(student, s.org.id, "group", group_id).status_code == 200


def test_bad_places_are_clear_errors(server: LiveServer, s: School) -> None:
    api = s.teacher.client(server)
    assert lib(api, s.org.id, "classroom").status_code == 422
    assert lib(api, s.org.id, "class").status_code == 404
    assert lib(api, s.org.id, "class", "not-an-id\x00").status_code == 404
    assert lib(api, s.org.id, "group", s.cls.id).status_code == 404  # a class id as a group
    r = add_folder(api, s.org.id, "class", s.cls.id, "   ")
    assert r.status_code == 422
    r = api.post(f"/orgs/{s.org.id}/materials/folders", json={"place": "class", "x": 1})
    assert r.status_code == 422


def test_garbage_input_is_a_clear_4xx(server: LiveServer, s: School) -> None:
    api = s.teacher.client(server)
    base = f"/orgs/{s.org.id}/materials"
    r = api.post(f"{base}/links", json={"place": "org", "title": "a\x00", "url": "https://x.org"})
    assert r.status_code == 403  # the org library is the administrators'
    body = {"place": "class", "place_id": s.cls.id, "title": "До\x00м", "url": "https://x.org"}
    r = api.post(f"{base}/links", json=body)
    assert r.status_code == 201 and r.json()["title"] == "До м"
    item = r.json()["id"]
    for patch in ({"parent_id": "\x00"}, {"parent_id": 5}, {"title": ""}, {"colour": "red"}):
        r = api.patch(f"{base}/items/{item}", json=patch)
        assert r.status_code == 422, (patch, r.text)
    r = api.post(
        f"{base}/shared", json={"place": "class", "place_id": s.cls.id, "attachment_id": "\x00"}
    )
    assert r.status_code == 404
    assert api.get(f"{base}/items/%00").status_code == 404
    assert api.get("/material-files/%00", params={"exp": "1", "sig": "x"}).status_code == 403
    assert (
        api.post(
            f"{base}/uploads", params={"place": "class", "place_id": s.cls.id}, json={}
        ).status_code
        == 415
    )
