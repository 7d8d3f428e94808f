"""The public landing of a link, its limits, the policy and login suggestions."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from parta.kit.clock import clock
from parta.models import Org
from tests.builders import OrgInfo, make_class, make_member
from tests.harness import Api, LiveServer
from tests.invites.helpers import (
    POLICY,
    client_of,
    invite,
    pending_member,
    personal_invitation,
    registration,
    token_of,
)


def test_landing_shows_org_role_class(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    c = make_class(server, org.id, 9, "А")
    young = make_class(server, org.id, 2, "Б")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id, expires_in_hours=5)
        small = invite(admin, org.id, "student", class_id=young.id)
        teacher = invite(admin, org.id, "teacher")
    r = anon.get(f"/invite/{inv['token']}")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["org"] == {"name": org.name, "kind": "school"}
    assert data["role"] == "student" and data["kind"] == "role"
    assert data["class_label"] == "9А" and data["group_name"] is None
    assert data["primary_grade"] is False
    assert data["policy_version"] == POLICY
    assert data["expires_at"] == inv["expires_at"]
    assert data["warning"] is None
    assert anon.get(f"/invite/{small['token']}").json()["primary_grade"] is True
    t = anon.get(f"/invite/{teacher['token']}").json()
    assert t["primary_grade"] is False and t["class_label"] is None


def test_primary_grades_follow_org_settings(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    async def _five_too(db):  # type: ignore[no-untyped-def]
        o = await db.get(Org, org.id)
        o.settings = {**o.settings, "primary_grades": [1, 2, 3, 4, 5]}

    server.db(_five_too)
    c = make_class(server, org.id, 5, "Г")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id)
    assert anon.get(f"/invite/{inv['token']}").json()["primary_grade"] is True


def test_personal_landing_names_the_person(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    mid = pending_member(server, org.id, OrgRole.TEACHER, "Сидорова Анна Петровна")
    token = personal_invitation(server, org.id, mid, OrgRole.TEACHER, org.admin.account_id)
    data = anon.get(f"/invite/{token}").json()
    assert data["kind"] == "personal" and data["for_person"] == "Сидорова Анна Петровна"


def test_unknown_and_malformed_tokens_are_404(server: LiveServer, anon: Api) -> None:
    for token in ("nope", "a" * 40, "x" * 5000, "%00", "..%2F..%2Fetc"):
        r = anon.get(f"/invite/{token}")
        assert r.status_code == 404, token
        if r.headers["content-type"].startswith("application/json"):
            assert r.json()["error"]["code"] in ("invitation_not_found", "not_found")
    r = anon.get("/invite/" + "a" * 40)
    assert r.json()["error"]["code"] == "invitation_not_found"
    r = anon.post("/invite/" + "a" * 40 + "/register", json=registration())
    assert r.status_code == 404


def test_expired_link_is_410(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent", expires_in_hours=2)
    assert anon.get(f"/invite/{inv['token']}").status_code == 200
    clock.advance(2 * 3600 + 1)
    r = anon.get(f"/invite/{inv['token']}")
    assert r.status_code == 410
    assert r.json()["error"]["code"] == "invitation_expired"
    r = anon.post(f"/invite/{inv['token']}/register", json=registration())
    assert r.status_code == 410
    with client_of(server, org.admin) as admin:
        shown = admin.get(f"/orgs/{org.id}/invitations/{inv['id']}").json()
        assert shown["status"] == "expired"


def test_exhausted_link_is_410(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent", max_uses=1)
    r = anon.post(f"/invite/{inv['token']}/register", json=registration())
    assert r.status_code == 201, r.text
    r = anon.get(f"/invite/{inv['token']}")
    assert r.status_code == 410
    assert r.json()["error"]["code"] == "invitation_exhausted"
    r = anon.post(f"/invite/{inv['token']}/register", json=registration())
    assert r.status_code == 410
    assert r.json()["error"]["code"] == "invitation_exhausted"


def test_suspended_org_hides_its_links(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student")

    async def _suspend(db):  # type: ignore[no-untyped-def]
        (await db.get(Org, org.id)).status = "suspended"

    server.db(_suspend)
    r = anon.get(f"/invite/{inv['token']}")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "invitation_not_found"


def test_policy_text(anon: Api) -> None:
    r = anon.get("/policy")
    assert r.status_code == 200
    data = r.json()
    assert data["version"] == POLICY
    assert "персональных данных" in data["text_ru"]
    assert "personal data" in data["text_en"]


def test_username_suggestion_transliterates_and_avoids_taken(
    server: LiveServer, org: OrgInfo, anon: Api
) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student")
    token = inv["token"]
    url = f"/invite/{token}/username-suggestion"
    r = anon.get(url, params={"name": "Щукина Юлия"})
    assert r.status_code == 200
    first = r.json()["username"]
    assert first == "shchukina.yuliya"
    # Once taken (by someone registering with it), the next suggestion differs.
    r = anon.post(f"/invite/{token}/register", json=registration(username=first))
    assert r.status_code == 201, r.text
    second = anon.get(url, params={"name": "Щукина Юлия"}).json()["username"]
    assert second == "shchukina.yuliya2"
    assert anon.get(url, params={"name": "Ё"}).json()["username"] == "estudent"
    assert anon.get(url, params={"name": "42"}).json()["username"] == "student"
    assert anon.get(url, params={"name": ""}).status_code == 422
    assert anon.get(url, params={"name": "x" * 500}).status_code == 422
    assert anon.get("/invite/unknown/username-suggestion", params={"name": "a"}).status_code == 404


def test_landing_for_signed_in_member_warns(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "teacher")
    with client_of(server, teacher) as t:
        data = t.get(f"/invite/{inv['token']}").json()
        assert data["warning"]["code"] == "already_member"
    assert token_of(inv["url"]) == inv["token"]
