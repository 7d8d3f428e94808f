"""Outgoing webhooks: signed deliveries of committed chat events to a real local HTTP
server, retries with backoff, the delivery log, auto-disable, validation and isolation."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import pytest

from parta.integrations import worker
from parta.kit.clock import clock
from tests.builders import make_org
from tests.chats.helpers import School, make_school, post
from tests.harness import Api, LiveServer
from tests.integrations.helpers import Receiver, created

T = TypeVar("T")


@pytest.fixture(scope="module")
def school(server: LiveServer) -> School:
    return make_school(server, students=1)


@pytest.fixture
def receiver(server: LiveServer) -> Iterator[Receiver]:
    # The receiver is on 127.0.0.1: allowed here as an operator would for a local gradebook.
    server.settings.webhooks_allow_private = True
    r = Receiver()
    yield r
    r.close()
    server.settings.webhooks_allow_private = False


def verify_signature(secret: str, header: str, body: bytes, now: float) -> bool:
    """What a receiver does (the snippet in docs/api/integrations.md)."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    timestamp = int(fields["t"])
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"]) and abs(now - timestamp) <= 300


def eventually(fn: Callable[[], T | None], timeout: float = 10.0) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _chat(server: LiveServer, s: School, kind: str) -> str:
    return str(s.chat_of_kind(s.teacher.client(server), kind)["id"])


def _subscribe(
    server: LiveServer, s: School, url: str, chats: list[str], events: list[str] | None = None
) -> dict[str, Any]:
    admin = s.org.admin.client(server)
    body = {"name": "Журнал", "url": url, "events": events or ["message.new"], "chat_ids": chats}
    hook = created(admin, f"/orgs/{s.org.id}/outgoing-webhooks", body)
    assert hook["secret"].startswith("whsec_") and hook["active"] is True
    return hook


def _log(admin: Api, s: School, hook_id: str) -> list[dict[str, Any]]:
    r = admin.get(f"/orgs/{s.org.id}/outgoing-webhooks/{hook_id}/deliveries")
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def _step(server: LiveServer) -> int:
    return int(server.run(server.app.state.webhook_worker.step()))


def test_committed_events_are_delivered_signed(
    server: LiveServer, school: School, receiver: Receiver
) -> None:
    class_chat, staff_chat = _chat(server, school, "class"), _chat(server, school, "staff")
    hook = _subscribe(server, school, receiver.url, [class_chat])
    teacher = school.teacher.client(server)
    first = post(teacher, school.org.id, class_chat, "Контрольная в пятницу").json()
    post(teacher, school.org.id, staff_chat, "не для журнала")  # a chat it does not watch
    edited = teacher.patch(
        f"/orgs/{school.org.id}/chats/{class_chat}/messages/{first['id']}",
        json={"body": "Контрольная в четверг"},
    )
    assert edited.status_code == 200, edited.text  # an event kind it does not want
    second = post(teacher, school.org.id, class_chat, "Вторая").json()
    got = receiver.wait_for(2)
    for req, sent in zip(got, (first, second), strict=True):
        assert req.path == "/hook" and req.headers["content-type"] == "application/json"
        assert req.headers["parta-event"] == "message.new"
        assert req.headers["parta-webhook"] == hook["id"]
        assert verify_signature(
            hook["secret"], req.headers["parta-signature"], req.body, time.time()
        )
        assert not verify_signature(
            "whsec_wrong", req.headers["parta-signature"], req.body, time.time()
        )
        payload = json.loads(req.body)
        assert payload["id"] == req.headers["parta-delivery"]
        assert payload["type"] == "message.new" and payload["chat_id"] == class_chat
        assert payload["org_id"] == school.org.id and payload["seq"] == sent["seq"]
        assert payload["data"]["id"] == sent["id"] and payload["data"]["body"] == sent["body"]
    admin = school.org.admin.client(server)

    def both_delivered() -> list[dict[str, Any]]:
        items = _log(admin, school, hook["id"])
        return items if all(d["status"] == "delivered" for d in items) else []

    # The log holds every queued delivery (queued with the event, in its transaction): only
    # the watched chat's message.new events are there.
    log = eventually(both_delivered)
    assert {(d["chat_id"], d["event"]) for d in log} == {(class_chat, "message.new")}
    assert [d["seq"] for d in log] == [second["seq"], first["seq"]]  # newest first
    assert all(d["attempts"] == 1 and d["last_status_code"] == 200 for d in log)
    assert log[0]["log"][0]["status_code"] == 200 and log[0]["next_attempt_at"] is None
    # A rotated secret signs from now on; the old one no longer matches.
    rotated = admin.post(f"/orgs/{school.org.id}/outgoing-webhooks/{hook['id']}/rotate-secret")
    assert rotated.status_code == 200 and rotated.json()["secret"] != hook["secret"]
    post(teacher, school.org.id, class_chat, "после смены секрета")
    last = receiver.wait_for(3)[2]
    secret = rotated.json()["secret"]
    assert verify_signature(secret, last.headers["parta-signature"], last.body, time.time())
    assert not verify_signature(
        hook["secret"], last.headers["parta-signature"], last.body, time.time()
    )
    assert admin.delete(f"/orgs/{school.org.id}/outgoing-webhooks/{hook['id']}").status_code == 204


