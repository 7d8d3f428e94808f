"""Forwarding a message forwards its files: the target chat's members can open them, the
bytes are stored once, and a retried forward makes no second copies."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Attachment
from tests.chats.helpers import make_school
from tests.files.helpers import class_chat, get_file, png, send, uploaded
from tests.harness import LiveServer


def test_files_travel_with_a_forwarded_message(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    source = class_chat(s, teacher)
    target = s.chat_of_kind(teacher, "class_parents")["id"]
    up = uploaded(teacher, s.org.id, source, "схема.png", png())
    sent = send(teacher, s.org.id, source, [up["id"]]).json()  # files only, no text
    body = {"client_id": "fwd-1", "to_chat_id": target}
    path = f"/orgs/{s.org.id}/chats/{source}/messages/{sent['id']}/forward"
    r = teacher.post(path, json=body)
    assert r.status_code == 201, r.text
    fwd = r.json()
    assert fwd["chat_id"] == target and fwd["forwarded_from"] == s.teacher.name
    assert [a["name"] for a in fwd["attachments"]] == ["схема.png"]
    again = teacher.post(path, json=body)
    assert again.status_code == 201 and again.json()["id"] == fwd["id"]

    # A parent (in the target chat, not in the class chat) opens the forwarded file.
    parent = s.parents[0].client(server)
    got = get_file(parent, fwd["attachments"][0]["url"])
    assert got.status_code == 200 and got.content == png()
    # ...but not the original, which stays in the class chat.
    assert get_file(parent, sent["attachments"][0]["url"]).status_code == 404

    async def rows(db: AsyncSession) -> list[tuple[str | None, str]]:
        stmt = sa.select(Attachment.message_id, Attachment.file_id).where(
            Attachment.name == "схема.png", Attachment.org_id == s.org.id
        )
        return [(m, f) for m, f in (await db.execute(stmt)).all()]

    found = server.db(rows)
    assert len(found) == 2 and len({f for _, f in found}) == 1  # one stored file
    assert all(m is not None for m, _ in found)  # no stray pending copy from the retry
