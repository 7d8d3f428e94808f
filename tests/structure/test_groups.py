"""Study groups and staff departments."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_member
from tests.harness import LiveServer


def test_department_takes_staff_only(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    student = make_member(server, org.id, OrgRole.STUDENT)
    parent = make_member(server, org.id, OrgRole.PARENT)
    api = org.admin.client(server)
    r = api.post(
        f"/orgs/{org.id}/groups",
        json={
            "kind": "department",
            "name": " Кафедра  математики ",
            "lead_membership_id": teacher.membership_id,
        },
    )
    assert r.status_code == 201, r.text
    dept = r.json()
    assert dept["name"] == "Кафедра математики"
    assert dept["lead"]["membership_id"] == teacher.membership_id
    url = f"/orgs/{org.id}/groups/{dept['id']}/members"
    assert api.post(url, json={"membership_id": teacher.membership_id}).status_code == 201
    r = api.post(url, json={"membership_id": teacher.membership_id})
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_in_group"
    for who in (student, parent):
        r = api.post(url, json={"membership_id": who.membership_id})
        assert r.status_code == 422 and r.json()["error"]["code"] == "not_staff"
    assert api.post(url, json={"membership_id": org.admin.membership_id}).status_code == 201
    members = api.get(url).json()
    assert {m["membership_id"] for m in members} == {teacher.membership_id, org.admin.membership_id}
    assert api.get(f"/orgs/{org.id}/groups/{dept['id']}").json()["member_count"] == 2
    assert api.delete(f"{url}/{org.admin.membership_id}").status_code == 204
    assert api.delete(f"{url}/{org.admin.membership_id}").status_code == 404
    assert [m["membership_id"] for m in api.get(url).json()] == [teacher.membership_id]
    r = api.post(
        f"/orgs/{org.id}/groups",
        json={"kind": "department", "name": "Завхоз", "lead_membership_id": student.membership_id},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_lead"


def test_study_group_lifecycle(server: LiveServer, org: OrgInfo) -> None:
    student = make_member(server, org.id, OrgRole.STUDENT)
    api = org.admin.client(server)
    r = api.post(f"/orgs/{org.id}/groups", json={"kind": "study", "name": "Английский, группа 2"})
    assert r.status_code == 201
    gid = r.json()["id"]
    assert (
        api.post(
            f"/orgs/{org.id}/groups/{gid}/members", json={"membership_id": student.membership_id}
        ).status_code
        == 201
    )
    r = api.patch(
        f"/orgs/{org.id}/groups/{gid}",
        json={"name": "Английский, группа 3", "description": "по вторникам"},
    )
    assert r.status_code == 200 and r.json()["name"] == "Английский, группа 3"
    listed = api.get(f"/orgs/{org.id}/groups", params={"kind": "study"}).json()
    assert [(g["id"], g["member_count"]) for g in listed] == [(gid, 1)]
    assert api.get(f"/orgs/{org.id}/groups", params={"kind": "department"}).json() == []
    # Every member may read groups; only administrators change them.
    s_api = student.client(server)
    assert s_api.get(f"/orgs/{org.id}/groups/{gid}/members").status_code == 200
    assert s_api.patch(f"/orgs/{org.id}/groups/{gid}", json={"name": "x"}).status_code == 403
    assert s_api.delete(f"/orgs/{org.id}/groups/{gid}").status_code == 403
    assert api.delete(f"/orgs/{org.id}/groups/{gid}").status_code == 204
    assert api.get(f"/orgs/{org.id}/groups").json() == []
    archived = api.get(f"/orgs/{org.id}/groups", params={"include_archived": True}).json()
    assert archived[0]["archived"] is True
    r = api.patch(f"/orgs/{org.id}/groups/{gid}", json={"name": "y"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "group_archived"
    for bad in (
        {"kind": "club", "name": "x"},
        {"kind": "study", "name": ""},
        {"kind": "study", "name": "x" * 201},
        {"kind": "study", "name": "   "},
        {"kind": "study", "name": "x", "academic_year_id": "Z" * 26},
        {"kind": "study"},
    ):
        assert api.post(f"/orgs/{org.id}/groups", json=bad).status_code == 422, bad
    assert api.get(f"/orgs/{org.id}/groups", params={"kind": "club"}).status_code == 422
