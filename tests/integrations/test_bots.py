"""Bots with scoped tokens: what a token may do, where a bot may reach, revocation, who
may manage bots, and that the roster leaves bots in their chats."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.builders import make_org
from tests.chats.helpers import School, make_school, reconcile, token_of
from tests.harness import Api, LiveServer
from tests.integrations.helpers import bearer, created
from tests.realtime.client import EventClient


@pytest.fixture(scope="module")
def school(server: LiveServer) -> School:
    return make_school(server, students=1)


def _bot(server: LiveServer, s: School, *scopes: str, chat: str = "class") -> dict[str, Any]:
    """A bot in the school's `chat` with a token of `scopes` (returned under "token")."""
    admin = s.org.admin.client(server)
    bot = created(admin, f"/orgs/{s.org.id}/bots", {"name": "Электронный журнал"})
    chat_id = s.chat_of_kind(s.teacher.client(server), chat)["id"]
    r = admin.post(f"/orgs/{s.org.id}/bots/{bot['id']}/chats", json={"chat_id": chat_id})
    assert r.status_code == 200, r.text
    assert r.json()["chat_ids"] == [chat_id]
    tok = created(admin, f"/orgs/{s.org.id}/bots/{bot['id']}/tokens", {"scopes": list(scopes)})
    assert tok["token"].startswith("pbt_") and tok["scopes"] == sorted(scopes)
    return {**bot, "token": tok["token"], "token_id": tok["id"], "chat_id": chat_id}


def _send(api: Api, chat_id: str, body: str = "Новое домашнее задание") -> Any:
    return api.post(
        f"/bot/chats/{chat_id}/messages", json={"client_id": str(uuid.uuid4()), "body": body}
    )


def test_bot_posts_into_its_chat_and_members_receive_it(server: LiveServer, school: School) -> None:
    bot = _bot(server, school, "messages:write", "chats:read")
    student = school.students[0].client(server)
    ws = EventClient(server.url, token_of(student))
    api = bearer(server.url, bot["token"])
    try:
        me = api.get("/bot/me").json()
        assert me["bot_id"] == bot["id"] and me["org_id"] == school.org.id
        assert me["scopes"] == ["chats:read", "messages:write"]
        r = _send(api, bot["chat_id"], "Домашнее задание: **№ 5, 6**")
        assert r.status_code == 201, r.text
        ev = ws.wait_for(lambda e: e["type"] == "message.new")
        assert ev["chat_id"] == bot["chat_id"] and ev["data"]["id"] == r.json()["id"]
        assert ev["data"]["author_name"] == "Электронный журнал"
        assert ev["data"]["html"] == "<p>Домашнее задание: <strong>№ 5, 6</strong></p>"
    finally:
        ws.close()
    assert [c["id"] for c in api.get("/bot/chats").json()] == [bot["chat_id"]]
    page = api.get(f"/bot/chats/{bot['chat_id']}/messages").json()
    assert page["messages"][-1]["id"] == r.json()["id"]
    # People see the bot's message in the history with its name.
    seen = student.get(f"/orgs/{school.org.id}/chats/{bot['chat_id']}/messages").json()
    assert seen["messages"][-1]["author_name"] == "Электронный журнал"


def test_token_without_a_scope_gets_403(server: LiveServer, school: School) -> None:
    reader = bearer(server.url, _bot(server, school, "chats:read")["token"])
    chat_id = reader.get("/bot/chats").json()[0]["id"]
    r = _send(reader, chat_id)
    assert r.status_code == 403 and r.json()["error"]["code"] == "missing_scope"
    writer = bearer(server.url, _bot(server, school, "messages:write")["token"])
    assert writer.get("/bot/chats").status_code == 403
    assert writer.get(f"/bot/chats/{chat_id}/messages").status_code == 403
    events_only = bearer(server.url, _bot(server, school, "events:write")["token"])
    assert _send(events_only, chat_id).status_code == 403


def test_bot_cannot_reach_chats_it_is_not_in(server: LiveServer, school: School) -> None:
    bot = _bot(server, school, "messages:write", "chats:read")
    api = bearer(server.url, bot["token"])
    other = school.other_student.client(server)
    other_chat = school.chat_of_kind(other, "class")["id"]
    staff = school.chat_of_kind(school.teacher.client(server), "staff")["id"]
    for chat_id in (other_chat, staff, "not-an-id", "01ARZ3NDEKTSV4RRFFQ69G5FAV"):
        assert _send(api, chat_id).status_code == 404
        assert api.get(f"/bot/chats/{chat_id}/messages").status_code == 404
    # Taken out of its chat, it no longer reaches it either.
    admin = school.org.admin.client(server)
    r = admin.delete(f"/orgs/{school.org.id}/bots/{bot['id']}/chats/{bot['chat_id']}")
    assert r.status_code == 200 and r.json()["chat_ids"] == []
    assert _send(api, bot["chat_id"]).status_code == 404


