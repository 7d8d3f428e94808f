"""Voting: choose, change, take back; multiple choice; deadlines; closing; quizzes; options
added by voters; deleted polls."""

from __future__ import annotations

import threading

from parta.kit.clock import clock
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.polls.helpers import (
    chat_id_of,
    code,
    counts,
    create,
    in_future,
    mine,
    poll_in_history,
    vote,
    voted,
)


def test_vote_change_and_take_back(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(teacher, s.org.id, chat_id)
    poll = msg["poll"]
    fri, sat = (o["id"] for o in poll["options"])
    mine_a = voted(a, s.org.id, poll["id"], fri)
    assert counts(mine_a) == [1, 0] and mine(mine_a) == [True, False]
    assert mine_a["total_voters"] == 1
    mine_b = voted(b, s.org.id, poll["id"], fri)
    assert counts(mine_b) == [2, 0] and mine(mine_b) == [True, False]
    # Changing my mind moves my vote; the same vote again changes nothing.
    changed = voted(a, s.org.id, poll["id"], sat)
    assert counts(changed) == [1, 1] and mine(changed) == [False, True]
    assert counts(voted(a, s.org.id, poll["id"], sat)) == [1, 1]
    # Everyone sees the counts; only I see my marks.
    seen_by_teacher = poll_in_history(teacher, s.org.id, chat_id, msg["id"])["poll"]
    assert counts(seen_by_teacher) == [1, 1] and mine(seen_by_teacher) == [False, False]
    seen_by_b = poll_in_history(b, s.org.id, chat_id, msg["id"])["poll"]
    assert mine(seen_by_b) == [True, False] and seen_by_b["total_voters"] == 2
    # [] takes my vote back.
    back = voted(a, s.org.id, poll["id"])
    assert counts(back) == [1, 0] and mine(back) == [False, False] and back["total_voters"] == 1


def test_single_choice_and_unknown_options_are_refused(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher, a = s.teacher.client(server), s.students[0].client(server)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(teacher, s.org.id, chat_id)["poll"]
    other = create(teacher, s.org.id, chat_id)["poll"]
    ids = [o["id"] for o in poll["options"]]
    r = vote(a, s.org.id, poll["id"], *ids)
    assert r.status_code == 422 and code(r) == "single_choice"
    r = vote(a, s.org.id, poll["id"], other["options"][0]["id"])
    assert r.status_code == 422 and code(r) == "bad_option"
    r = vote(a, s.org.id, poll["id"], "not an id\x00")
    assert r.status_code == 422 and code(r) == "bad_option"
    r = a.put(f"/orgs/{s.org.id}/polls/{poll['id']}/vote", json={"option_ids": "x"})
    assert r.status_code == 422
    r = a.put(f"/orgs/{s.org.id}/polls/{poll['id']}/vote", json={"option_ids": ids * 6})
    assert r.status_code == 422
    assert counts(voted(a, s.org.id, poll["id"])) == [0, 0]


def test_multiple_choice_counts_distinct_voters(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(
        teacher, s.org.id, chat_id, options=["Математика", "Физика", "Химия"], multiple=True
    )["poll"]
    m, f, c = (o["id"] for o in poll["options"])
    first = voted(a, s.org.id, poll["id"], m, f)
    assert counts(first) == [1, 1, 0] and mine(first) == [True, True, False]
    assert first["total_voters"] == 1
    second = voted(b, s.org.id, poll["id"], f, c, f)  # a repeated id counts once
    assert counts(second) == [1, 2, 1] and second["total_voters"] == 2
    changed = voted(a, s.org.id, poll["id"], c)
    assert counts(changed) == [0, 1, 2] and changed["total_voters"] == 2


def test_the_deadline_closes_the_poll(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher, a = s.teacher.client(server), s.students[0].client(server)
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(teacher, s.org.id, chat_id, deadline=in_future(600), allow_add_options=True)
    poll = msg["poll"]
    voted(a, s.org.id, poll["id"], poll["options"][0]["id"])
    clock.advance(601)
    r = vote(a, s.org.id, poll["id"], poll["options"][1]["id"])
    assert r.status_code == 409 and code(r) == "poll_closed"
    r = a.post(f"/orgs/{s.org.id}/polls/{poll['id']}/options", json={"text": "Позже"})
    assert r.status_code == 409 and code(r) == "poll_closed"
    seen = poll_in_history(a, s.org.id, chat_id, msg["id"])["poll"]
    assert seen["closed"] is True and counts(seen) == [1, 0] and mine(seen) == [True, False]


def test_author_or_moderator_closes_early_others_cannot(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    by_student = create(a, s.org.id, chat_id)["poll"]
    by_teacher = create(teacher, s.org.id, chat_id)["poll"]
    for poll in (by_student, by_teacher):
        r = b.post(f"/orgs/{s.org.id}/polls/{poll['id']}/close")
        assert r.status_code == 403 and code(r) == "close_not_allowed"
    r = a.post(f"/orgs/{s.org.id}/polls/{by_teacher['id']}/close")
    assert r.status_code == 403
    # The author closes their own poll; the teacher (the class chat's owner) anyone's.
    own = a.post(f"/orgs/{s.org.id}/polls/{by_student['id']}/close")
    assert own.status_code == 200 and own.json()["closed"] is True
    r = teacher.post(f"/orgs/{s.org.id}/polls/{by_teacher['id']}/close")
    assert r.status_code == 200 and r.json()["closed"] is True
    third = create(a, s.org.id, chat_id)["poll"]
    r = teacher.post(f"/orgs/{s.org.id}/polls/{third['id']}/close")
    assert r.status_code == 200 and r.json()["closed"] is True
    # Closing again changes nothing; voting is over.
    assert teacher.post(f"/orgs/{s.org.id}/polls/{third['id']}/close").status_code == 200
    r = vote(b, s.org.id, third["id"], third["options"][0]["id"])
    assert r.status_code == 409 and code(r) == "poll_closed"
    r = vote(b, s.org.id, third["id"])
    assert r.status_code == 409 and code(r) == "poll_closed"


def test_quiz_answer_is_revealed_after_voting_or_closing_and_is_final(
    server: LiveServer,
) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(
        teacher,
        s.org.id,
        chat_id,
        question="Столица Австралии?",
        options=["Сидней", "Канберра", "Мельбурн"],
        quiz=True,
        correct_option=1,
    )
    poll = msg["poll"]
    sydney, canberra, _ = (o["id"] for o in poll["options"])
    before = poll_in_history(a, s.org.id, chat_id, msg["id"])["poll"]
    assert [o["correct"] for o in before["options"]] == [None, None, None]
    answered = voted(a, s.org.id, poll["id"], sydney)
    assert [o["correct"] for o in answered["options"]] == [False, True, False]
    # A quiz answer is final: neither changed nor taken back.
    r = vote(a, s.org.id, poll["id"], canberra)
    assert r.status_code == 409 and code(r) == "quiz_answered"
    r = vote(a, s.org.id, poll["id"])
    assert r.status_code == 409 and code(r) == "quiz_answered"
    assert voted(a, s.org.id, poll["id"], sydney)["options"][0]["mine"] is True  # same: fine
    # Someone who has not answered still does not see it, nor does the history's neutral view.
    unanswered = poll_in_history(b, s.org.id, chat_id, msg["id"])["poll"]
    assert [o["correct"] for o in unanswered["options"]] == [None, None, None]
    assert counts(unanswered) == [1, 0, 0]
    mine_again = poll_in_history(a, s.org.id, chat_id, msg["id"])["poll"]
    assert [o["correct"] for o in mine_again["options"]] == [False, True, False]
    # Once closed, everyone sees it.
    assert teacher.post(f"/orgs/{s.org.id}/polls/{poll['id']}/close").status_code == 200
    closed = poll_in_history(b, s.org.id, chat_id, msg["id"])["poll"]
    assert [o["correct"] for o in closed["options"]] == [False, True, False]


def test_voters_add_options_when_allowed(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(teacher, s.org.id, chat_id, allow_add_options=True)["poll"]
    url = f"/orgs/{s.org.id}/polls/{poll['id']}/options"
    r = a.post(url, json={"text": "  В воскресенье "})
    assert r.status_code == 200, r.text
    added = r.json()
    assert [o["text"] for o in added["options"]] == ["В пятницу", "В субботу", "В воскресенье"]
    # Another voter can choose it; duplicates (any case) are refused.
    assert counts(voted(b, s.org.id, poll["id"], added["options"][2]["id"])) == [0, 0, 1]
    r = b.post(url, json={"text": "в ВОСКРЕСЕНЬЕ"})
    assert r.status_code == 409 and code(r) == "duplicate_option"
    for bad in ({"text": ""}, {"text": "   "}, {"text": "x" * 101}, {}, {"text": 5}):
        assert b.post(url, json=bad).status_code == 422, bad
    for i in range(7):
        assert b.post(url, json={"text": f"Вариант {i}"}).status_code == 200
    r = b.post(url, json={"text": "Одиннадцатый"})
    assert r.status_code == 409 and code(r) == "too_many_options"
    closed_poll = create(teacher, s.org.id, chat_id)["poll"]
    r = a.post(f"/orgs/{s.org.id}/polls/{closed_poll['id']}/options", json={"text": "Новый"})
    assert r.status_code == 403 and code(r) == "add_options_off"


def test_a_deleted_poll_takes_no_votes(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher, a = s.teacher.client(server), s.students[0].client(server)
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(teacher, s.org.id, chat_id, allow_add_options=True)
    poll = msg["poll"]
    voted(a, s.org.id, poll["id"], poll["options"][0]["id"])
    r = teacher.delete(f"/orgs/{s.org.id}/chats/{chat_id}/messages/{msg['id']}")
    assert r.status_code == 204
    r = vote(a, s.org.id, poll["id"], poll["options"][1]["id"])
    assert r.status_code == 409 and code(r) == "message_deleted"
    r = a.post(f"/orgs/{s.org.id}/polls/{poll['id']}/options", json={"text": "Ещё"})
    assert r.status_code == 409 and code(r) == "message_deleted"
    r = teacher.post(f"/orgs/{s.org.id}/polls/{poll['id']}/close")
    assert r.status_code == 409 and code(r) == "message_deleted"
    r = teacher.get(f"/orgs/{s.org.id}/polls/{poll['id']}/results.csv")
    assert r.status_code == 409 and code(r) == "message_deleted"
    gone = poll_in_history(a, s.org.id, chat_id, msg["id"])
    assert gone["deleted"] is True and gone["poll"] is None and gone["body"] == ""


def test_concurrent_votes_are_counted_exactly(server: LiveServer) -> None:
    s = make_school(server, students=8)
    teacher = s.teacher.client(server)
    voters = [p.client(server) for p in s.students]
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(teacher, s.org.id, chat_id, multiple=True)
    poll = msg["poll"]
    fri, sat = (o["id"] for o in poll["options"])
    errors: list[str] = []

    def go(i: int) -> None:
        for choice in ([fri], [fri, sat], [sat] if i % 2 else [fri]):
            r = vote(voters[i], s.org.id, poll["id"], *choice)
            if r.status_code != 200:
                errors.append(r.text)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(voters))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seen = poll_in_history(teacher, s.org.id, chat_id, msg["id"])["poll"]
    assert counts(seen) == [4, 4] and seen["total_voters"] == 8
