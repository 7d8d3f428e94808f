"""The word filter: organisation-managed lists, any form of a word, hide (stored, shown as
hidden to others, readable by the author and moderators) and hold (not delivered until a
moderator approves; the author sees it waiting), the moderators' queue, who may do what."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import HeldMessage, Message
from tests.chats.helpers import error_code, make_school, open_direct
from tests.harness import Api, LiveServer


def add_list(admin: Api, org_id: str, **body: Any) -> dict[str, Any]:
    r = admin.post(f"/orgs/{org_id}/safety/word-lists", json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def send(api: Api, org_id: str, chat_id: str, body: str, client_id: str | None = None) -> Any:
    return api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": client_id or secrets.token_hex(8), "body": body},
    )


def history(api: Api, org_id: str, chat_id: str) -> list[dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/messages")
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["messages"]
    return data


def queue(api: Api, org_id: str, status: str = "open") -> list[dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/safety/queue", params={"status": status})
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["items"]
    return data


def test_administrators_manage_lists_and_try_texts(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    teacher = s.teacher.client(server)
    url = f"/orgs/{s.org.id}/safety/word-lists"
    assert teacher.get(url).status_code == 403
    assert (
        teacher.post(url, json={"name": "x", "action": "hide", "words": ["a"]}).status_code == 403
    )
    r = admin.post(url, json={"name": "Грубости", "action": "hide", "words": ["а*"]})
    assert r.status_code == 422 and error_code(r) == "bad_entry"
    r = admin.post(url, json={"name": "Грубости", "action": "ban", "words": []})
    assert r.status_code == 422
    rude = add_list(
        admin, s.org.id, name="Грубости", action="hide", words=["дурак", " дурак ", "идиот*"]
    )
    assert rude["words"] == ["дурак", "идиот*"] and rude["applies_to"] == "members"
    danger = add_list(
        admin, s.org.id, name="Опасное", action="hold", words=["встретимся у гаражей"]
    )
    check = admin.post(f"{url}/check", json={"text": "Дураки, встретимся у гаражей!"}).json()
    assert check["action"] == "hold"
    assert {(m["list_name"], m["entry"], m["found"]) for m in check["matches"]} == {
        ("Грубости", "дурак", "Дураки"),
        ("Опасное", "встретимся у гаражей", "встретимся у гаражей"),
    }
    r = admin.patch(f"{url}/{rude['id']}", json={"enabled": False})
    assert r.status_code == 200 and r.json()["enabled"] is False
    assert admin.post(f"{url}/check", json={"text": "дурак"}).json()["action"] is None
    assert admin.delete(f"{url}/{danger['id']}").status_code == 204
    assert [x["id"] for x in admin.get(url).json()] == [rude["id"]]
    actions = {e["action"] for e in admin.get(f"/orgs/{s.org.id}/audit").json()["items"]}
    assert {
        "safety.word_list_created",
        "safety.word_list_changed",
        "safety.word_list_deleted",
    } <= actions
    # Another organisation's administrator: 404 for everything.
    other = make_school(server).org.admin.client(server)
    assert other.patch(f"{url}/{rude['id']}", json={"enabled": True}).status_code == 404
    r = other.patch(f"/orgs/{s.org.id}/safety/word-lists/{rude['id']}", json={"enabled": True})
    assert r.status_code == 404


def test_a_hidden_message_is_stored_without_its_words(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    add_list(admin, s.org.id, name="Грубости", action="hide", words=["дурак"])
    ann, bob = (p.client(server) for p in s.students)
    teacher = s.teacher.client(server)  # owner of the class chat
    chat = s.chat_of_kind(ann, "class")["id"]

    r = send(ann, s.org.id, chat, "Сам ты дураком был!")
    assert r.status_code == 201, r.text
    hidden = r.json()
    assert hidden["kind"] == "hidden" and hidden["body"] == "" and hidden["html"] == ""
    seen = next(m for m in history(bob, s.org.id, chat) if m["id"] == hidden["id"])
    assert seen["kind"] == "hidden" and seen["body"] == ""

    async def _stored(db: AsyncSession) -> str:
        return str((await db.get(Message, hidden["id"])).body)  # type: ignore[union-attr]

    assert server.db(_stored) == ""  # search, previews and pushes have nothing to show
    url = f"/orgs/{s.org.id}/chats/{chat}/messages/{hidden['id']}/hidden"
    mine = ann.get(url).json()
    assert mine["body"] == "Сам ты дураком был!" and mine["matched"] == []
    assert mine["may_decide"] is False
    r = bob.get(url)
    assert r.status_code == 403 and error_code(r) == "hidden_message"
    theirs = teacher.get(url).json()
    assert theirs["matched"] == ["дурак"] and theirs["may_decide"] is True
    # The moderator's queue has it; the teacher restores it for everyone.
    [item] = queue(teacher, s.org.id)
    assert (item["kind"], item["id"], item["status"]) == ("hidden", hidden["id"], "hidden")
    assert item["author"]["account_id"] == s.students[0].account_id
    assert queue(bob, s.org.id) == []  # not a moderator: nothing
    assert bob.post(f"/orgs/{s.org.id}/safety/hidden/{hidden['id']}/restore").status_code == 404
    r = teacher.post(f"/orgs/{s.org.id}/safety/hidden/{hidden['id']}/restore")
    assert r.status_code == 200 and r.json()["status"] == "restored"
    seen = next(m for m in history(bob, s.org.id, chat) if m["id"] == hidden["id"])
    assert (seen["kind"], seen["body"]) == ("text", "Сам ты дураком был!")
    r = teacher.post(f"/orgs/{s.org.id}/safety/hidden/{hidden['id']}/keep")
    assert r.status_code == 409 and error_code(r) == "already_decided"
    assert queue(teacher, s.org.id) == []
    assert [i["status"] for i in queue(teacher, s.org.id, "closed")] == ["restored"]

    # Edits cannot bring the words in; staff are not filtered by a "members" list.
    plain = send(ann, s.org.id, chat, "Всем привет").json()
    r = ann.patch(f"/orgs/{s.org.id}/chats/{chat}/messages/{plain['id']}", json={"body": "дурак"})
    assert r.status_code == 422 and error_code(r) == "filtered"
    r = send(teacher, s.org.id, chat, "Не называйте друг друга «дурак»")
    assert r.status_code == 201 and r.json()["kind"] == "text"


def test_a_held_message_waits_for_a_moderator(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    add_list(
        admin, s.org.id, name="Опасное", action="hold", words=["гаражи"], applies_to="students"
    )
    ann, bob = (p.client(server) for p in s.students)
    teacher = s.teacher.client(server)
    chat = s.chat_of_kind(ann, "class")["id"]
    client_id = secrets.token_hex(8)

    r = send(ann, s.org.id, chat, "Встречаемся за гаражами", client_id)
    assert r.status_code == 202, r.text
    held = r.json()
    assert (held["kind"], held["seq"], held["client_id"]) == ("held", 0, client_id)
    assert held["body"] == "Встречаемся за гаражами"
    # A retry answers the same; nobody sees it in the chat.
    again = send(ann, s.org.id, chat, "Встречаемся за гаражами", client_id)
    assert again.status_code == 202 and again.json()["id"] == held["id"]
    assert all("гараж" not in m["body"] for m in history(bob, s.org.id, chat))
    assert all("гараж" not in m["body"] for m in history(ann, s.org.id, chat))
    mine = ann.get(f"/orgs/{s.org.id}/chats/{chat}/safety").json()["held"]
    assert [(h["client_id"], h["status"]) for h in mine] == [(client_id, "pending")]
    assert bob.get(f"/orgs/{s.org.id}/chats/{chat}/safety").json()["held"] == []

    [item] = queue(teacher, s.org.id)
    assert (item["kind"], item["matched"], item["body"]) == (
        "held",
        ["гаражи"],
        "Встречаемся за гаражами",
    )
    assert teacher.get(f"/orgs/{s.org.id}/chats/{chat}/safety").json()["handler"] is True
    assert bob.post(f"/orgs/{s.org.id}/safety/held/{held['id']}/approve").status_code == 404
    r = teacher.post(f"/orgs/{s.org.id}/safety/held/{held['id']}/approve")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved" and r.json()["decided_by"]["name"] == s.teacher.name
    sent = next(m for m in history(bob, s.org.id, chat) if m["client_id"] == client_id)
    assert sent["author_id"] == s.students[0].account_id
    assert sent["body"] == "Встречаемся за гаражами" and sent["kind"] == "text"
    # Now the author's retry gets the sent message, and a second decision is refused.
    r = send(ann, s.org.id, chat, "Встречаемся за гаражами", client_id)
    assert r.status_code == 200 and r.json()["id"] == sent["id"]
    r = teacher.post(f"/orgs/{s.org.id}/safety/held/{held['id']}/reject", json={})
    assert r.status_code == 409

    # Rejected: never sent; the author sees why.
    other = send(ann, s.org.id, chat, "Гаражи после уроков").json()
    r = teacher.post(
        f"/orgs/{s.org.id}/safety/held/{other['id']}/reject", json={"reason": "Так нельзя"}
    )
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    mine = ann.get(f"/orgs/{s.org.id}/chats/{chat}/safety").json()["held"]
    assert [(h["status"], h["reason"]) for h in mine] == [("rejected", "Так нельзя")]
    r = send(ann, s.org.id, chat, "Гаражи после уроков", other["client_id"])  # a retry
    assert r.status_code == 409 and error_code(r) == "message_rejected"

    async def _rows(db: AsyncSession) -> list[str]:
        stmt = sa.select(HeldMessage.status).where(HeldMessage.chat_id == chat)
        return sorted((await db.execute(stmt)).scalars())

    assert server.db(_rows) == ["approved", "rejected"]
    assert all("Гаражи после" not in m["body"] for m in history(bob, s.org.id, chat))
    # The list applies to students only: a parent's message is not held.
    mum = s.parents[0].client(server)
    parents_chat = s.chat_of_kind(mum, "class_parents")["id"]
    r = send(mum, s.org.id, parents_chat, "Кто видел детей у гаражей?")
    assert r.status_code == 201 and r.json()["kind"] == "text"
    actions = {e["action"] for e in admin.get(f"/orgs/{s.org.id}/audit").json()["items"]}
    assert {"safety.held_approved", "safety.held_rejected"} <= actions


def test_direct_chats_are_handled_by_safeguarding_staff(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    add_list(admin, s.org.id, name="Опасное", action="hold", words=["гаражи"])
    ann = s.students[0].client(server)
    chat = open_direct(ann, s.org.id, s.students[1]).json()["id"]
    held = send(ann, s.org.id, chat, "за гаражами").json()
    assert held["kind"] == "held"
    # Nobody moderates a direct chat: the administrators do (no safeguarding staff named).
    assert queue(s.teacher.client(server), s.org.id) == []
    [item] = queue(admin, s.org.id)
    assert item["chat"]["kind"] == "direct"
    r = admin.post(f"/orgs/{s.org.id}/safety/held/{held['id']}/reject", json={"reason": ""})
    assert r.status_code == 200
