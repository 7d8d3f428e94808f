"""Handing in: privately, with files; the teacher sees who has and who has not."""

from __future__ import annotations

import uuid

from tests.assignments.helpers import (
    create,
    download,
    hand_in,
    handed_in,
    message_in_history,
    submissions,
    upload,
)
from tests.chats.helpers import error_code, make_group, make_school, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_students_hand_in_privately_and_the_teacher_sees_who_has(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann, bob = (p.client(server) for p in s.students)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    msg = create(teacher, s.org.id, chat_id)
    task_id = msg["assignment"]["id"]
    essay = upload(ann, s.org.id, chat_id, "сочинение.txt", "Летом я ездил на море.".encode())
    teacher_ws = EventClient(server.url, token_of(teacher))
    ann_ws = EventClient(server.url, token_of(ann))
    bob_ws = EventClient(server.url, token_of(bob))
    try:
        mine = handed_in(ann, s.org.id, task_id, [essay["id"]], comment="Готово")
        counts = teacher_ws.wait_for(lambda e: e["type"] == "assignment.updated")
        own = ann_ws.wait_for(lambda e: e["type"] == "assignment.mine")
        # Nothing about Ann's hand-in reaches her classmate.
        assert not [e for e in bob_ws.drain(0.5) if e["type"].startswith("assignment")]
    finally:
        for ws in (teacher_ws, ann_ws, bob_ws):
            ws.close()
    assert counts["data"] == {
        "assignment_id": task_id,
        "message_id": msg["id"],
        "chat_id": chat_id,
        "submitted": 1,
        "expected": 2,
    }
    assert own["data"]["assignment_id"] == task_id and own["data"]["submitted_at"]
    assert mine["late"] is False and mine["comment"] == "Готово"
    assert [f["name"] for f in mine["files"]] == ["сочинение.txt"]
    file_url = mine["files"][0]["url"]

    # Ann sees her own hand-in; Bob has none and cannot read Ann's file.
    assert ann.get(f"/orgs/{s.org.id}/assignments/{task_id}/submission").status_code == 200
    r = bob.get(f"/orgs/{s.org.id}/assignments/{task_id}/submission")
    assert r.status_code == 404
    assert download(server, bob, file_url).status_code == 404
    assert download(server, ann, file_url).content == "Летом я ездил на море.".encode()
    assert download(server, teacher, file_url).content == "Летом я ездил на море.".encode()
    # A classmate cannot see the list; neither can the parents (not in the class chat).
    r = bob.get(f"/orgs/{s.org.id}/assignments/{task_id}/submissions")
    assert r.status_code == 403 and error_code(r) == "not_assignment_author"

    listing = submissions(teacher, s.org.id, task_id)
    assert (listing["submitted"], listing["expected"]) == (1, 2)
    rows = {row["account_id"]: row for row in listing["students"]}
    assert set(rows) == {s.students[0].account_id, s.students[1].account_id}
    assert rows[s.students[0].account_id]["submitted_at"] is not None
    assert rows[s.students[0].account_id]["comment"] == "Готово"
    assert rows[s.students[0].account_id]["name"] == s.students[0].name
    assert rows[s.students[1].account_id]["submitted_at"] is None
    assert rows[s.students[1].account_id]["files"] == []
    # Who has not handed in comes first.
    assert listing["students"][0]["account_id"] == s.students[1].account_id

    # The message shows Ann when she handed in, and the teacher the counts.
    seen = message_in_history(ann, s.org.id, chat_id, msg["id"])["assignment"]
    assert seen["my_submitted_at"] is not None and seen["submitted"] is None
    seen = message_in_history(bob, s.org.id, chat_id, msg["id"])["assignment"]
    assert seen["my_submitted_at"] is None
    seen = message_in_history(teacher, s.org.id, chat_id, msg["id"])["assignment"]
    assert (seen["submitted"], seen["expected"]) == (1, 2)


def test_files_must_be_my_own_pending_uploads(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann, bob = (p.client(server) for p in s.students)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task_id = create(teacher, s.org.id, chat_id)["assignment"]["id"]
    anns = upload(ann, s.org.id, chat_id, "a.txt", b"Ann's work")
    # Bob cannot hand in Ann's upload.
    r = hand_in(bob, s.org.id, task_id, [anns["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"
    # A file already sent in a message is not an upload any more.
    sent = upload(bob, s.org.id, chat_id, "b.txt", b"in a message")
    r = bob.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "attachment_ids": [sent["id"]]},
    )
    assert r.status_code == 201, r.text
    r = hand_in(bob, s.org.id, task_id, [sent["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"
    # An upload in another chat is not one for this task.
    group = make_group(teacher, s.org.id, [s.students[1]])
    elsewhere = upload(bob, s.org.id, group["id"], "c.txt", b"elsewhere")
    r = hand_in(bob, s.org.id, task_id, [elsewhere["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"
    for bad in (["nonsense"], ["01ARZ3NDEKTSV4RRFFQ69G5FAV"], ["\x00"]):
        r = hand_in(bob, s.org.id, task_id, bad)
        assert r.status_code == 422, r.text
    r = hand_in(bob, s.org.id, task_id, [], comment="  ")
    assert r.status_code == 422 and error_code(r) == "empty_submission"
    # Ann's file handed in once cannot be handed in again by Bob either.
    handed_in(ann, s.org.id, task_id, [anns["id"]])
    r = hand_in(bob, s.org.id, task_id, [anns["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"
    # Nothing of Bob's was stored.
    assert bob.get(f"/orgs/{s.org.id}/assignments/{task_id}/submission").status_code == 404


def test_handing_in_again_replaces_the_files(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann = s.students[0].client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task_id = create(teacher, s.org.id, chat_id)["assignment"]["id"]
    one = upload(ann, s.org.id, chat_id, "draft.txt", b"draft")
    two = upload(ann, s.org.id, chat_id, "pic.txt", b"picture")
    first = handed_in(ann, s.org.id, task_id, [one["id"], two["id"]])
    assert [f["name"] for f in first["files"]] == ["draft.txt", "pic.txt"]
    old_url = first["files"][0]["url"]
    final = upload(ann, s.org.id, chat_id, "final.txt", b"final")
    again = handed_in(ann, s.org.id, task_id, [final["id"], two["id"]], comment="v2")
    assert [f["name"] for f in again["files"]] == ["final.txt", "pic.txt"]
    assert again["updated_at"] is not None and again["submitted_at"] == first["submitted_at"]
    # The dropped draft is gone for everyone.
    assert download(server, ann, old_url).status_code == 404
    assert download(server, teacher, old_url).status_code == 404
    listing = submissions(teacher, s.org.id, task_id)
    row = next(r for r in listing["students"] if r["account_id"] == s.students[0].account_id)
    assert [f["name"] for f in row["files"]] == ["final.txt", "pic.txt"]
    assert row["comment"] == "v2"
    assert listing["submitted"] == 1


def test_withdraw_and_who_may_hand_in(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann = s.students[0].client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task_id = create(teacher, s.org.id, chat_id)["assignment"]["id"]
    f = upload(ann, s.org.id, chat_id, "a.txt", b"work")
    url = handed_in(ann, s.org.id, task_id, [f["id"]])["files"][0]["url"]
    assert ann.delete(f"/orgs/{s.org.id}/assignments/{task_id}/submission").status_code == 204
    assert ann.get(f"/orgs/{s.org.id}/assignments/{task_id}/submission").status_code == 404
    assert ann.delete(f"/orgs/{s.org.id}/assignments/{task_id}/submission").status_code == 404
    assert download(server, ann, url).status_code == 404
    assert submissions(teacher, s.org.id, task_id)["submitted"] == 0
    # The teacher does not hand in.
    r = hand_in(teacher, s.org.id, task_id, [], comment="me too")
    assert r.status_code == 403 and error_code(r) == "not_a_student"
    # Parents do not hand in (a task in the parents' chat).
    parent = s.parents[0].client(server)
    parents_chat = s.chat_of_kind(teacher, "class_parents")["id"]
    form = create(teacher, s.org.id, parents_chat, title="Анкета")["assignment"]["id"]
    r = hand_in(parent, s.org.id, form, [], comment="готово")
    assert r.status_code == 403 and error_code(r) == "not_a_student"
    # Nobody in the parents' chat is a student, so nobody is expected there.
    listing = submissions(teacher, s.org.id, form)
    assert (listing["submitted"], listing["expected"], listing["students"]) == (0, 0, [])
