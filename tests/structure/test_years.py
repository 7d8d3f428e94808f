"""Academic years: creation, the current year, and finishing a year."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_class, make_member
from tests.harness import LiveServer
from tests.members.helpers import make_pending, membership_status


def test_create_years_and_make_current(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    r = api.post(
        f"/orgs/{org.id}/academic-years",
        json={"starts_on": "2025-09-01", "ends_on": "2026-05-31"},
    )
    assert r.status_code == 201
    first = r.json()
    assert first["name"] == "2025/2026" and first["is_current"] is True
    r = api.post(
        f"/orgs/{org.id}/academic-years",
        json={"starts_on": "2026-09-01", "ends_on": "2027-05-31"},
    )
    assert r.status_code == 201 and r.json()["is_current"] is False
    second = r.json()
    dup = api.post(
        f"/orgs/{org.id}/academic-years",
        json={"starts_on": "2025-10-01", "ends_on": "2026-06-30"},
    )
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "year_exists"
    r = api.post(f"/orgs/{org.id}/academic-years/{second['id']}/make-current")
    assert r.status_code == 200 and r.json()["is_current"] is True
    years = api.get(f"/orgs/{org.id}/academic-years").json()
    assert [(y["name"], y["is_current"]) for y in years] == [
        ("2026/2027", True),
        ("2025/2026", False),
    ]
    for bad in (
        {"starts_on": "2026-09-01", "ends_on": "2026-09-01"},
        {"starts_on": "2026-13-01", "ends_on": "2027-05-31"},
        {"starts_on": "9999-09-01", "ends_on": "9999-12-31"},
        {"starts_on": "2026-09-01"},
        {"starts_on": 5, "ends_on": None},
    ):
        assert api.post(f"/orgs/{org.id}/academic-years", json=bad).status_code == 422, bad


def test_finish_year_promotes_and_graduates(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    five = make_class(server, org.id, 5, "А", teacher=teacher)
    ten = make_class(server, org.id, 10, "Б")
    eleven = make_class(server, org.id, 11, "А")
    fives = [make_member(server, org.id, OrgRole.STUDENT, class_id=five.id) for _ in range(2)]
    pending = make_pending(server, org.id, "Новиков Олег", class_id=five.id)
    make_member(server, org.id, OrgRole.STUDENT, class_id=ten.id)
    grads = [make_member(server, org.id, OrgRole.STUDENT, class_id=eleven.id) for _ in range(3)]
    api = org.admin.client(server)

    r = api.post(f"/orgs/{org.id}/academic-years/{five.year_id}/finish")
    assert r.status_code == 200, r.text
    summary = r.json()
    new_year = summary.pop("new_year_id")
    assert summary == {
        "promoted_classes": 2,
        "graduated_classes": 1,
        "moved_students": 4,
        "graduated_students": 3,
    }
    years = api.get(f"/orgs/{org.id}/academic-years").json()
    assert (years[0]["id"], years[0]["name"], years[0]["is_current"]) == (
        new_year,
        "2027/2028",
        True,
    )
    assert years[1]["finished_at"] is not None and years[1]["starts_on"] == "2026-09-01"
    now = {c["label"]: c for c in api.get(f"/orgs/{org.id}/classes").json()}
    assert set(now) == {"6А", "11Б"}
    assert now["6А"]["class_teacher"]["membership_id"] == teacher.membership_id
    assert now["6А"]["student_count"] == 3  # the admin sees the unclaimed roster entry too
    assert now["11Б"]["student_count"] == 1
    old = {
        c["label"]: c
        for c in api.get(f"/orgs/{org.id}/classes", params={"year_id": five.year_id}).json()
    }
    assert all(c["archived"] for c in old.values())
    assert old["5А"]["promoted_to_id"] == now["6А"]["id"]
    assert old["11А"]["promoted_to_id"] is None
    detail = api.get(f"/orgs/{org.id}/classes/{now['6А']['id']}").json()
    assert {s["membership_id"] for s in detail["students"]} == {
        *(s.membership_id for s in fives),
        pending,
    }
    # Graduates keep their account but are no longer members.
    for g in grads:
        assert membership_status(server, g.membership_id or "") == "alumni"
    g_api = grads[0].client(server)
    assert g_api.get("/me").status_code == 200
    assert g_api.get(f"/orgs/{org.id}").status_code == 404
    alumni = api.get(f"/orgs/{org.id}/members", params={"status": "alumni"}).json()["items"]
    assert {m["membership_id"] for m in alumni} == {g.membership_id for g in grads}
    event = api.get(f"/orgs/{org.id}/audit", params={"action": "year.finished"}).json()["items"]
    assert event[0]["data"]["graduated_students"] == 3
    # Only the current year can be finished.
    again = api.post(f"/orgs/{org.id}/academic-years/{five.year_id}/finish")
    assert again.status_code == 409 and again.json()["error"]["code"] == "year_not_current"
    assert api.post(f"/orgs/{org.id}/academic-years/{five.year_id}/make-current").status_code == 409


def test_finish_with_dates_and_invalid_dates(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 1, "Г")
    api = org.admin.client(server)
    url = f"/orgs/{org.id}/academic-years/{c.year_id}/finish"
    r = api.post(url, json={"next_starts_on": "2027-09-02", "next_ends_on": "2027-06-01"})
    assert r.status_code == 422
    assert api.post(url, json={"next_starts_on": "2026-10-01"}).status_code == 422
    assert api.post(url, json={"bogus": 1}).status_code == 422
    assert api.get(f"/orgs/{org.id}/classes").json()[0]["label"] == "1Г"  # nothing changed
    r = api.post(url, json={"next_starts_on": "2027-09-02", "next_ends_on": "2028-06-25"})
    assert r.status_code == 200
    year = api.get(f"/orgs/{org.id}/academic-years").json()[0]
    assert (year["starts_on"], year["ends_on"]) == ("2027-09-02", "2028-06-25")
    assert [c["label"] for c in api.get(f"/orgs/{org.id}/classes").json()] == ["2Г"]
