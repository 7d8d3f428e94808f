"""Incoming webhooks: a secret URL posts Markdown into one chat; bad input gets a 4xx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from parta.kit.clock import clock
from tests.builders import make_org
from tests.chats.helpers import School, make_school, token_of
from tests.harness import LiveServer
from tests.integrations.helpers import created
from tests.realtime.client import EventClient


@pytest.fixture(scope="module")
def school(server: LiveServer) -> School:
    return make_school(server, students=1)


def _hook(server: LiveServer, s: School, name: str = "Журнал") -> dict[str, Any]:
    admin = s.org.admin.client(server)
    chat_id = s.chat_of_kind(s.teacher.client(server), "class")["id"]
    hook = created(admin, f"/orgs/{s.org.id}/incoming-webhooks", {"name": name, "chat_id": chat_id})
    assert hook["url"].startswith(server.url + "/api/v1/hooks/phk_")
    return hook


def test_webhook_posts_a_message_that_members_receive(server: LiveServer, school: School) -> None:
    hook = _hook(server, school)
    student = school.students[0].client(server)
    ws = EventClient(server.url, token_of(student))
    try:
        r = httpx.post(
            hook["url"],
            json={"text": "Новое домашнее задание по *алгебре*: № 12–15", "client_id": "hw-1"},
        )
        assert r.status_code == 201, r.text
        out = r.json()
        assert out["chat_id"] == hook["chat_id"] and out["created"] is True
        ev = ws.wait_for(lambda e: e["type"] == "message.new")
        assert ev["data"]["id"] == out["message_id"]
        assert ev["data"]["author_name"] == "Журнал"
        assert ev["data"]["html"] == "<p>Новое домашнее задание по <em>алгебре</em>: № 12–15</p>"
    finally:
        ws.close()
    # A retry with the same client_id returns the stored message.
    again = httpx.post(hook["url"], json={"text": "повтор", "client_id": "hw-1"})
    assert again.status_code == 200 and again.json()["message_id"] == out["message_id"]
    admin = school.org.admin.client(server)
    listed = admin.get(f"/orgs/{school.org.id}/incoming-webhooks").json()
    assert [h["id"] for h in listed if h["id"] == hook["id"]] and "url" not in listed[0]


def test_bad_and_oversized_payloads_get_4xx(server: LiveServer, school: School) -> None:
    url = _hook(server, school)["url"]
    cases: list[tuple[dict[str, Any], int]] = [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ({"content": b"text=hello", "headers": {"content-type": "text/plain"}}, 415),
        ({"content": b'"just a string"', "headers": {"content-type": "application/json"}}, 422),
        ({"json": {}}, 422),
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": 5}}, 422),
        ({"json": {"text": "hi", "extra": 1}}, 422),
        ({"json": {"text": "   "}}, 422),
        ({"json": {"text": "x" * 20001}}, 422),
        ({"json": {"text": "\x00"}}, 422),
        ({"content": b"[" * 70000, "headers": {"content-type": "application/json"}}, 413),
    ]
    for kwargs, status in cases:
        r = httpx.post(url, **kwargs)
        assert r.status_code == status, (kwargs.get("json"), r.text)
        assert "error" in r.json()
    # A chunked body without Content-Length is capped while it is read.
    r = httpx.post(
        url,
        content=iter([b'{"text": "', b"x" * 70000, b'"}']),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    for bad in ("phk_unknown", "nothing", "phk_" + "x" * 200):
        assert httpx.post(url.rsplit("/", 1)[0] + "/" + bad, json={"text": "hi"}).status_code == 404


def test_rate_limit_and_deletion(server: LiveServer, school: School) -> None:
    hook = _hook(server, school, "Расписание")
    for i in range(30):
        r = httpx.post(hook["url"], json={"text": f"урок {i}"})
        assert r.status_code == 201, r.text
        clock.advance(1)  # stay under the per-sender flood limit, inside the minute
    r = httpx.post(hook["url"], json={"text": "ещё"})
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert int(r.headers["retry-after"]) > 0
    clock.advance(61)
    assert httpx.post(hook["url"], json={"text": "снова можно"}).status_code == 201
    admin = school.org.admin.client(server)
    # Another organisation's administrator cannot delete it; a teacher may not.
    other = make_org(server).admin.client(server)
    assert other.delete(f"/orgs/{school.org.id}/incoming-webhooks/{hook['id']}").status_code == 404
    teacher = school.teacher.client(server)
    assert (
        teacher.delete(f"/orgs/{school.org.id}/incoming-webhooks/{hook['id']}").status_code == 403
    )
    assert admin.delete(f"/orgs/{school.org.id}/incoming-webhooks/{hook['id']}").status_code == 204
    assert httpx.post(hook["url"], json={"text": "после удаления"}).status_code == 404
    bot = admin.get(f"/orgs/{school.org.id}/bots/{hook['bot_id']}").json()
    assert bot["disabled"] is True and bot["chat_ids"] == []
    audit = admin.get(f"/orgs/{school.org.id}/audit", params={"action": "webhook."}).json()
    actions = {e["action"] for e in audit["items"] if e["target_id"] == hook["id"]}
    assert actions == {"webhook.incoming_created", "webhook.incoming_deleted"}
