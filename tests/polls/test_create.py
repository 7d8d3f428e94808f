"""Creating polls: a poll is a message; what a poll may be; who may post one."""

from __future__ import annotations

import pytest

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.polls.helpers import (
    chat_id_of,
    code,
    create,
    in_future,
    in_past,
    poll_body,
    poll_in_history,
    try_create,
)


def test_poll_is_a_message_with_its_options(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = chat_id_of(s, teacher, "class")
    deadline = in_future(3600)
    msg = create(
        teacher,
        s.org.id,
        chat_id,
        question="  Куда поедем на экскурсию?  ",
        options=[" Музей ", "Планетарий", "Зоопарк"],
        multiple=True,
        anonymous=False,
        allow_add_options=True,
        deadline=deadline,
    )
    assert msg["body"] == "Куда поедем на экскурсию?"
    poll = msg["poll"]
    assert poll["question"] == "Куда поедем на экскурсию?"
    assert [o["text"] for o in poll["options"]] == ["Музей", "Планетарий", "Зоопарк"]
    assert poll["multiple"] and not poll["anonymous"] and not poll["quiz"]
    assert poll["allow_add_options"] and not poll["closed"]
    assert poll["total_voters"] == 0 and all(o["votes"] == 0 for o in poll["options"])
    assert all(o["voters"] == [] for o in poll["options"])  # public: an empty list, not None
    seen = poll_in_history(student, s.org.id, chat_id, msg["id"])
    assert seen["kind"] == "poll" and seen["poll"]["id"] == poll["id"]
    assert seen["poll"]["deadline"] is not None


def test_anonymous_is_the_default_and_voters_are_never_listed(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    poll = create(teacher, s.org.id, chat_id_of(s, teacher, "class"))["poll"]
    assert poll["anonymous"] is True
    assert all(o["voters"] is None for o in poll["options"])


def test_retry_with_the_same_client_id_returns_the_stored_poll(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    body = poll_body()
    url = f"/orgs/{s.org.id}/chats/{chat_id}/polls"
    first, second = teacher.post(url, json=body), teacher.post(url, json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["poll"]["id"] == second.json()["poll"]["id"]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"options": ["Один"]}, "invalid"),
        ({"options": [f"Вариант {i}" for i in range(11)]}, "invalid"),
        ({"options": []}, "invalid"),
        ({"options": ["Да", " да "]}, "duplicate_options"),
        ({"options": ["ДА", "да", "Нет"]}, "duplicate_options"),
        ({"options": ["Да", "   "]}, "empty_option"),
        ({"options": ["Да", "x" * 101]}, "option_too_long"),
        ({"question": "   "}, "empty_question"),
        ({"question": "?" * 301}, "invalid"),
        ({"quiz": True, "multiple": True, "correct_option": 0}, "quiz_single_choice"),
        ({"quiz": True}, "quiz_correct_option"),
        ({"quiz": True, "correct_option": 2}, "quiz_correct_option"),
        ({"quiz": True, "correct_option": 0, "allow_add_options": True}, "quiz_add_options"),
        ({"correct_option": 0}, "not_a_quiz"),
        ({"deadline": in_past(60)}, "deadline_past"),
        ({"deadline": "2030-01-01T10:00:00"}, "invalid"),  # no time zone: ambiguous
        ({"deadline": "tomorrow"}, "invalid"),
        ({"options": "Да, Нет"}, "invalid"),
        ({"options": [1, 2]}, "invalid"),
        ({"multiple": "maybe"}, "invalid"),
    ],
)
def test_invalid_polls_are_refused_with_422(
    server: LiveServer, extra: dict[str, object], error: str
) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    r = try_create(teacher, s.org.id, chat_id, **extra)
    assert r.status_code == 422, r.text
    assert code(r) == error
    history = teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages").json()["messages"]
    assert not [m for m in history if m["kind"] == "poll"]


def test_ten_options_and_a_quiz_are_accepted(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    ten = create(teacher, s.org.id, chat_id, options=[f"Вариант {i}" for i in range(10)])
    assert len(ten["poll"]["options"]) == 10
    quiz = create(teacher, s.org.id, chat_id, quiz=True, correct_option=1)["poll"]
    assert quiz["quiz"] and not quiz["multiple"]
    assert all(o["correct"] is None for o in quiz["options"])  # not even to the author, yet


def test_who_may_create_follows_who_may_post(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    admin = s.org.admin.client(server)
    # Anyone who may post in the chat: a student in the class chat...
    create(student, s.org.id, chat_id_of(s, student, "class"))
    # ...but not in the read-only channel, where the administrator (a moderator) may.
    channel = chat_id_of(s, admin, "channel")
    r = try_create(student, s.org.id, channel)
    assert r.status_code == 403 and code(r) == "posting_not_allowed"
    create(admin, s.org.id, channel)
    # A student is not in the parents' chat: it does not exist for them.
    parents_chat = chat_id_of(s, teacher, "class_parents")
    assert try_create(student, s.org.id, parents_chat).status_code == 404
    # Nor is another class's chat, nor anything of another organisation.
    other = s.other_student.client(server)
    assert try_create(other, s.org.id, chat_id_of(s, teacher, "class")).status_code == 404