def test_failed_deliveries_are_retried_with_backoff(
    server: LiveServer, school: School, receiver: Receiver
) -> None:
    class_chat = _chat(server, school, "class")
    hook = _subscribe(server, school, receiver.url, [class_chat])
    admin = school.org.admin.client(server)
    receiver.fail_next(500, 502)
    sent = post(school.teacher.client(server), school.org.id, class_chat, "Ура").json()
    receiver.wait_for(1)
    first = eventually(lambda: [d for d in _log(admin, school, hook["id"]) if d["attempts"] == 1])[
        0
    ]
    assert first["status"] == "pending" and first["last_status_code"] == 500
    wait = (datetime.fromisoformat(first["next_attempt_at"]) - clock.now()).total_seconds()
    # Backoff after the first failure: 15 s with "equal jitter", i.e. 7.5..15 s.
    assert 5 < wait <= worker.BACKOFF_BASE_SECONDS
    assert _step(server) == 0  # not due yet
    clock.advance(worker.BACKOFF_BASE_SECONDS + 1)
    _step(server)  # (or the background worker, whichever comes first)
    receiver.wait_for(2)
    second = eventually(lambda: [d for d in _log(admin, school, hook["id"]) if d["attempts"] == 2])[
        0
    ]
    assert second["status"] == "pending" and second["last_status_code"] == 502
    wait = (datetime.fromisoformat(second["next_attempt_at"]) - clock.now()).total_seconds()
    assert 14 < wait <= 2 * worker.BACKOFF_BASE_SECONDS  # doubled: 15..30 s
    clock.advance(2 * worker.BACKOFF_BASE_SECONDS + 1)
    _step(server)
    got = receiver.wait_for(3)
    assert len({r.headers["parta-delivery"] for r in got}) == 1  # the same delivery each time
    now = clock.now().timestamp()
    assert verify_signature(hook["secret"], got[2].headers["parta-signature"], got[2].body, now)
    done = eventually(
        lambda: [d for d in _log(admin, school, hook["id"]) if d["status"] == "delivered"]
    )[0]
    assert done["id"] == got[0].headers["parta-delivery"] and done["seq"] == sent["seq"]
    assert [a["status_code"] for a in done["log"]] == [500, 502, 200]
    assert done["attempts"] == 3
    state = admin.get(f"/orgs/{school.org.id}/outgoing-webhooks/{hook['id']}").json()
    assert state["consecutive_failures"] == 0 and state["active"] is True
    admin.delete(f"/orgs/{school.org.id}/outgoing-webhooks/{hook['id']}")


def test_webhook_is_disabled_after_failures_in_a_row(
    server: LiveServer, school: School, receiver: Receiver
) -> None:
    class_chat = _chat(server, school, "class")
    hook = _subscribe(server, school, receiver.url, [class_chat])
    admin = school.org.admin.client(server)
    url = f"/orgs/{school.org.id}/outgoing-webhooks/{hook['id']}"
    teacher = school.teacher.client(server)
    receiver.fail_next(*[503] * worker.FAILURE_LIMIT)
    for i in range(worker.FAILURE_LIMIT):
        post(teacher, school.org.id, class_chat, f"сообщение {i}")
    receiver.wait_for(worker.FAILURE_LIMIT)
    state = eventually(lambda: (s := admin.get(url).json())["active"] is False and s)
    assert "in a row failed" in state["disabled_reason"]

    def all_failed() -> list[dict[str, Any]]:
        items = _log(admin, school, hook["id"])
        return items if all(d["status"] == "failed" for d in items) else []

    log = eventually(all_failed)
    assert len(log) == worker.FAILURE_LIMIT
    # Disabled: new events are not queued any more.
    post(teacher, school.org.id, class_chat, "никто не ждёт")
    assert len(_log(admin, school, hook["id"])) == worker.FAILURE_LIMIT
    audit = admin.get(f"/orgs/{school.org.id}/audit", params={"action": "webhook."}).json()
    assert "webhook.outgoing_disabled" in {
        e["action"] for e in audit["items"] if e["target_id"] == hook["id"]
    }
    # Switched on again, it delivers new events.
    r = admin.patch(url, json={"active": True})
    assert r.status_code == 200 and r.json()["consecutive_failures"] == 0
    post(teacher, school.org.id, class_chat, "снова работает")
    receiver.wait_for(worker.FAILURE_LIMIT + 1)
    eventually(lambda: _log(admin, school, hook["id"])[0]["status"] == "delivered")
    admin.delete(url)


