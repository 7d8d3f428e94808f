"""Retention with the controllable clock: old messages and files go in the background, new
ones stay; a finished class's archive keeps what the organisation's rules say."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import clock
from parta.models import Attachment, Chat, ChatEvent, Mention, Message, Reaction, StoredFile
from tests.files.helpers import PDF, uploaded
from tests.harness import Api, LiveServer
from tests.invites.helpers import rows
from tests.polls.helpers import create as create_poll
from tests.privacy.helpers import (
    Family,
    chat_of_kind,
    history,
    make_family,
    run_retention,
    send,
    set_rules,
)

MONTH = 31 * 86400


def _search(api: Api, org_id: str, word: str) -> list[dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/search", params={"q": word})
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def _events_of(server: LiveServer, chat_id: str, message_id: str) -> list[tuple[str, Any]]:
    async def _get(db: AsyncSession) -> list[tuple[str, Any]]:
        stmt = sa.select(ChatEvent).where(ChatEvent.chat_id == chat_id).order_by(ChatEvent.seq)
        out = []
        for e in (await db.execute(stmt)).scalars():
            payload = e.payload or {}
            if e.kind.startswith("message.") and payload.get("id") == message_id:
                out.append((e.kind, payload))
        return out

    return server.db(_get)


def _old_term(server: LiveServer, f: Family, word: str) -> dict[str, Any]:
    org = f.org.id
    teacher = f.teacher.client(server)
    child = f.child.client(server)
    chat = chat_of_kind(child, org, "class")
    doc = uploaded(teacher, org, chat, "план.pdf", PDF + word.encode())
    old = send(teacher, org, chat, f"{word}: план на четверть", attachment_ids=[doc["id"]])
    reply = send(child, org, chat, f"<@{f.teacher.account_id}> понятно, {word}")
    assert (
        child.put(f"/orgs/{org}/chats/{chat}/messages/{old['id']}/reactions/👍").status_code == 204
    )
    poll = create_poll(teacher, org, chat, question=f"{word}?")
    return {"chat": chat, "old": old, "reply": reply, "poll": poll, "doc": doc}


def test_old_messages_go_with_everything_that_hangs_off_them(server: LiveServer) -> None:
    f = make_family(server)
    keeper = make_family(server)  # an organisation that keeps everything
    org = f.org.id
    word = f"Ретенция{secrets.token_hex(3)}"
    term = _old_term(server, f, word)
    kept_term = _old_term(server, keeper, word)
    admin = f.org.admin.client(server)
    rules = set_rules(admin, org, retention_messages_months=6)
    assert rules["retention_messages_months"] == 6 and rules["retention_files_months"] is None
    stored = rows(server, Attachment, Attachment.id == term["doc"]["id"])[0].file_id
    assert run_retention(server).messages == 0  # nothing is old yet

    clock.advance(7 * MONTH)
    teacher = f.teacher.client(server)
    fresh = send(teacher, org, term["chat"], f"{word}: новая четверть")
    result = run_retention(server)
    assert result.messages >= 3

    old_ids = [term["old"]["id"], term["reply"]["id"], term["poll"]["id"]]
    assert [m["id"] for m in history(teacher, org, term["chat"])] == [fresh["id"]]
    assert rows(server, Message, Message.id.in_(old_ids)) == []
    assert rows(server, Reaction, Reaction.message_id.in_(old_ids)) == []
    assert rows(server, Mention, Mention.message_id.in_(old_ids)) == []
    assert rows(server, Attachment, Attachment.message_id.in_(old_ids)) == []
    assert rows(server, StoredFile, StoredFile.id == stored) == []
    assert [h["message_id"] for h in _search(teacher, org, word)] == [fresh["id"]]
    (chat,) = rows(server, Chat, Chat.id == term["chat"])
    assert chat.last_message_id == fresh["id"]
    # A client catching up through /sync drops the message instead of getting it back.
    assert _events_of(server, term["chat"], term["old"]["id"]) == [
        ("message.deleted", {"id": term["old"]["id"], "by": None})
    ]
    # The other organisation keeps its messages.
    keeper_teacher = keeper.teacher.client(server)
    kept = [m["id"] for m in history(keeper_teacher, keeper.org.id, kept_term["chat"])]
    assert kept_term["old"]["id"] in kept and kept_term["reply"]["id"] in kept


def test_old_files_go_and_messages_stay(server: LiveServer) -> None:
    f = make_family(server)
    org = f.org.id
    teacher = f.teacher.client(server)
    chat = chat_of_kind(f.child.client(server), org, "class")
    tag = secrets.token_hex(3)
    with_text = send(
        teacher,
        org,
        chat,
        "Расписание во вложении",
        attachment_ids=[uploaded(teacher, org, chat, "a.pdf", PDF + tag.encode())["id"]],
    )
    files_only = send(
        teacher,
        org,
        chat,
        "",
        attachment_ids=[uploaded(teacher, org, chat, "b.pdf", PDF + tag.encode() * 2)["id"]],
    )
    set_rules(f.org.admin.client(server), org, retention_files_months=3)
    clock.advance(4 * MONTH)
    teacher = f.teacher.client(server)
    newer = send(
        teacher,
        org,
        chat,
        "Новое",
        attachment_ids=[uploaded(teacher, org, chat, "c.pdf", PDF + tag.encode() * 3)["id"]],
    )
    assert run_retention(server).files == 2
    shown = {m["id"]: m for m in history(teacher, org, chat)}
    assert shown[with_text["id"]]["body"] == "Расписание во вложении"
    assert shown[with_text["id"]]["attachments"] == []
    assert shown[files_only["id"]]["deleted"] is True
    assert len(shown[newer["id"]]["attachments"]) == 1
    # Turning retention off (0) stops it.
    rules = set_rules(f.org.admin.client(server), org, retention_files_months=0)
    assert rules["retention_files_months"] is None


def test_finished_class_archive_keeps_what_the_rules_say(server: LiveServer) -> None:
    f = make_family(server)
    org = f.org.id
    admin = f.org.admin.client(server)
    teacher = f.teacher.client(server)
    child = f.child.client(server)
    chat = chat_of_kind(child, org, "class")
    announcement = send(teacher, org, chat, "Итоги года")
    staff = chat_of_kind(teacher, org, "staff")
    staff_note = send(teacher, org, staff, "Педсовет в пятницу")
    chatter = send(child, org, chat, "Ура, каникулы!")
    r = admin.post(f"/orgs/{org}/academic-years/{f.young_class.year_id}/finish")
    assert r.status_code == 200, r.text
    (archived,) = rows(server, Chat, Chat.id == chat)
    assert archived.archived_at is not None

    run_retention(server)  # by default the archive keeps everything
    ids = [m["id"] for m in history(teacher, org, chat)]
    assert announcement["id"] in ids and chatter["id"] in ids

    rules = set_rules(admin, org, archive_keeps="announcements")
    assert rules["archive_keeps"] == "announcements"
    assert run_retention(server).archived_messages >= 1
    ids = [m["id"] for m in history(teacher, org, chat)]
    assert announcement["id"] in ids and chatter["id"] not in ids

    set_rules(admin, org, archive_keeps="nothing")
    run_retention(server)
    assert history(teacher, org, chat) == []
    # Chats that are not a finished class's archive are not trimmed.
    assert [m["id"] for m in history(teacher, org, staff)] == [staff_note["id"]]


def test_rules_are_read_by_members_and_changed_by_administrators(server: LiveServer) -> None:
    f = make_family(server)
    org = f.org.id
    child = f.child.client(server)
    r = child.get(f"/orgs/{org}/privacy/settings")
    assert r.status_code == 200
    assert r.json() == {
        "consent_age": 14,
        "retention_messages_months": None,
        "retention_files_months": None,
        "archive_keeps": "all",
        "admins_may_erase": True,
    }
    assert child.patch(f"/orgs/{org}/privacy/settings", json={"consent_age": 0}).status_code == 403
    admin = f.org.admin.client(server)
    for bad in ({"consent_age": 19}, {"retention_messages_months": -1}, {"archive_keeps": "x"}):
        r = admin.patch(f"/orgs/{org}/privacy/settings", json=bad)
        assert r.status_code == 422, (bad, r.text)
    # A consent age of 0: the parent no longer manages the child's data.
    set_rules(admin, org, consent_age=0)
    parent = f.parent.client(server)
    assert [s["relation"] for s in parent.get("/me/privacy").json()["subjects"]] == ["self"]
    assert any(e.startswith("privacy.settings_changed") for e in _audit(server, org))


def _audit(server: LiveServer, org_id: str) -> list[str]:
    from tests.invites.helpers import audit_actions

    return audit_actions(server, org_id)
