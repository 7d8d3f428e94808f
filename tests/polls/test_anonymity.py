"""Anonymous polls: nobody — the author, a moderator, an organisation administrator —
learns who voted for what, through any response, event, export or the sync log."""

from __future__ import annotations

import json
from typing import Any

from parta.kit.clock import utcnow
from tests.builders import Person
from tests.chats.helpers import make_school, token_of
from tests.harness import Api, LiveServer
from tests.polls.helpers import chat_id_of, counts, create, poll_in_history, voted
from tests.realtime.client import Event, EventClient

POLL_EVENTS = ("poll.updated", "poll.mine")


def _poll_related(events: list[Event], message_id: str) -> list[Event]:
    out = []
    for e in events:
        if e["type"] in POLL_EVENTS or (
            e["type"] in ("message.new", "message.edited") and e["data"].get("id") == message_id
        ):
            out.append(e)
    return out


def _leaks(data: Any, secrets: dict[str, str]) -> list[str]:
    text = json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data
    return [label for label, secret in secrets.items() if secret in text]


def test_nobody_learns_who_voted_for_what(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)  # the poll's author, a moderator, the org's admin
    teacher = s.teacher.client(server)
    student = s.students[0].client(server)
    channel = chat_id_of(s, admin, "channel")
    voters: list[Person] = [*s.students, s.parents[0], s.other_teacher]
    clients: dict[str, Api] = {p.account_id: p.client(server) for p in voters}
    secrets = {f"{p.name} id": p.account_id for p in voters} | {p.name: p.name for p in voters}
    start_seq = s.chat_of_kind(admin, "channel")["seq"]
    since = utcnow().isoformat()
    watchers = {
        "admin": EventClient(server.url, token_of(admin)),
        "teacher": EventClient(server.url, token_of(teacher)),
        "voter": EventClient(server.url, token_of(clients[s.students[1].account_id])),
    }
    seen: list[Any] = []
    try:
        msg = create(admin, s.org.id, channel, options=["Да", "Нет"], allow_add_options=True)
        seen.append(msg)
        poll = msg["poll"]
        yes, no = (o["id"] for o in poll["options"])
        url = f"/orgs/{s.org.id}/polls/{poll['id']}"
        # Votes, a changed vote, a vote taken back, an option added by a voter.
        for i, p in enumerate(voters):
            seen.append(voted(clients[p.account_id], s.org.id, poll["id"], yes if i % 2 else no))
        seen.append(voted(clients[s.students[0].account_id], s.org.id, poll["id"], yes))
        seen.append(voted(clients[s.parents[0].account_id], s.org.id, poll["id"]))
        r = clients[s.students[1].account_id].post(f"{url}/options", json={"text": "Не знаю"})
        assert r.status_code == 200, r.text
        seen.append(r.json())
        final = r.json()
        assert counts(final) == [3, 0, 0] and final["total_voters"] == 3
        # Everything each kind of viewer can read about the poll.
        for api in (admin, teacher, student, *clients.values()):
            seen.append(poll_in_history(api, s.org.id, channel, msg["id"]))
        synced = admin.get("/sync", params={"cursors": f"{channel}:{start_seq}"})
        assert synced.status_code == 200, synced.text
        sync_events = [e for e in synced.json()["events"] if e["chat_id"] == channel]
        assert {e["type"] for e in sync_events} <= {"message.new", "poll.updated"}
        assert len([e for e in sync_events if e["type"] == "poll.updated"]) == 7
        seen.append(sync_events)
        seen.append(next(c for c in synced.json()["chats"] if c["id"] == channel))
        closed = admin.post(f"{url}/close")
        assert closed.status_code == 200 and closed.json()["closed"] is True
        seen.append(closed.json())
        seen.append(poll_in_history(admin, s.org.id, channel, msg["id"]))
        csv = admin.get(f"{url}/results.csv")
        assert csv.status_code == 200, csv.text
        text = csv.content.decode("utf-8-sig")
        assert "Да;3" in text.splitlines() and "Проголосовало;3" in text.splitlines()
        seen.append(text)
        audit = admin.get(f"/orgs/{s.org.id}/audit", params={"since": since})
        assert audit.status_code == 200, audit.text
        seen.append(audit.json())
        live: dict[str, list[Event]] = {}
        for who, ws in watchers.items():
            ws.wait_for(lambda e: e["type"] == "poll.updated" and e["data"]["poll"]["closed"])
            live[who] = _poll_related(ws.seen + ws.drain(), msg["id"])
            seen.append(live[who])
    finally:
        for ws in watchers.values():
            ws.close()
    leaks = [(i, label) for i, item in enumerate(seen) for label in _leaks(item, secrets)]
    assert leaks == [], leaks

    # The poll itself reached everyone live; "mine" only the voter's own devices.
    assert [e for e in live["admin"] if e["type"] == "poll.mine"] == []
    assert [e for e in live["teacher"] if e["type"] == "poll.mine"] == []
    own = [e["data"]["option_ids"] for e in live["voter"] if e["type"] == "poll.mine"]
    assert own == [[yes]]
    for who in watchers:
        assert all(
            o["voters"] is None
            for e in live[who]
            if e["type"] == "poll.updated"
            for o in e["data"]["poll"]["options"]
        )


def test_public_polls_list_voters_by_name(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(teacher, s.org.id, chat_id, anonymous=False, multiple=True)
    poll = msg["poll"]
    fri, sat = (o["id"] for o in poll["options"])
    voted(a, s.org.id, poll["id"], fri, sat)
    after = voted(b, s.org.id, poll["id"], sat)
    assert after["options"][0]["voters"] == [s.students[0].name]
    assert sorted(after["options"][1]["voters"]) == sorted(p.name for p in s.students)
    seen = poll_in_history(teacher, s.org.id, chat_id, msg["id"])["poll"]
    assert seen["options"] == [{**o, "mine": False} for o in after["options"]]
    # Names, not account ids.
    assert not _leaks(seen, {p.name: p.account_id for p in s.students})
