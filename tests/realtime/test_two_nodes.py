"""Two `parta serve` processes on PostgreSQL + Redis: messages, edits, typing and presence
cross between them, and /sync on either node has the events. Also: a node whose Redis
refuses connections keeps accepting messages (live delivery is best-effort)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

from tests.harness import Api, free_port, prepare_database
from tests.realtime.client import Event, EventClient
from tests.realtime.nodes import Node, SmallOrg, seed_org, sign_in
from tests.realtime.tcp_proxy import TcpProxy

# The nodes share the PostgreSQL test database: these tests belong to the PostgreSQL half.
pytestmark = pytest.mark.postgresql

PG_URL = os.environ.get("PARTA_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("PARTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def _redis_answers(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


@dataclass
class Cluster:
    a: Node
    b: Node
    org: SmallOrg
    redis: TcpProxy  # the nodes reach Redis through it, so a test can "restart" Redis


def _through(proxy: TcpProxy, url: str) -> str:
    parts = urlsplit(url)
    auth = parts.netloc.rpartition("@")[0]
    netloc = (auth + "@" if auth else "") + f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not PG_URL:
        pytest.skip("two nodes need a shared PostgreSQL: set PARTA_TEST_DATABASE_URL")
    if not _redis_answers(REDIS_URL):
        pytest.skip(f"two nodes need Redis: nothing answers at {REDIS_URL}")
    prepare_database(PG_URL)
    org = seed_org(PG_URL, others=2)
    data_dir = tmp_path_factory.mktemp("two-nodes")
    target = urlsplit(REDIS_URL)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379)
    env = {
        "PARTA_DATABASE_URL": PG_URL,
        "PARTA_REDIS_URL": _through(proxy, REDIS_URL),
        "PARTA_SECRET_KEY": "two-nodes-" + uuid.uuid4().hex,
    }
    a, b = Node("node-a", data_dir, env), Node("node-b", data_dir, env)
    try:
        a.wait_ready()
        b.wait_ready()
        yield Cluster(a, b, org, proxy)
    finally:
        a.stop()
        b.stop()
        proxy.close()


def _send(api: Api, org_id: str, chat_id: str, body: str) -> dict[str, Any]:
    r = api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "body": body},
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def _group(api: Api, org_id: str, member_ids: list[str]) -> dict[str, Any]:
    r = api.post(f"/orgs/{org_id}/chats", json={"title": "Кружок", "member_ids": member_ids})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def _message(message_id: str) -> Any:
    def pred(e: Event) -> bool:
        return bool(e["type"] == "message.new" and e["data"]["id"] == message_id)

    return pred


def _presence_of(account_id: str, status: str) -> Any:
    def pred(e: Event) -> bool:
        return e["type"] == "presence" and any(
            p["account_id"] == account_id and p["status"] == status for p in e["data"]["people"]
        )

    return pred


def test_messages_edits_typing_and_presence_cross_nodes(cluster: Cluster) -> None:
    a, b, org = cluster.a, cluster.b, cluster.org
    parent = org.others[0]
    teacher_a = a.api(sign_in(a.url, org.teacher))
    parent_token = sign_in(b.url, parent)
    parent_b = b.api(parent_token)
    chat = _group(teacher_a, org.id, [m.account_id for m in org.others])
    chat_id, cursor = chat["id"], chat["seq"]

    on_a = EventClient(a.url, str(teacher_a.headers["Authorization"]).split(" ", 1)[1])
    on_b = EventClient(b.url, parent_token)
    try:
        # Presence: the parent came online on node B; the teacher on node A hears it, and
        # node A's presence endpoint sees the parent through node B's registration.
        on_a.wait_for(_presence_of(parent.account_id, "online"), timeout=10)
        r = teacher_a.get(f"/orgs/{org.id}/presence", params={"ids": parent.account_id})
        assert r.json()["people"][0]["status"] == "online", r.text

        started = time.monotonic()
        sent = _send(teacher_a, org.id, chat_id, "Сбор у школы в 9:00")
        ev = on_b.wait_for(lambda e: e["type"] == "message.new" and e["chat_id"] == chat_id)
        assert ev["data"]["id"] == sent["id"] and ev["seq"] == sent["seq"]
        assert time.monotonic() - started < 5

        r = teacher_a.patch(
            f"/orgs/{org.id}/chats/{chat_id}/messages/{sent['id']}",
            json={"body": "Сбор у школы в 9:30"},
        )
        assert r.status_code == 200, r.text
        ev = on_b.wait_for(lambda e: e["type"] == "message.edited")
        assert ev["data"]["body"] == "Сбор у школы в 9:30"

        # Typing goes both ways and is not echoed to the typist.
        on_b.send({"type": "typing", "chat_id": chat_id})
        ev = on_a.wait_for(lambda e: e["type"] == "typing")
        assert ev["chat_id"] == chat_id and ev["data"]["account_id"] == parent.account_id
        on_a.send({"type": "typing", "chat_id": chat_id})
        ev = on_b.wait_for(lambda e: e["type"] == "typing")
        assert ev["data"]["account_id"] == org.teacher.account_id

        # A message sent through node B reaches node A too.
        back = _send(parent_b, org.id, chat_id, "Будем!")
        ev = on_a.wait_for(lambda e: e["type"] == "message.new" and e["data"]["id"] == back["id"])

        # Node B's /sync has everything since the cursor, in order.
        synced = parent_b.get("/sync", params={"cursors": f"{chat_id}:{cursor}"}).json()
        kinds = [(e["type"], e["seq"]) for e in synced["events"]]
        assert ("message.new", sent["seq"]) in kinds and ("message.new", back["seq"]) in kinds
        assert "message.edited" in [k for k, _ in kinds]
        assert [s for _, s in kinds] == sorted(s for _, s in kinds)
    finally:
        on_a.close()
        on_b.close()


def test_a_redis_restart_loses_nothing(cluster: Cluster) -> None:
    a, b, org = cluster.a, cluster.b, cluster.org
    teacher_a = a.api(sign_in(a.url, org.teacher))
    parent_token = sign_in(b.url, org.others[1])
    parent_b = b.api(parent_token)
    chat = _group(teacher_a, org.id, [org.others[1].account_id])
    chat_id, cursor = chat["id"], chat["seq"]
    on_b = EventClient(b.url, parent_token)
    try:
        cluster.redis.down()
        started = time.monotonic()
        missed = _send(teacher_a, org.id, chat_id, "Пока Redis перезапускается")
        assert time.monotonic() - started < 2, "a send waited for Redis"
        cluster.redis.up()
        # Node B lost its subscription; once it is back it tells its sockets to catch up.
        on_b.wait_for(lambda e: e["type"] == "resync", timeout=20)
        synced = parent_b.get("/sync", params={"cursors": f"{chat_id}:{cursor}"}).json()
        assert missed["id"] in [e["data"].get("id") for e in synced["events"]]
        # Live delivery between the nodes works again.
        again = _send(teacher_a, org.id, chat_id, "Redis снова с нами")
        on_b.wait_for(lambda e: e["type"] == "message.new" and e["data"]["id"] == again["id"])
    finally:
        cluster.redis.up()
        on_b.close()


def test_node_with_unreachable_redis_still_accepts_messages(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    data_dir: Path = tmp_path_factory.mktemp("no-redis")
    url = f"sqlite+aiosqlite:///{data_dir}/parta.db"
    prepare_database(url)
    org = seed_org(url, others=1)
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    node = Node("node-no-redis", data_dir, {"PARTA_DATABASE_URL": url, "PARTA_REDIS_URL": dead})
    try:
        node.wait_ready()
        token = sign_in(node.url, org.teacher)
        teacher = node.api(token)
        listener_token = sign_in(node.url, org.others[0])
        chat = _group(teacher, org.id, [org.others[0].account_id])
        ws = EventClient(node.url, listener_token)
        try:
            for i in range(3):
                started = time.monotonic()
                sent = _send(teacher, org.id, chat["id"], f"Redis лежит, а мы пишем {i}")
                assert time.monotonic() - started < 2, "a send waited for Redis"
                # This node's own sockets still get it live; other nodes catch up by /sync.
                ev = ws.wait_for(_message(sent["id"]))
                assert ev["type"] == "message.new"
        finally:
            ws.close()
        r = teacher.get(f"/orgs/{org.id}/presence", params={"ids": org.teacher.account_id})
        assert r.status_code == 200
        assert node.proc.poll() is None, node.log()
    finally:
        node.stop()
