"""Messages that are more than text (polls, tasks, calls) keep their own rules: they cannot
be edited into something else or forwarded as plain text."""

from __future__ import annotations

import uuid

from tests.chats.helpers import make_school
from tests.files.helpers import send, uploaded
from tests.harness import LiveServer
from tests.polls.helpers import chat_id_of, create


def test_polls_cannot_be_edited_or_forwarded(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(teacher, s.org.id, chat_id)
    r = teacher.patch(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages/{poll['id']}", json={"body": "Другой вопрос"}
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_editable"
    staff = chat_id_of(s, teacher, "staff")
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages/{poll['id']}/forward",
        json={"client_id": str(uuid.uuid4()), "to_chat_id": staff},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_forwardable"
    # The poll is unchanged.
    page = teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages").json()["messages"]
    kept = next(m for m in page if m["id"] == poll["id"])
    assert kept["body"] == poll["body"] and kept["poll"]["question"] == poll["poll"]["question"]


def test_chat_list_preview_says_what_the_last_message_is(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    create(teacher, s.org.id, chat_id, question="Когда собрание?")
    chats = teacher.get(f"/orgs/{s.org.id}/chats").json()
    last = next(c for c in chats if c["id"] == chat_id)["last_message"]
    assert last["kind"] == "poll" and last["text"] == "Когда собрание?" and last["files"] == 0
    up = uploaded(teacher, s.org.id, chat_id, "план.pdf", b"%PDF-1.4\n%%EOF\n")
    send(teacher, s.org.id, chat_id, [up["id"]])
    chats = teacher.get(f"/orgs/{s.org.id}/chats").json()
    last = next(c for c in chats if c["id"] == chat_id)["last_message"]
    assert last["kind"] == "text" and last["text"] == "" and last["files"] == 1