def test_only_administrators_subscribe_to_chats_of_their_organisation(
    server: LiveServer, school: School
) -> None:
    org = school.org.id
    admin = school.org.admin.client(server)
    class_chat = _chat(server, school, "class")
    good = {"name": "x", "url": "https://example.org/h", "events": ["message.new"]}
    teacher = school.teacher.client(server)
    r = teacher.post(f"/orgs/{org}/outgoing-webhooks", json={**good, "chat_ids": [class_chat]})
    assert r.status_code == 403
    other = make_org(server)
    other_admin = other.admin.client(server)
    other_chat = next(
        c["id"] for c in other_admin.get(f"/orgs/{other.id}/chats").json() if c["kind"] == "staff"
    )
    direct = teacher.post(
        f"/orgs/{org}/chats/direct", json={"account_id": school.other_teacher.account_id}
    ).json()["id"]
    bad_bodies: list[dict[str, Any]] = [
        {**good, "chat_ids": [other_chat]},
        {**good, "chat_ids": [direct]},
        {**good, "chat_ids": ["nonsense"]},
        {**good, "chat_ids": []},
        {**good, "chat_ids": [class_chat], "url": "ftp://example.org/h"},
        {**good, "chat_ids": [class_chat], "url": "https://user:pw@example.org/h"},
        {**good, "chat_ids": [class_chat], "events": ["message.typing"]},
        {**good, "chat_ids": [class_chat], "events": []},
        {**good, "chat_ids": [class_chat], "url": "https://example.org/" + "x" * 600},
    ]
    for body in bad_bodies:
        r = admin.post(f"/orgs/{org}/outgoing-webhooks", json=body)
        assert r.status_code == 422, (body, r.text)
    hook = created(admin, f"/orgs/{org}/outgoing-webhooks", {**good, "chat_ids": [class_chat]})
    for path in ("", "/deliveries"):
        assert (
            other_admin.get(f"/orgs/{other.id}/outgoing-webhooks/{hook['id']}{path}").status_code
            == 404
        )
        assert (
            other_admin.get(f"/orgs/{org}/outgoing-webhooks/{hook['id']}{path}").status_code == 404
        )
    r = other_admin.patch(
        f"/orgs/{other.id}/outgoing-webhooks/{hook['id']}", json={"active": False}
    )
    assert r.status_code == 404
    assert "secret" not in admin.get(f"/orgs/{org}/outgoing-webhooks/{hook['id']}").json()
    r = admin.get(f"/orgs/{org}/outgoing-webhooks/{hook['id']}/deliveries", params={"cursor": "x"})
    assert r.status_code == 422
    admin.delete(f"/orgs/{org}/outgoing-webhooks/{hook['id']}")


def test_private_addresses_are_refused_unless_allowed(server: LiveServer, school: School) -> None:
    """Without PARTA_WEBHOOKS_ALLOW_PRIVATE a webhook cannot be aimed into the server's own
    network: the delivery fails with the reason, and nothing is sent."""
    r = Receiver()
    try:
        class_chat = _chat(server, school, "class")
        hook = _subscribe(server, school, r.url, [class_chat])
        admin = school.org.admin.client(server)
        post(school.teacher.client(server), school.org.id, class_chat, "Внутрь сети")
        failed = eventually(
            lambda: [d for d in _log(admin, school, hook["id"]) if d["attempts"] >= 1]
        )[0]
        assert "private or local address" in failed["log"][0]["error"]
        assert r.got == []
        admin.delete(f"/orgs/{school.org.id}/outgoing-webhooks/{hook['id']}")
    finally:
        r.close()
