"""Quiet hours with the test clock: messages are delivered at once, pushes and e-mail
digests wait until the quiet hours end and then go out; the chat says until when; chats
choose their own; teachers' working hours are shown on their profile and in direct chats."""

from __future__ import annotations

import time
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.digests.job import send_due_digests
from parta.kit.clock import clock
from parta.models import NotifyPrefs, PushJob
from parta.push.queue import COALESCE_SECONDS
from tests.chats.helpers import error_code, make_school, open_direct, post
from tests.harness import Api, LiveServer, body_of
from tests.push.helpers import payloads, public_key, subscribe
from tests.push.receiver import Device, PushReceiver
from tests.safety.helpers import MOSCOW, quiet_on, to_local

DAY = 24 * 3600


def step_pushes(server: LiveServer) -> None:
    """Let the coalescing wait pass and run the push worker as the app does."""
    clock.advance(COALESCE_SECONDS + 1)
    for _ in range(3):
        server.run(server.app.state.push_worker.step())
        time.sleep(0.05)


def queued(server: LiveServer, chat_id: str) -> list[datetime]:
    async def _due(db: AsyncSession) -> list[datetime]:
        stmt = sa.select(PushJob.due_at).where(PushJob.chat_id == chat_id)
        return list((await db.execute(stmt)).scalars())

    return server.db(_due)


def notice(api: Api, org_id: str, chat_id: str) -> dict[str, object]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/safety")
    assert r.status_code == 200, r.text
    data: dict[str, object] = r.json()
    return data


