"""Per-role rate limits: the organisation's number of messages a minute per role, a clear
429 with Retry-After, and one count across nodes when Redis is configured."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
import redis

from parta.kit.clock import clock
from parta.safety.rates import MemoryLimiter, RedisLimiter
from tests.chats.helpers import error_code, make_school, post
from tests.harness import LiveServer
from tests.safety.helpers import rules

REDIS_URL = os.environ.get("PARTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/10")


def test_each_role_has_its_own_limit(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    got = rules(admin, s.org.id, rate_limits={"student": 5, "staff": 7})
    assert got["rate_limits"] == {"student": 5, "parent": 30, "staff": 7}
    r = admin.patch(f"/orgs/{s.org.id}/safety/settings", json={"rate_limits": {"parent": 0}})
    assert r.status_code == 422

    student = s.students[0].client(server)
    chat = s.chat_of_kind(student, "class")["id"]
    for i in range(5):
        assert post(student, s.org.id, chat, f"сообщение {i}").status_code == 201
    r = post(student, s.org.id, chat, "ещё одно")
    assert r.status_code == 429 and error_code(r) == "rate_limited"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert r.json()["error"]["fields"] == {"limit": "5", "role": "student"}
    assert "5 messages a minute" in r.json()["error"]["message"]
    # Another student is counted apart; the teacher has the staff limit.
    assert post(s.students[1].client(server), s.org.id, chat).status_code == 201
    teacher = s.teacher.client(server)
    for i in range(7):
        assert post(teacher, s.org.id, chat, f"объявление {i}").status_code == 201
    r = post(teacher, s.org.id, chat, "ещё объявление")
    assert r.status_code == 429 and r.json()["error"]["fields"]["role"] == "staff"
    # A parent writes up to the parents' limit (30), far more than a student.
    mum = s.parents[0].client(server)
    parents = s.chat_of_kind(mum, "class_parents")["id"]
    for i in range(8):
        assert post(mum, s.org.id, parents, f"вопрос {i}").status_code == 201
    clock.advance(61)
    assert post(student, s.org.id, chat, "снова можно").status_code == 201


def test_the_memory_window_slides() -> None:
    limiter = MemoryLimiter()

    async def go() -> list[float]:
        return [await limiter.hit("k", 2, 60, t) for t in (0.0, 1.0, 2.0, 59.0, 60.5, 61.5)]

    assert asyncio.run(go()) == [0.0, 0.0, 58.0, 1.0, 0.0, 0.0]


def _redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


def test_nodes_share_one_count_through_redis() -> None:
    if not _redis_answers():
        pytest.skip(f"nothing answers at {REDIS_URL}")
    from redis.asyncio import Redis

    key = f"parta:rate:test:{uuid.uuid4().hex}"

    async def go() -> list[float]:
        # Two limiters with their own connections: two nodes of one cluster.
        a = RedisLimiter(Redis.from_url(REDIS_URL))
        b = RedisLimiter(Redis.from_url(REDIS_URL))
        try:
            got = [
                await a.hit(key, 3, 60, 100.0),
                await b.hit(key, 3, 60, 101.0),
                await a.hit(key, 3, 60, 102.0),
                await b.hit(key, 3, 60, 103.0),  # the fourth, on either node: refused
                await a.hit(key, 3, 60, 160.5),  # the first has left the window
            ]
            return got
        finally:
            await a.close()
            await b.close()

    got = asyncio.run(go())
    assert got[:3] == [0.0, 0.0, 0.0]
    assert got[3] == pytest.approx(57.0)
    assert got[4] == 0.0
