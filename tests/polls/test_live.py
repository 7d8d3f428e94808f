"""Results update live: every member gets the numbered poll.updated; the voter's own
devices get poll.mine."""

from __future__ import annotations

from tests.chats.helpers import make_school, token_of
from tests.harness import LiveServer
from tests.polls.helpers import chat_id_of, create, voted
from tests.realtime.client import EventClient


def test_members_see_the_poll_and_its_counts_live(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    watcher = EventClient(server.url, token_of(b))
    voter = EventClient(server.url, token_of(a))
    try:
        msg = create(teacher, s.org.id, chat_id, anonymous=False, quiz=True, correct_option=0)
        new = watcher.wait_for(lambda e: e["type"] == "message.new")
        assert new["data"]["id"] == msg["id"] and new["data"]["poll"]["id"] == msg["poll"]["id"]
        poll = msg["poll"]
        right = poll["options"][0]["id"]
        mine = voted(a, s.org.id, poll["id"], right)
        assert mine["options"][0]["correct"] is True  # I answered: I see it
        ev = watcher.wait_for(lambda e: e["type"] == "poll.updated")
        assert ev["chat_id"] == chat_id and ev["seq"] > new["seq"]
        assert ev["data"]["message_id"] == msg["id"]
        live = ev["data"]["poll"]
        assert [o["votes"] for o in live["options"]] == [1, 0] and live["total_voters"] == 1
        assert [o["voters"] for o in live["options"]] == [[s.students[0].name], []]
        # The neutral view: no one's marks, and the quiz answer stays hidden while open.
        assert [o["mine"] for o in live["options"]] == [False, False]
        assert [o["correct"] for o in live["options"]] == [None, None]
        own = voter.wait_for(lambda e: e["type"] == "poll.mine")
        assert own["data"] == {
            "message_id": msg["id"],
            "poll_id": poll["id"],
            "option_ids": [right],
        }
        assert "seq" not in own
        assert teacher.post(f"/orgs/{s.org.id}/polls/{poll['id']}/close").status_code == 200
        closed = watcher.wait_for(lambda e: e["type"] == "poll.updated")
        assert closed["seq"] == ev["seq"] + 1 and closed["data"]["poll"]["closed"] is True
        assert [o["correct"] for o in closed["data"]["poll"]["options"]] == [True, False]
        # Nobody else's "mine" ever reached the watcher.
        assert not [e for e in watcher.drain() if e["type"] == "poll.mine"]
    finally:
        watcher.close()
        voter.close()
