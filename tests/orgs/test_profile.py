"""The organisation's profile and settings."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_class, make_member, make_person
from tests.harness import LiveServer


def test_profile_with_my_roles(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 9, "А")
    person = make_person(server)
    teacher = make_member(server, org.id, OrgRole.TEACHER, verified=False, person=person)
    parent = make_member(server, org.id, OrgRole.PARENT, person=person)
    student_like = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    r = teacher.client(server).get(f"/orgs/{org.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == org.name and body["kind"] == "school"
    assert body["timezone"] == "Europe/Moscow"
    assert body["settings"] == {
        "primary_grades": [1, 2, 3, 4],
        "max_grade": 11,
        "read_receipts_students": True,
        "edit_window_minutes": 2880,
        "show_student_presence": False,
        "file_max_mb": 25,
        "storage_quota_mb": 10240,
        "storage_used_bytes": 0,
        "gradebook_url": None,
        "diary_url": None,
        "admins_require_totp": False,
    }
    roles = {r["role"]: r for r in body["my_roles"]}
    assert roles["teacher"] == {
        "membership_id": teacher.membership_id,
        "role": "teacher",
        "verified": False,
        "class_id": None,
    }
    assert roles["parent"]["membership_id"] == parent.membership_id
    mine = student_like.client(server).get(f"/orgs/{org.id}").json()["my_roles"]
    assert mine == [
        {
            "membership_id": student_like.membership_id,
            "role": "student",
            "verified": False,
            "class_id": c.id,
        }
    ]
    assert "inn" not in body


def test_patch_org(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    r = api.patch(
        f"/orgs/{org.id}",
        json={
            "name": "  Школа  №5 ",
            "address": "ул. Ленина, 1",
            "timezone": "Asia/Yekaterinburg",
            "settings": {"primary_grades": [4, 1, 2, 3], "max_grade": 12},
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["name"], body["address"], body["timezone"]) == (
        "Школа №5",
        "ул. Ленина, 1",
        "Asia/Yekaterinburg",
    )
    assert body["settings"]["primary_grades"] == [1, 2, 3, 4]
    assert body["settings"]["max_grade"] == 12
    assert api.get(f"/orgs/{org.id}").json()["settings"]["max_grade"] == 12
    r = api.patch(f"/orgs/{org.id}", json={"settings": {"max_grade": 9}})
    assert r.status_code == 200 and r.json()["settings"]["primary_grades"] == [1, 2, 3, 4]
    event = api.get(f"/orgs/{org.id}/audit", params={"action": "org.updated"}).json()["items"]
    assert event[0]["data"]["changed"] == ["settings"]
    assert event[1]["data"]["changed"] == ["address", "name", "settings", "timezone"]


def test_patch_org_validation(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    for bad in (
        {"timezone": "Mars/Olympus"},
        {"timezone": "../../etc/passwd"},
        {"timezone": "x" * 65},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 301},
        {"address": "x" * 501},
        {"settings": {"max_grade": 8}},
        {"settings": {"max_grade": 13}},
        {"settings": {"primary_grades": [1, 1]}},
        {"settings": {"primary_grades": [0, 1]}},
        {"settings": {"primary_grades": [12]}},
        {"settings": {"primary_grades": ["a"]}},
        {"settings": {"colour": "red"}},
        {"settings": {"edit_window_minutes": 4}},
        {"settings": {"edit_window_minutes": 10081}},
        {"settings": {"edit_window_minutes": "60"}},
        {"settings": {"edit_window_minutes": 60.5}},
        {"settings": {"read_receipts_students": "no"}},
        {"settings": {"read_receipts_students": 0}},
        {"inn": "123"},
        {"settings": [1, 2]},
    ):
        r = api.patch(f"/orgs/{org.id}", json=bad)
        assert r.status_code == 422, (bad, r.text)
    assert api.patch(f"/orgs/{org.id}", content=b"{not json").status_code == 422
    make_class(server, org.id, 11, "А")
    r = api.patch(f"/orgs/{org.id}", json={"settings": {"max_grade": 10}})
    assert r.status_code == 409 and r.json()["error"]["code"] == "classes_above_max_grade"
    assert api.get(f"/orgs/{org.id}").json()["settings"]["max_grade"] == 11
    headers = {"Content-Type": "application/json"}
    assert api.patch(f"/orgs/{org.id}", content=b"[]", headers=headers).status_code == 422


def test_message_settings(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    r = api.patch(
        f"/orgs/{org.id}",
        json={"settings": {"read_receipts_students": False, "edit_window_minutes": 15}},
    )
    assert r.status_code == 200, r.text
    settings = r.json()["settings"]
    assert settings["read_receipts_students"] is False
    assert settings["edit_window_minutes"] == 15
    assert settings["max_grade"] == 11
    # Other settings changes keep them.
    r = api.patch(f"/orgs/{org.id}", json={"settings": {"max_grade": 12}})
    assert r.json()["settings"]["edit_window_minutes"] == 15
    assert r.json()["settings"]["read_receipts_students"] is False
    r = api.patch(f"/orgs/{org.id}", json={"settings": {"read_receipts_students": True}})
    assert r.json()["settings"]["read_receipts_students"] is True
    assert r.json()["settings"]["edit_window_minutes"] == 15
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    r = teacher.client(server).patch(
        f"/orgs/{org.id}", json={"settings": {"edit_window_minutes": 60}}
    )
    assert r.status_code == 403


def test_student_presence_setting_is_off_by_default_and_admin_only(
    server: LiveServer, org: OrgInfo
) -> None:
    admin = org.admin.client(server)
    assert admin.get(f"/orgs/{org.id}").json()["settings"]["show_student_presence"] is False
    url = f"/orgs/{org.id}"
    r = admin.patch(url, json={"settings": {"show_student_presence": "yes"}})
    assert r.status_code == 422
    r = admin.patch(url, json={"settings": {"show_student_presence": True}})
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["show_student_presence"] is True
    teacher = make_member(server, org.id, OrgRole.TEACHER).client(server)
    assert (
        teacher.patch(url, json={"settings": {"show_student_presence": False}}).status_code == 403
    )
