"""A chat's moderators see the hand-ins of tasks other teachers set there."""

from __future__ import annotations

from tests.assignments.helpers import create, handed_in, message_in_history, submissions
from tests.builders import make_member
from tests.chats.helpers import error_code, make_group, make_school
from tests.harness import LiveServer


def test_the_chat_owner_sees_counts_and_hand_ins_but_cannot_close(server: LiveServer) -> None:
    s = make_school(server)
    owner = s.teacher.client(server)
    colleague = make_member(server, s.org.id, "teacher")
    group = make_group(owner, s.org.id, [colleague, *s.students], title="Физика 5А")
    author = colleague.client(server)
    msg = create(author, s.org.id, group["id"], title="Опыт с маятником")
    task_id = msg["assignment"]["id"]
    ann = s.students[0].client(server)
    handed_in(ann, s.org.id, task_id, [], comment="Период 2 с")
    # Students are expected; the owner and the author (teachers) are not.
    seen = message_in_history(owner, s.org.id, group["id"], msg["id"])["assignment"]
    assert (seen["submitted"], seen["expected"]) == (1, 2)
    listing = submissions(owner, s.org.id, task_id)
    assert {r["account_id"] for r in listing["students"]} == {p.account_id for p in s.students}
    # The work itself is the author's: no archive for the owner, and no close.
    r = owner.get(f"/orgs/{s.org.id}/assignments/{task_id}/archive.zip")
    assert r.status_code == 403 and error_code(r) == "not_assignment_author"
    r = owner.post(f"/orgs/{s.org.id}/assignments/{task_id}/close")
    assert r.status_code == 403 and error_code(r) == "not_assignment_author"
    assert author.post(f"/orgs/{s.org.id}/assignments/{task_id}/close").status_code == 200
