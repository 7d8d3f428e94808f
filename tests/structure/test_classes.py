"""Classes: creation, validation, class teachers, deletion and moving students."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_class, make_member
from tests.harness import LiveServer


def test_create_class_and_validation(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    r = api.post(f"/orgs/{org.id}/classes", json={"grade": 5, "letter": "а"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "no_current_year"
    api.post(
        f"/orgs/{org.id}/academic-years", json={"starts_on": "2026-09-01", "ends_on": "2027-05-31"}
    )
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    r = api.post(
        f"/orgs/{org.id}/classes",
        json={"grade": 5, "letter": " а", "class_teacher_membership_id": teacher.membership_id},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["label"], body["grade"], body["letter"]) == ("5А", 5, "А")
    assert body["class_teacher"]["name"] == teacher.name
    assert body["class_teacher"]["verified"] is True
    assert body["student_count"] == 0
    dup = api.post(f"/orgs/{org.id}/classes", json={"grade": 5, "letter": "А"})
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "class_exists"
    assert (
        api.post(f"/orgs/{org.id}/classes", json={"grade": 10, "letter": "it"}).status_code == 201
    )
    student = make_member(server, org.id, OrgRole.STUDENT)
    for bad in (
        {"grade": 0, "letter": "А"},
        {"grade": 12, "letter": "А"},  # above the default max grade 11
        {"grade": 5, "letter": "АБВ"},
        {"grade": 5, "letter": "1"},
        {"grade": 5, "letter": ""},
        {"grade": "five", "letter": "А"},
        {"grade": 5, "letter": "Б", "class_teacher_membership_id": student.membership_id},
        {"grade": 5, "letter": "Б", "class_teacher_membership_id": "x" * 300},
        {"grade": 5, "letter": "Б", "year_id": "Z" * 26},
    ):
        r = api.post(f"/orgs/{org.id}/classes", json=bad)
        assert r.status_code in (404, 422), (bad, r.text)
        assert r.status_code == (404 if "year_id" in bad else 422)
    labels = [c["label"] for c in api.get(f"/orgs/{org.id}/classes").json()]
    assert labels == ["5А", "10IT"]


def test_patch_class_teacher_and_letter(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 4, "А")
    make_class(server, org.id, 4, "Б")
    teacher = make_member(server, org.id, OrgRole.TEACHER, verified=False)
    staff = make_member(server, org.id, OrgRole.STAFF)
    api = org.admin.client(server)
    url = f"/orgs/{org.id}/classes/{c.id}"
    r = api.patch(url, json={"class_teacher_membership_id": teacher.membership_id})
    assert r.status_code == 200
    assert r.json()["class_teacher"]["membership_id"] == teacher.membership_id
    assert r.json()["class_teacher"]["verified"] is False
    r = api.patch(url, json={"class_teacher_membership_id": staff.membership_id})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_class_teacher"
    assert api.patch(url, json={"letter": "Б"}).status_code == 409
    r = api.patch(url, json={"letter": "в"})
    assert r.status_code == 200 and r.json()["label"] == "4В"
    assert r.json()["class_teacher"]["membership_id"] == teacher.membership_id
    r = api.patch(url, json={"class_teacher_membership_id": None})
    assert r.status_code == 200 and r.json()["class_teacher"] is None
    assert api.patch(url, json={"grade": 5}).status_code == 422


def test_delete_only_empty_class(server: LiveServer, org: OrgInfo) -> None:
    full = make_class(server, org.id, 8, "А")
    empty = make_class(server, org.id, 8, "Б")
    make_member(server, org.id, OrgRole.STUDENT, class_id=full.id)
    api = org.admin.client(server)
    r = api.delete(f"/orgs/{org.id}/classes/{full.id}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "class_not_empty"
    assert api.delete(f"/orgs/{org.id}/classes/{empty.id}").status_code == 204
    assert api.get(f"/orgs/{org.id}/classes/{empty.id}").status_code == 404
    assert [c["label"] for c in api.get(f"/orgs/{org.id}/classes").json()] == ["8А"]


def test_move_student(server: LiveServer, org: OrgInfo) -> None:
    a = make_class(server, org.id, 6, "А")
    b = make_class(server, org.id, 6, "Б")
    student = make_member(server, org.id, OrgRole.STUDENT, class_id=a.id)
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    api = org.admin.client(server)
    url = f"/orgs/{org.id}/members/{student.membership_id}/move"
    r = api.post(url, json={"class_id": b.id})
    assert r.status_code == 200
    assert (r.json()["class_id"], r.json()["class_label"]) == (b.id, "6Б")
    assert api.get(f"/orgs/{org.id}/classes/{a.id}").json()["student_count"] == 0
    assert api.get(f"/orgs/{org.id}/classes/{b.id}").json()["student_count"] == 1
    r = api.post(f"/orgs/{org.id}/members/{teacher.membership_id}/move", json={"class_id": a.id})
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_student"
    assert api.post(url, json={"class_id": "Z" * 26}).status_code == 422
    assert api.post(url, json={}).status_code == 422
    assert (
        api.post(f"/orgs/{org.id}/members/{'Z' * 26}/move", json={"class_id": a.id}).status_code
        == 404
    )
    moved = api.get(f"/orgs/{org.id}/audit", params={"action": "member.moved"}).json()["items"]
    assert moved[0]["data"] == {"from_class_id": a.id, "to_class_id": b.id}
    assert student.client(server).post(url, json={"class_id": a.id}).status_code == 403
