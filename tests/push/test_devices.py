"""Devices are their owner's alone; the VAPID keys are made once and shared by every node;
two nodes sending at once push each message once."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from parta.db import make_sessionmaker, transaction
from parta.kit.clock import clock
from parta.models import PushVapidKey
from parta.push import vapid
from parta.push.queue import COALESCE_SECONDS
from parta.push.worker import PushWorker
from tests.builders import make_member, make_org
from tests.chats.helpers import make_school, post
from tests.harness import Api, LiveServer
from tests.push.helpers import payloads, pending, public_key, run_pushes, subscribe
from tests.push.receiver import Device, PushReceiver


def test_one_cannot_see_or_remove_anothers_devices(
    server: LiveServer, receiver: PushReceiver, anon: Api, allow_private: None
) -> None:
    org = make_org(server)
    ann_p, bob_p = make_member(server, org.id, "parent"), make_member(server, org.id, "parent")
    ann, bob = ann_p.client(server), bob_p.client(server)
    device = Device(receiver)
    mine = subscribe(ann, device)
    assert mine["this_session"] is True
    again = subscribe(ann, device)  # idempotent
    assert again["id"] == mine["id"]
    assert [d["id"] for d in ann.get("/me/push/subscriptions").json()] == [mine["id"]]
    assert bob.get("/me/push/subscriptions").json() == []
    r = bob.delete(f"/me/push/subscriptions/{mine['id']}")
    assert (r.status_code, r.json()["error"]["code"]) == (404, "not_found")
    assert bob.delete("/me/push/subscriptions/not-an-id").status_code == 404
    for method, path in (
        ("GET", "/me/push/subscriptions"),
        ("PUT", "/me/push/subscriptions"),
        ("DELETE", f"/me/push/subscriptions/{mine['id']}"),
        ("POST", "/me/push/test"),
        ("GET", "/me/notifications"),
        ("PATCH", "/me/notifications"),
        ("GET", "/push/vapid-key"),
    ):
        r = anon.request(method, path, json=device.subscription() if method == "PUT" else None)
        assert r.status_code == 401, (method, path, r.status_code)
    assert len(ann.get("/me/push/subscriptions").json()) == 1

    # The same browser signed in as Bob: the subscription is his now, not Ann's.
    moved = subscribe(bob, device)
    assert moved["id"] == mine["id"]
    assert ann.get("/me/push/subscriptions").json() == []
    assert bob.delete(f"/me/push/subscriptions/{mine['id']}").status_code == 204
    assert bob.get("/me/push/subscriptions").json() == []


def test_preferences_validation(server: LiveServer) -> None:
    org = make_org(server)
    api = make_member(server, org.id, "teacher").client(server)
    defaults = api.get("/me/notifications").json()
    assert defaults == {
        "push_messages": True,
        "push_mentions": True,
        "push_calls": True,
        "push_reminders": True,
        "push_previews": True,
        "digest": "off",
        "digest_next_at": None,
    }
    for body in ({"push_calls": None}, {"digest": "hourly"}, {"push_calls": "perhaps"}):
        r = api.patch("/me/notifications", json=body)
        assert r.status_code == 422, (body, r.text)
    r = api.patch("/me/notifications", json={"push_calls": False})
    assert r.json() == {**defaults, "push_calls": False}


def test_vapid_keys_are_made_once_and_every_node_signs_with_them(server: LiveServer) -> None:
    url = server.settings.resolved_database_url()

    async def _saved(db: AsyncSession) -> tuple[str, str, object] | None:
        row = await db.get(PushVapidKey, vapid.ROW_ID)
        return (row.private_key, row.public_key, row.created_at) if row else None

    async def _drop(db: AsyncSession) -> None:
        await db.execute(sa.delete(PushVapidKey))

    async def _two_nodes_at_once() -> tuple[vapid.Keys, vapid.Keys, int]:
        engines = [create_async_engine(url), create_async_engine(url)]
        try:
            vapid._keys.clear()

            async def _load(i: int) -> vapid.Keys:
                async with transaction(make_sessionmaker(engines[i])) as db:
                    return await vapid.load(db)

            a, b = await asyncio.gather(_load(0), _load(1))
            async with make_sessionmaker(engines[0])() as db:
                rows = (await db.execute(sa.select(sa.func.count(PushVapidKey.id)))).scalar_one()
            return a, b, int(rows)
        finally:
            for engine in engines:
                await engine.dispose()

    saved = server.db(_saved)
    server.db(_drop)
    try:
        a, b, rows = server.run(_two_nodes_at_once())
        assert a == b and rows == 1
        assert len(vapid.b64u_decode(a.public_key)) == 65
        assert len(vapid.b64u_decode(a.private_key)) == 32
    finally:
        # Put the installation's key back (devices of other tests are bound to it).
        server.db(_drop)
        if saved is not None:

            async def _restore(db: AsyncSession) -> None:
                db.add(
                    PushVapidKey(
                        id=vapid.ROW_ID,
                        private_key=saved[0],
                        public_key=saved[1],
                        created_at=saved[2],
                    )
                )

            server.db(_restore)
        vapid._keys.clear()


def test_two_nodes_sending_at_once_push_once(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    device = Device(receiver)
    subscribe(ann, device)
    post(teacher, s.org.id, s.chat_of_kind(teacher, "class")["id"], "Один раз")
    clock.advance(COALESCE_SECONDS + 1)
    other_node = PushWorker(server.app.state.sessionmaker)

    async def _both() -> None:
        try:
            await asyncio.gather(server.app.state.push_worker.step(), other_node.step())
        finally:
            await other_node.stop()

    server.run(_both())
    run_pushes(server)
    assert pending(server) == 0
    assert len(payloads(receiver, device, public_key(ann), 1)) == 1