def test_a_push_waits_for_the_end_of_quiet_hours(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    quiet_on(admin, s.org.id)
    parent = s.parents[0].client(server)
    device = Device(receiver)
    subscribe(parent, device)
    chat = s.chat_of_kind(teacher, "class_parents")["id"]

    to_local(20, 0)
    r = post(teacher, s.org.id, chat, "Завтра экскурсия, не забудьте форму")
    assert r.status_code == 201  # written and delivered in the app at once
    seen = parent.get(f"/orgs/{s.org.id}/chats/{chat}/messages").json()["messages"]
    assert seen[-1]["body"] == "Завтра экскурсия, не забудьте форму"
    step_pushes(server)
    assert receiver.received(device) == []
    [due] = queued(server, chat)
    local = due.astimezone(MOSCOW)
    assert (local.hour, local.minute) == (8, 0)

    to_local(8, 1)
    step_pushes(server)
    [push] = payloads(receiver, device, public_key(parent), count=1)
    assert push["body"].endswith("Завтра экскурсия, не забудьте форму")
    assert queued(server, chat) == []


def test_outside_quiet_hours_and_in_other_chats_pushes_go_at_once(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    quiet_on(admin, s.org.id)  # parents' chats only
    student = s.students[0].client(server)
    device = Device(receiver)
    subscribe(student, device)
    to_local(21, 0)
    chat = s.chat_of_kind(teacher, "class")["id"]
    assert post(teacher, s.org.id, chat, "Домашнее задание: №5").status_code == 201
    step_pushes(server)
    assert len(payloads(receiver, device, public_key(student), count=1)) == 1


def test_a_digest_waits_for_the_end_of_quiet_hours(server: LiveServer) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    quiet_on(admin, s.org.id, start="17:00")
    parent = s.parents[0]
    r = parent.client(server).patch("/me/notifications", json={"digest": "daily"})
    assert r.status_code == 200, r.text
    clock.advance(DAY + 3600)  # the parent has not opened the app for over a day
    to_local(18, 30)  # past the digest's 18:00, inside the quiet hours
    chat = s.chat_of_kind(teacher, "class_parents")["id"]
    post(teacher, s.org.id, chat, f"<@{parent.account_id}>, позвоните мне, пожалуйста")

    assert server.run(send_due_digests(server.app.state.sessionmaker)) == 0

    async def _next(db: AsyncSession) -> datetime | None:
        prefs = await db.get(NotifyPrefs, parent.account_id)
        return prefs.digest_next_at if prefs else None

    due = server.db(_next)
    assert due is not None and due.astimezone(MOSCOW).hour == 8
    to_local(8, 5)
    assert server.run(send_due_digests(server.app.state.sessionmaker)) == 1
    mail = server.mailbox.wait_for(parent.email, "Парта: сводка за день")
    assert "позвоните мне, пожалуйста" in body_of(mail)
    after = server.db(_next)
    assert after is not None and after.astimezone(MOSCOW).hour == 18


def test_the_chat_says_until_when_and_moderators_choose(server: LiveServer) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    parent = s.parents[0].client(server)
    quiet_on(admin, s.org.id)
    parents_chat = s.chat_of_kind(teacher, "class_parents")["id"]
    class_chat = s.chat_of_kind(teacher, "class")["id"]
    direct = open_direct(parent, s.org.id, s.teacher).json()["id"]

    to_local(20, 0)
    got = notice(parent, s.org.id, parents_chat)
    assert got["quiet"] == {
        "active": True,
        "until": got["quiet"]["until"],  # type: ignore[index]
        "until_local": "08:00",
        "until_weekday": got["quiet"]["until_weekday"],  # type: ignore[index]
        "source": "org",
    }
    assert got["may_edit_quiet"] is False
    assert notice(parent, s.org.id, direct)["quiet"]["active"] is True  # type: ignore[index]
    assert notice(teacher, s.org.id, class_chat)["quiet"]["active"] is False  # type: ignore[index]

    # The class teacher (the chat's owner) switches them off for the parents' chat and sets
    # the class chat's own.
    url = f"/orgs/{s.org.id}/chats/{parents_chat}/quiet-hours"
    r = parent.put(url, json={"mode": "off"})
    assert r.status_code == 403 and error_code(r) == "not_moderator"
    assert teacher.put(url, json={"mode": "off"}).status_code == 200
    assert notice(parent, s.org.id, parents_chat)["quiet"]["active"] is False  # type: ignore[index]
    r = teacher.put(
        f"/orgs/{s.org.id}/chats/{class_chat}/quiet-hours",
        json={"mode": "custom", "start": "20:00", "end": "07:30", "days_off": [7]},
    )
    assert r.status_code == 200, r.text
    got = notice(s.students[0].client(server), s.org.id, class_chat)
    assert got["quiet"]["source"] == "chat" and got["quiet"]["until_local"] == "07:30"  # type: ignore[index]
    assert got["quiet_rule"]["mode"] == "custom"  # type: ignore[index]
    r = teacher.put(f"/orgs/{s.org.id}/chats/{direct}/quiet-hours", json={"mode": "off"})
    assert r.status_code == 403  # direct chats follow the organisation's hours
    r = teacher.put(url, json={"mode": "custom", "start": "25:00", "end": "07:00"})
    assert r.status_code == 422


def test_working_hours_on_the_profile_and_in_direct_chats(server: LiveServer) -> None:
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    url = f"/orgs/{s.org.id}/me/working-hours"
    assert teacher.get(url).json()["enabled"] is False
    body = {"days": [5, 1, 2, 3, 4, 1], "start": "09:00", "end": "17:00", "note": "Кроме каникул"}
    r = teacher.put(url, json=body)
    assert r.status_code == 200, r.text
    assert r.json()["days"] == [1, 2, 3, 4, 5]
    r = s.students[0].client(server).put(url, json=body)
    assert r.status_code == 403 and error_code(r) == "staff_only"
    r = teacher.put(url, json={**body, "start": "18:00"})
    assert r.status_code == 422 and error_code(r) == "bad_hours"

    profile = parent.get(f"/orgs/{s.org.id}/people/{s.teacher.account_id}/working-hours").json()
    assert (profile["enabled"], profile["start"], profile["end"]) == (True, "09:00", "17:00")
    assert profile["note"] == "Кроме каникул" and profile["timezone"] == "Europe/Moscow"
    to_local(10, 0, weekday=2)
    direct = open_direct(parent, s.org.id, s.teacher).json()["id"]
    shown = notice(parent, s.org.id, direct)["working_hours"]
    assert shown["account_id"] == s.teacher.account_id and shown["now_within"] is True  # type: ignore[index]
    to_local(20, 0)
    assert notice(parent, s.org.id, direct)["working_hours"]["now_within"] is False  # type: ignore[index]
    # The teacher does not see their own hours in the chat; a person without any: none.
    assert notice(teacher, s.org.id, direct)["working_hours"] is None
    assert teacher.delete(url).status_code == 204
    assert notice(parent, s.org.id, direct)["working_hours"] is None
