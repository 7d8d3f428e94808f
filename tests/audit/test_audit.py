"""Reading an organisation's audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parta.auth.roles import OrgRole
from parta.kit.clock import clock
from tests.builders import OrgInfo, make_member
from tests.harness import LiveServer


def test_audit_filters_and_pages(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    for i in range(3):
        assert api.patch(f"/orgs/{org.id}", json={"address": f"дом {i}"}).status_code == 200
    clock.advance(3600)
    teacher = make_member(server, org.id, OrgRole.TEACHER, verified=False)
    api.post(f"/orgs/{org.id}/members/{teacher.membership_id}/verify")
    r = api.get(f"/orgs/{org.id}/audit", params={"limit": 2})
    assert r.status_code == 200
    page = r.json()
    assert [e["action"] for e in page["items"]] == ["member.verified", "org.updated"]
    first = page["items"][0]
    assert first["actor_id"] == org.admin.account_id
    assert first["actor_name"] == org.admin.name
    assert first["target_id"] == teacher.membership_id
    assert first["ip"] == api.ip
    rest = api.get(f"/orgs/{org.id}/audit", params={"cursor": page["next_cursor"]}).json()
    assert [e["action"] for e in rest["items"]] == ["org.updated", "org.updated"]
    assert rest["next_cursor"] is None
    only = api.get(f"/orgs/{org.id}/audit", params={"action": "member."}).json()["items"]
    assert [e["action"] for e in only] == ["member.verified"]
    by_target = api.get(f"/orgs/{org.id}/audit", params={"target_id": org.id}).json()["items"]
    assert len(by_target) == 3
    by_actor = api.get(f"/orgs/{org.id}/audit", params={"actor_id": teacher.account_id}).json()[
        "items"
    ]
    assert by_actor == []
    cut = (datetime.now(UTC) + timedelta(minutes=30)).isoformat()
    later = api.get(f"/orgs/{org.id}/audit", params={"since": cut}).json()["items"]
    assert [e["action"] for e in later] == ["member.verified"]
    naive = (datetime.now(UTC) + timedelta(minutes=30)).replace(tzinfo=None).isoformat()
    earlier = api.get(f"/orgs/{org.id}/audit", params={"until": naive}).json()["items"]
    assert [e["action"] for e in earlier] == ["org.updated"] * 3
    for bad in (
        {"since": "yesterday"},
        {"limit": 0},
        {"limit": 1000},
        {"cursor": "x" * 27},
        {"actor_id": "x" * 27},
        {"action": "x" * 61},
    ):
        assert api.get(f"/orgs/{org.id}/audit", params=bad).status_code == 422, bad


def test_only_admins_and_heads_read_audit(server: LiveServer, org: OrgInfo) -> None:
    head = make_member(server, org.id, OrgRole.HEAD)
    unverified_head = make_member(server, org.id, OrgRole.HEAD, verified=False)
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    assert head.client(server).get(f"/orgs/{org.id}/audit").status_code == 200
    assert unverified_head.client(server).get(f"/orgs/{org.id}/audit").status_code == 403
    r = teacher.client(server).get(f"/orgs/{org.id}/audit")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
