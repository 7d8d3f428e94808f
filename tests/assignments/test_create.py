"""Posting a homework task: who may, what the chat sees."""

from __future__ import annotations

from parta.kit.clock import clock
from tests.assignments.helpers import create, in_hours, message_in_history, try_create
from tests.builders import make_member, make_org
from tests.chats.helpers import error_code, make_school, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_teacher_posts_a_task_and_the_class_sees_it_live(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    ws = EventClient(server.url, token_of(student))
    try:
        msg = create(teacher, s.org.id, chat_id, deadline=in_hours(24))
        ev = ws.wait_for(lambda e: e["type"] == "message.new")
    finally:
        ws.close()
    task = msg["assignment"]
    assert msg["body"] == "Не меньше двух страниц."
    assert task["title"] == "Сочинение «Как я провёл лето»" and task["closed"] is False
    assert task["deadline"] is not None
    # The author sees the counts: two students expected, nobody has handed in.
    assert (task["submitted"], task["expected"]) == (0, 2)
    # The event is the neutral view: the task, no counts, nothing personal.
    seen = ev["data"]["assignment"]
    assert ev["data"]["id"] == msg["id"] and seen["id"] == task["id"]
    assert seen["title"] == task["title"]
    assert (seen["submitted"], seen["expected"], seen["my_submitted_at"]) == (None, None, None)
    # A student's view from history: the task without counts.
    mine = message_in_history(student, s.org.id, chat_id, msg["id"])["assignment"]
    assert (mine["submitted"], mine["expected"], mine["my_submitted_at"]) == (None, None, None)


def test_empty_description_and_retry_by_client_id(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    first = try_create(teacher, s.org.id, chat_id, client_id="task-1", body="")
    again = try_create(teacher, s.org.id, chat_id, client_id="task-1", body="")
    assert first.status_code == 201 and again.status_code == 200, (first.text, again.text)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["body"] == ""
    # A retry after the deadline has passed still returns the stored task.
    body = {"client_id": "task-2", "deadline": in_hours(1)}
    first = try_create(teacher, s.org.id, chat_id, **body)
    clock.advance(2 * 3600)
    again = try_create(teacher, s.org.id, chat_id, **body)
    assert first.status_code == 201 and again.status_code == 200, again.text
    assert again.json()["assignment"]["id"] == first.json()["assignment"]["id"]


def test_only_verified_staff_post_tasks(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    chat_id = s.chat_of_kind(student, "class")["id"]
    r = try_create(student, s.org.id, chat_id)
    assert r.status_code == 403 and error_code(r) == "assignment_not_allowed"
    parent = s.parents[0].client(server)
    parents_chat = s.chat_of_kind(parent, "class_parents")["id"]
    r = try_create(parent, s.org.id, parents_chat)
    assert r.status_code == 403 and error_code(r) == "assignment_not_allowed"
    # An unverified teacher in a group chat has student-level rights.
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    teacher = s.teacher.client(server)
    group = teacher.post(
        f"/orgs/{s.org.id}/chats",
        json={"title": "Кружок", "member_ids": [unverified.account_id]},
    )
    assert group.status_code == 201, group.text
    r = try_create(unverified.client(server), s.org.id, group.json()["id"])
    assert r.status_code == 403 and error_code(r) == "assignment_not_allowed"


def test_input_is_checked(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    r = try_create(teacher, s.org.id, chat_id, title="   ")
    assert r.status_code == 422 and error_code(r) == "empty_title"
    r = try_create(teacher, s.org.id, chat_id, deadline=in_hours(-1))
    assert r.status_code == 422 and error_code(r) == "deadline_passed"
    r = try_create(teacher, s.org.id, chat_id, title="x" * 301)
    assert r.status_code == 422
    r = try_create(teacher, s.org.id, chat_id, deadline="not a date")
    assert r.status_code == 422
    r = try_create(teacher, s.org.id, chat_id, attachment_ids=["01ARZ3NDEKTSV4RRFFQ69G5FAV"])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"


def test_outsiders_get_404(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task = create(teacher, s.org.id, chat_id)["assignment"]
    # The other class's teacher is not in the chat.
    other = s.other_teacher.client(server)
    assert try_create(other, s.org.id, chat_id).status_code == 404
    for path in ("submissions", "submission", "archive.zip"):
        r = other.get(f"/orgs/{s.org.id}/assignments/{task['id']}/{path}")
        assert r.status_code == 404, (path, r.text)
    assert other.post(f"/orgs/{s.org.id}/assignments/{task['id']}/close").status_code == 404
    # An administrator of another organisation: neither in B's org, nor with A's org id.
    intruder_org = make_org(server)
    intruder = intruder_org.admin.client(server)
    assert try_create(intruder, s.org.id, chat_id).status_code == 404
    assert try_create(intruder, intruder_org.id, chat_id).status_code == 404
    for org_id in (s.org.id, intruder_org.id):
        r = intruder.get(f"/orgs/{org_id}/assignments/{task['id']}/submissions")
        assert r.status_code == 404
        r = intruder.put(
            f"/orgs/{org_id}/assignments/{task['id']}/submission",
            json={"comment": "x", "attachment_ids": []},
        )
        assert r.status_code == 404
