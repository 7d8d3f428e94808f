"""The per-person flood limit on sending messages."""

from __future__ import annotations

import uuid

from parta.chats.flood import MESSAGES_PER_WINDOW, SlidingWindow
from parta.kit.clock import clock
from tests.chats.helpers import error_code, make_school, post
from tests.harness import LiveServer


def test_sliding_window() -> None:
    window = SlidingWindow(3, 10.0)
    assert [window.hit("a", t) for t in (0.0, 1.0, 2.0)] == [0.0, 0.0, 0.0]
    assert window.hit("a", 3.0) == 7.0  # the hit at 0.0 leaves the window at 10.0
    assert window.hit("b", 3.0) == 0.0  # per key
    assert window.hit("a", 10.0) == 0.0
    assert window.hit("a", 10.5) == 0.5  # refused hits are not counted
    assert window.hit("a", 11.0) == 0.0


def test_flooding_is_refused_with_retry_after(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    chat_id = s.chat_of_kind(student, "class")["id"]
    url = f"/orgs/{s.org.id}/chats/{chat_id}/messages"
    first = {"client_id": str(uuid.uuid4()), "body": "раз"}
    assert student.post(url, json=first).status_code == 201
    for i in range(MESSAGES_PER_WINDOW - 1):
        assert post(student, s.org.id, chat_id, f"сообщение {i}").status_code == 201
    r = post(student, s.org.id, chat_id, "ещё одно")
    assert r.status_code == 429 and error_code(r) == "flood"
    assert 1 <= int(r.headers["Retry-After"]) <= 10
    # A retry of a message already sent is not a new message: it still answers.
    assert student.post(url, json=first).status_code == 200
    # Other people are not held back, and verified staff are not limited.
    assert post(s.students[1].client(server), s.org.id, chat_id).status_code == 201
    teacher = s.teacher.client(server)
    for i in range(MESSAGES_PER_WINDOW + 5):
        assert post(teacher, s.org.id, chat_id, f"объявление {i}").status_code == 201
    clock.advance(11)
    assert post(student, s.org.id, chat_id, "снова можно").status_code == 201
