"""Administrators do not read chats they are not in; with a recorded reason they may, for a
while, and the audit log shows it."""

from __future__ import annotations

from parta.kit.clock import clock
from tests.builders import make_org
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.moderation.helpers import code, said


def test_reading_a_chat_outside_a_report_needs_a_recorded_reason(server: LiveServer) -> None:
    s = make_school(server, students=1)
    org = s.org.id
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    student = s.students[0].client(server)
    chat = s.chat_of_kind(student, "class")["id"]
    said(student, org, chat, "Нас обижают в раздевалке")

    # By default an administrator reads nothing of a chat they are not in.
    assert admin.get(f"/orgs/{org}/chats/{chat}/messages").status_code == 404
    picks = admin.get(f"/orgs/{org}/moderation/chats").json()
    assert any(p["id"] == chat and p["kind"] == "class" for p in picks)
    assert "body" not in picks[0]
    assert teacher.get(f"/orgs/{org}/moderation/chats").status_code == 403

    url = f"/orgs/{org}/moderation/chat-access"
    for reason in ("", "потому что"[:5]):
        r = admin.post(url, json={"chat_id": chat, "reason": reason})
        assert r.status_code == 422 and code(r) == "reason_required"
    assert teacher.post(url, json={"chat_id": chat, "reason": "x" * 20}).status_code == 403
    other = make_org(server)
    r = other.admin.client(server).post(
        f"/orgs/{other.id}/moderation/chat-access", json={"chat_id": chat, "reason": "x" * 20}
    )
    assert r.status_code == 404  # another organisation's chat does not exist for them
    reason = "Жалоба родителя на травлю в классе, обращение №12"
    r = admin.post(url, json={"chat_id": chat, "reason": reason, "hours": 2})
    assert r.status_code == 201, r.text
    grant = r.json()
    assert grant["active"] and grant["reason"] == reason
    page = admin.get(f"{url}/{grant['id']}/messages")
    assert page.status_code == 200, page.text
    assert [m["body"] for m in page.json()["messages"]][-1] == "Нас обижают в раздевалке"
    assert [g["id"] for g in admin.get(url).json()] == [grant["id"]]
    # Still not a member: the chat itself stays closed to the administrator.
    assert admin.get(f"/orgs/{org}/chats/{chat}/messages").status_code == 404

    # The audit log shows who opened which chat, why and for how long.
    log = admin.get(f"/orgs/{org}/audit", params={"action": "moderation.chat_access_opened"})
    (entry,) = log.json()["items"]
    assert entry["actor_id"] == s.org.admin.account_id and entry["target_id"] == chat
    assert entry["data"]["reason"] == reason and entry["data"]["hours"] == 2

    # Others cannot use the grant, and it ends on time.
    assert (
        other.admin.client(server)
        .get(f"/orgs/{other.id}/moderation/chat-access/{grant['id']}/messages")
        .status_code
        == 404
    )
    clock.advance(2 * 3600 + 1)
    ended = admin.get(f"{url}/{grant['id']}/messages")
    assert ended.status_code == 410 and code(ended) == "access_ended"
    assert admin.get(url).json()[0]["active"] is False


def test_an_access_can_be_given_up(server: LiveServer) -> None:
    s = make_school(server, students=1)
    org = s.org.id
    admin = s.org.admin.client(server)
    chat = s.chat_of_kind(s.students[0].client(server), "class")["id"]
    url = f"/orgs/{org}/moderation/chat-access"
    grant = admin.post(url, json={"chat_id": chat, "reason": "Проверка по жалобе"}).json()
    assert admin.post(f"{url}/{grant['id']}/end").status_code == 204
    assert code(admin.get(f"{url}/{grant['id']}/messages")) == "access_ended"
    log = admin.get(f"/orgs/{org}/audit", params={"action": "moderation.chat_access_ended"})
    assert log.json()["items"][0]["data"] == {"grant_id": grant["id"]}
