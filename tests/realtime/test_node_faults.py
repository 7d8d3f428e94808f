"""Faults of a deployment, with real processes: a node killed with SIGKILL in the middle of a
stream of sends loses no acknowledged message and its clients carry on through another node;
PostgreSQL going away answers clear 503s, writes nothing half-way, and the node recovers by
itself when the database is back."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.harness import Api, prepare_database
from tests.realtime.client import EventClient
from tests.realtime.nodes import Node, SmallOrg, seed_org, sign_in
from tests.realtime.tcp_proxy import TcpProxy

# The nodes share the PostgreSQL test database: these tests belong to the PostgreSQL half.
pytestmark = pytest.mark.postgresql

PG_URL = os.environ.get("PARTA_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("PARTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
SENDS = 40
KILL_AFTER = 12
STARTUP = 90.0  # seconds: a loaded CI machine starts a node slowly


@pytest.fixture(scope="module")
def org() -> SmallOrg:
    if not PG_URL:
        pytest.skip("several nodes need a shared PostgreSQL: set PARTA_TEST_DATABASE_URL")
    prepare_database(PG_URL)
    return seed_org(PG_URL, others=1)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path


def _env(database_url: str = "") -> dict[str, str]:
    return {
        "PARTA_DATABASE_URL": database_url or PG_URL,
        "PARTA_REDIS_URL": REDIS_URL,
        "PARTA_SECRET_KEY": "faults-secret-shared-by-the-nodes",
    }


def _group(api: Api, org_id: str, member_id: str) -> dict[str, Any]:
    r = api.post(f"/orgs/{org_id}/chats", json={"title": "Сбой узла", "member_ids": [member_id]})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def _history_ids(api: Api, org_id: str, chat_id: str) -> list[str]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/messages", params={"limit": 100})
    assert r.status_code == 200, r.text
    return [m["id"] for m in r.json()["messages"]]


class Sender(threading.Thread):
    """Sends numbered messages one after another, as a client would: on a failure it
    retries the same client id (idempotent) against the next node."""

    def __init__(self, apis: list[Api], org_id: str, chat_id: str) -> None:
        super().__init__(daemon=True)
        self.apis, self.org_id, self.chat_id = apis, org_id, chat_id
        self.acked: dict[str, str] = {}  # client id -> message id
        self.failovers = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            node = 0
            for i in range(SENDS):
                client_id = f"fault-{i}-{uuid.uuid4().hex[:8]}"
                body = {"client_id": client_id, "body": f"Сообщение {i}"}
                for _ in range(20):
                    try:
                        r = self.apis[node].post(
                            f"/orgs/{self.org_id}/chats/{self.chat_id}/messages",
                            json=body,
                            timeout=5,
                        )
                    except httpx.HTTPError:
                        r = None
                    if r is not None and r.status_code in (200, 201):
                        self.acked[client_id] = r.json()["id"]
                        break
                    node = (node + 1) % len(self.apis)  # that node is gone: the next one
                    self.failovers += 1
                    time.sleep(0.1)
                else:
                    raise AssertionError(f"message {i} was never accepted")
        except BaseException as exc:  # reported by the test
            self.error = exc


def test_a_killed_node_loses_no_acknowledged_message(org: SmallOrg, data_dir: Path) -> None:
    a, b = Node("node-a", data_dir, _env()), Node("node-b", data_dir, _env())
    try:
        a.wait_ready(STARTUP)
        b.wait_ready(STARTUP)
        teacher_token = sign_in(a.url, org.teacher)
        parent_token = sign_in(a.url, org.others[0])
        chat = _group(a.api(teacher_token), org.id, org.others[0].account_id)
        listener = EventClient(a.url, parent_token)  # on the node that will die
        sender = Sender([a.api(teacher_token), b.api(teacher_token)], org.id, chat["id"])
        sender.start()
        deadline = time.monotonic() + 60
        while len(sender.acked) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.02)
        a.proc.kill()  # SIGKILL: no shutdown, no goodbye to the sockets
        a.proc.wait(10)
        sender.join(120)
        assert sender.error is None, sender.error
        assert len(sender.acked) == SENDS and sender.failovers >= 1

        # The listener saw the first messages live, lost its socket, and comes back on B.
        listener.wait_closed(15)
        live = listener.drain(settle=0.5)
        seen = {e["data"]["id"] for e in live if e["type"] == "message.new"}
        last_seq = max([e["seq"] for e in live if e.get("chat_id") == chat["id"]] + [chat["seq"]])
        listener.close()
        again = EventClient(b.url, parent_token)
        try:
            parent_b = b.api(parent_token)
            synced = parent_b.get("/sync", params={"cursors": f"{chat['id']}:{last_seq}"})
            assert synced.status_code == 200, synced.text
            seen |= {e["data"]["id"] for e in synced.json()["events"] if e["type"] == "message.new"}
            # Every message the sender was told was accepted reached the listener.
            assert set(sender.acked.values()) <= seen
            # And is stored exactly once (the retries reused their client ids).
            history = _history_ids(parent_b, org.id, chat["id"])
            assert set(sender.acked.values()) <= set(history)
            assert len(history) == len(set(history)) == SENDS
            # Live delivery goes on through the surviving node.
            r = b.api(teacher_token).post(
                f"/orgs/{org.id}/chats/{chat['id']}/messages",
                json={"client_id": uuid.uuid4().hex, "body": "После сбоя"},
            )
            assert r.status_code == 201
            again.wait_for(
                lambda e: e["type"] == "message.new" and e["data"]["id"] == r.json()["id"], 10
            )
        finally:
            again.close()
    finally:
        a.stop()
        b.stop()


def _through(proxy: TcpProxy, url: str) -> str:
    parts = urlsplit(url)
    auth = parts.netloc.rpartition("@")[0]
    return urlunsplit(
        parts._replace(netloc=(auth + "@" if auth else "") + f"127.0.0.1:{proxy.port}")
    )


def test_database_outage_answers_503_and_recovers(org: SmallOrg, data_dir: Path) -> None:
    target = urlsplit(PG_URL)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432)
    node = Node("node-pg-proxy", data_dir, _env(_through(proxy, PG_URL)))
    try:
        node.wait_ready(STARTUP)
        token = sign_in(node.url, org.teacher)
        teacher = node.api(token)
        chat = _group(teacher, org.id, org.others[0].account_id)
        url = f"/orgs/{org.id}/chats/{chat['id']}/messages"

        proxy.down()  # PostgreSQL is gone: refused, and every open connection cut
        lost = {"client_id": "while-the-database-was-down", "body": "Не дойдёт"}
        for _ in range(2):  # also after the pool has noticed
            started = time.monotonic()
            r = teacher.post(url, json=lost, timeout=30)
            assert r.status_code == 503, r.text + node.log()
            assert r.json()["error"]["code"] == "unavailable"
            assert time.monotonic() - started < 15
        assert teacher.get(f"/orgs/{org.id}/chats", timeout=30).status_code == 503
        assert httpx.get(node.url + "/readyz", timeout=30).status_code == 503
        assert node.proc.poll() is None, node.log()

        proxy.up()  # back, without restarting the node
        deadline = time.monotonic() + 30
        while httpx.get(node.url + "/readyz", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, node.log()
            time.sleep(0.2)
        assert _history_ids(teacher, org.id, chat["id"]) == []  # nothing half-written
        r = teacher.post(url, json=lost)
        assert r.status_code == 201, r.text
        assert _history_ids(teacher, org.id, chat["id"]) == [r.json()["id"]]
        assert r.json()["seq"] == chat["seq"] + 1  # no gap left by the failed attempts
    finally:
        proxy.up()
        node.stop()
        proxy.close()
