"""An organisation with one object of every kind the API names in its paths, made through
the real API, for the cross-organisation walk and the fuzz run.

`World.ids` maps each path parameter name to this organisation's object of that kind;
`World.markers` holds strings that only this organisation's data contains (ids, names, a
message text), so that a response can be searched for a leak.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.members.parent_links import request_link
from tests.builders import make_member
from tests.chats.helpers import School, make_school
from tests.harness import Api, LiveServer

SECRET_TEXT = "секрет организации {}"


@dataclass
class World:
    school: School
    admin: Api
    teacher: Api
    ids: dict[str, str] = field(default_factory=dict)
    markers: set[str] = field(default_factory=set)

    @property
    def org_id(self) -> str:
        return self.school.org.id


def _ok(r: Any, status: int = 201) -> Any:
    assert r.status_code == status, (r.request.method, str(r.request.url), r.text)
    return r.json()


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def build_world(server: LiveServer, tag: str) -> World:
    """An organisation whose data carries `tag` (e.g. "B") in its texts."""
    s = make_school(server, students=1)
    org = s.org.id
    admin = s.org.admin.client(server)
    teacher = s.teacher.client(server)
    w = World(school=s, admin=admin, teacher=teacher)
    text = SECRET_TEXT.format(tag)
    w.markers |= {org, s.org.name, text, s.teacher.name, s.students[0].name, s.teacher.email}

    # A parent's link waiting for confirmation (links confirmed by the builder have no id).
    parent = make_member(server, org, "parent")

    async def _link(db: AsyncSession) -> str:
        assert parent.membership_id and s.other_student.membership_id
        link = await request_link(db, org, parent.membership_id, s.other_student.membership_id)
        return link.id

    class_chat = s.chat_of_kind(teacher, "class")["id"]
    msg = _ok(
        teacher.post(
            f"/orgs/{org}/chats/{class_chat}/messages",
            json={"client_id": str(uuid.uuid4()), "body": text},
        )
    )
    assert teacher.put(f"/orgs/{org}/chats/{class_chat}/messages/{msg['id']}/reactions/👍")
    upload = _ok(
        teacher.post(
            f"/orgs/{org}/chats/{class_chat}/uploads",
            files={"file": (f"фото {tag}.png", _png(), "image/png")},
        )
    )
    with_file = _ok(
        teacher.post(
            f"/orgs/{org}/chats/{class_chat}/messages",
            json={"client_id": str(uuid.uuid4()), "body": "", "attachment_ids": [upload["id"]]},
        )
    )
    poll = _ok(
        teacher.post(
            f"/orgs/{org}/chats/{class_chat}/polls",
            json={"client_id": str(uuid.uuid4()), "question": text, "options": ["Да", "Нет"]},
        )
    )
    task = _ok(
        teacher.post(
            f"/orgs/{org}/chats/{class_chat}/assignments",
            json={"client_id": str(uuid.uuid4()), "title": text, "body": "", "deadline": None},
        )
    )
    group = _ok(admin.post(f"/orgs/{org}/groups", json={"kind": "study", "name": f"Кружок {tag}"}))
    inv = _ok(admin.post(f"/orgs/{org}/invitations", json={"role": "teacher"}))
    csv = f"Класс;ФИО ученика;E-mail родителя\n5А;Пётр {tag};p{tag}@example.org\n".encode()
    imp = _ok(admin.post(f"/orgs/{org}/roster-imports", files={"file": ("r.csv", csv, "text/csv")}))
    starts = utcnow() + timedelta(days=2)
    event = _ok(
        admin.post(
            f"/orgs/{org}/events",
            json={
                "scope": "org",
                "kind": "other",
                "title": text,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
            },
        )
    )
    bot = _ok(admin.post(f"/orgs/{org}/bots", json={"name": f"Бот {tag}"}))
    bot_token = _ok(
        admin.post(f"/orgs/{org}/bots/{bot['id']}/tokens", json={"scopes": ["chats:read"]})
    )
    hook_in = _ok(
        admin.post(
            f"/orgs/{org}/incoming-webhooks", json={"name": f"Вход {tag}", "chat_id": class_chat}
        )
    )
    hook_out = _ok(
        admin.post(
            f"/orgs/{org}/outgoing-webhooks",
            json={
                "name": f"Выход {tag}",
                "url": "https://example.org/hook",
                "events": ["message.new"],
                "chat_ids": [class_chat],
            },
        )
    )
    folder = _ok(
        admin.post(
            f"/orgs/{org}/materials/folders",
            json={"place": "org", "place_id": None, "title": f"Папка {tag}", "parent_id": None},
        )
    )
    chat_invite = _ok(teacher.post(f"/orgs/{org}/chats/{class_chat}/invites", json={}))
    sessions = _ok(admin.get("/auth/sessions"), 200)
    avatar = _ok(teacher.put("/me/avatar", files={"image": ("me.png", _png(), "image/png")}), 200)
    feed = _ok(teacher.post("/me/calendar-feed"), 200)
    ticket = _ok(
        teacher.post(
            f"/orgs/{org}/support/tickets",
            data={"subject": f"Обращение {tag}", "body": text},
            files={"files": ("screen.png", _png(), "image/png")},
        )
    )
    idea = _ok(teacher.post(f"/orgs/{org}/support/suggestions", json={"title": f"Идея {tag}"}))
    # Safety: a word list that holds messages, and a student's message it held.
    words = _ok(
        admin.post(
            f"/orgs/{org}/safety/word-lists",
            json={"name": f"Список {tag}", "action": "hold", "words": ["запретка"]},
        )
    )
    held = _ok(
        s.students[0]
        .client(server)
        .post(
            f"/orgs/{org}/chats/{class_chat}/messages",
            json={"client_id": uuid.uuid4().hex, "body": f"{text}: запретка"},
        ),
        202,
    )
    # Moderation: a report with a silence, a suspension, a trust-line thread, a chat access.
    student = s.students[0].client(server)
    said = _ok(
        student.post(
            f"/orgs/{org}/chats/{class_chat}/messages",
            json={"client_id": str(uuid.uuid4()), "body": f"Обидное {tag}"},
        )
    )
    rep = _ok(
        teacher.post(
            f"/orgs/{org}/moderation/reports",
            json={"kind": "message", "reason": "bullying", "chat_id": class_chat,
                  "message_id": said["id"], "comment": text},
        )
    )  # fmt: skip
    silenced = _ok(
        teacher.post(
            f"/orgs/{org}/moderation/reports/{rep['id']}/actions",
            json={"action": "silence", "minutes": 5},
        ),
        200,
    )
    suspended = make_member(server, org, "parent")
    about = _ok(
        teacher.post(
            f"/orgs/{org}/moderation/reports",
            json={"kind": "person", "reason": "other", "account_id": suspended.account_id},
        )
    )
    _ok(
        admin.post(
            f"/orgs/{org}/moderation/reports/{about['id']}/actions", json={"action": "suspend"}
        ),
        200,
    )
    suspensions = admin.get(f"/orgs/{org}/moderation/suspensions")
    assert suspensions.status_code == 200, suspensions.text
    suspension = suspensions.json()[0]
    _ok(
        admin.put(
            f"/orgs/{org}/moderation/settings",
            json={"trust_responder_ids": [s.teacher.membership_id]},
        ),
        200,
    )
    thread = _ok(
        student.post(
            f"/orgs/{org}/trust/threads",
            json={"responder_id": s.teacher.membership_id, "body": text},
        )
    )
    grant = _ok(
        admin.post(
            f"/orgs/{org}/moderation/chat-access",
            json={"chat_id": class_chat, "reason": f"Проверка жалобы {tag}"},
        )
    )

    w.ids.update(
        {
            "org_id": org,
            "class_id": s.cls.id,
            "year_id": s.cls.year_id,
            "membership_id": s.students[0].membership_id or "",
            "account_id": s.students[0].account_id,
            "link_id": server.db(_link),
            "group_id": group["id"],
            "invitation_id": inv["id"],
            "import_id": imp["id"],
            "chat_id": class_chat,
            "message_id": msg["id"],
            "emoji": "👍",
            "attachment_id": upload["id"],
            "file_id": avatar["avatar_url"].split("/avatars/", 1)[1].split("?", 1)[0],
            "poll_id": poll["poll"]["id"],
            "assignment_id": task["assignment"]["id"],
            "event_id": event["id"],
            "bot_id": bot["id"],
            "token_id": bot_token["id"],
            "hook_id": hook_in["id"],
            "webhook_id": hook_out["id"],
            "item_id": folder["id"],
            "invite_id": chat_invite["id"],
            "session_id": sessions[0]["id"],
            "ticket_id": ticket["id"],
            "suggestion_id": idea["id"],
            "report_id": rep["id"],
            "silence_id": silenced["silence"]["id"],
            "suspension_id": suspension["id"],
            "thread_id": thread["id"],
            "grant_id": grant["id"],
            "list_id": words["id"],
            "held_id": held["id"],
            "student_id": s.students[0].account_id,
        }
    )
    w.markers |= {v for k, v in w.ids.items() if k != "emoji"} | {with_file["id"]}
    # Secrets of the organisation's people: never in anyone else's answer.
    w.markers |= {
        inv["token"],
        bot_token["token"],
        hook_in["url"].rsplit("/", 1)[1],
        chat_invite["url"].rsplit("/", 1)[1],
        feed["url"].rsplit("/", 1)[1].removesuffix(".ics"),
    }
    w.ids["token"] = inv["token"]
    return w