def test_revoked_tokens_and_disabled_bots_get_401(server: LiveServer, school: School) -> None:
    bot = _bot(server, school, "messages:write", "chats:read")
    api = bearer(server.url, bot["token"])
    assert api.get("/bot/me").status_code == 200
    # A bot token is not a session: the people's API refuses it.
    assert api.get(f"/orgs/{school.org.id}/chats").status_code == 401
    admin = school.org.admin.client(server)
    base = f"/orgs/{school.org.id}/bots/{bot['id']}"
    assert admin.delete(f"{base}/tokens/{bot['token_id']}").status_code == 204
    assert api.get("/bot/me").status_code == 401
    assert _send(api, bot["chat_id"]).status_code == 401
    assert admin.get(f"{base}/tokens").json()[0]["revoked"] is True
    second = created(admin, f"{base}/tokens", {"scopes": ["chats:read"]})
    api2 = bearer(server.url, second["token"])
    assert api2.get("/bot/me").status_code == 200
    assert admin.delete(base).status_code == 204
    assert api2.get("/bot/me").status_code == 401
    assert admin.get(base).json()["disabled"] is True
    for token in ("pbt_nonsense", "pst_" + "x" * 40, "x" * 500):
        assert bearer(server.url, token).get("/bot/me").status_code == 401
    assert Api(server.url).get("/bot/me").status_code == 401
    actions = [
        e["action"]
        for e in admin.get(f"/orgs/{school.org.id}/audit", params={"action": "bot."}).json()[
            "items"
        ]
        if e["target_id"] == bot["id"]
    ]
    for action in ("bot.created", "bot.chat_added", "bot.token_issued", "bot.token_revoked"):
        assert action in actions
    assert "bot.deleted" in actions


def test_only_administrators_manage_bots(server: LiveServer, school: School) -> None:
    teacher = school.teacher.client(server)
    org = school.org.id
    assert teacher.get(f"/orgs/{org}/bots").status_code == 403
    assert teacher.post(f"/orgs/{org}/bots", json={"name": "Мой бот"}).status_code == 403
    bot = _bot(server, school, "chats:read")
    assert (
        teacher.post(
            f"/orgs/{org}/bots/{bot['id']}/tokens", json={"scopes": ["chats:read"]}
        ).status_code
        == 403
    )
    # Another organisation's administrator sees nothing of this one's bots.
    other = make_org(server)
    intruder = other.admin.client(server)
    assert intruder.get(f"/orgs/{org}/bots/{bot['id']}").status_code == 404
    assert intruder.get(f"/orgs/{other.id}/bots/{bot['id']}").status_code == 404
    r = intruder.post(f"/orgs/{other.id}/bots/{bot['id']}/tokens", json={"scopes": ["chats:read"]})
    assert r.status_code == 404
    # Direct chats are never opened to a bot; unknown scopes are refused.
    admin = school.org.admin.client(server)
    direct = teacher.post(
        f"/orgs/{org}/chats/direct", json={"account_id": school.other_teacher.account_id}
    )
    assert direct.status_code in (200, 201), direct.text
    r = admin.post(f"/orgs/{org}/bots/{bot['id']}/chats", json={"chat_id": direct.json()["id"]})
    assert r.status_code == 404
    r = admin.post(f"/orgs/{org}/bots/{bot['id']}/tokens", json={"scopes": ["admin"]})
    assert r.status_code == 422
    assert admin.post(f"/orgs/{org}/bots", json={"name": "   "}).status_code == 422


def test_roster_changes_leave_bots_in_their_chats(server: LiveServer, school: School) -> None:
    bot = _bot(server, school, "messages:write")
    reconcile(server, school.org.id)
    admin = school.org.admin.client(server)
    assert admin.get(f"/orgs/{school.org.id}/bots/{bot['id']}").json()["chat_ids"] == [
        bot["chat_id"]
    ]
    assert _send(bearer(server.url, bot["token"]), bot["chat_id"]).status_code == 201


def test_bots_are_not_counted_as_recipients_of_important_messages(
    server: LiveServer, school: School
) -> None:
    bot = _bot(server, school, "messages:write")
    teacher = school.teacher.client(server)
    r = teacher.post(
        f"/orgs/{school.org.id}/chats/{bot['chat_id']}/messages",
        json={"client_id": str(uuid.uuid4()), "body": "Важное", "ack_required": True},
    )
    assert r.status_code == 201, r.text
    report = teacher.get(
        f"/orgs/{school.org.id}/chats/{bot['chat_id']}/messages/{r.json()['id']}/acks"
    ).json()
    names = [p["name"] for p in report["people"]]
    assert "Электронный журнал" not in names
    assert report["total"] == len(names) >= 1
