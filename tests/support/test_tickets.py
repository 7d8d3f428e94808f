"""Support requests inside an organisation: the thread between a member and the
organisation's administrators, statuses, files, mail and realtime events, and who sees
what (support thread permissions)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.builders import OrgInfo, Person, make_member, make_org, make_person
from tests.chats.helpers import token_of
from tests.files.helpers import PDF, get_file, png
from tests.harness import LiveServer, body_of
from tests.realtime.client import EventClient
from tests.support.helpers import (
    bodies,
    code,
    escalate,
    ids,
    op_write,
    open_ticket,
    opened,
    status,
    ticket,
    write,
    written,
)


@dataclass
class Org:
    info: OrgInfo
    teacher: Person
    student: Person
    parent: Person

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def admin(self) -> Person:
        return self.info.admin


def _org(server: LiveServer) -> Org:
    info = make_org(server)
    return Org(
        info,
        make_member(server, info.id, "teacher"),
        make_member(server, info.id, "student"),
        make_member(server, info.id, "parent"),
    )


@pytest.fixture(scope="module")
def o(server: LiveServer) -> Org:
    return _org(server)


@pytest.fixture(scope="module")
def other(server: LiveServer) -> Org:
    return _org(server)


@pytest.fixture(scope="module")
def operator(server: LiveServer) -> Person:
    return make_person(server, "Оператор Платформы", operator=True)


def test_member_writes_admin_answers_and_both_follow_the_thread(server: LiveServer, o: Org) -> None:
    parent = o.parent.client(server)
    admin = o.admin.client(server)
    t = opened(
        parent,
        o.id,
        [("экран.png", png()), ("справка.pdf", PDF)],
        subject="Не вижу чат класса",
        body="После входа чат класса **пропал**.",
    )
    assert t["status"] == "open" and not t["escalated"] and t["my_side"] == "requester"
    assert t["requester"]["name"] == o.parent.name and t["requester"]["roles"] == []
    (first,) = t["entries"]
    assert (
        first["mine"] and first["html"] == "<p>После входа чат класса <strong>пропал</strong>.</p>"
    )
    assert [f["name"] for f in first["files"]] == ["экран.png", "справка.pdf"]
    assert first["files"][0]["kind"] == "image" and first["files"][0]["thumb_url"]
    assert t["actions"] == {"reply": True, "note": False, "escalate": False, "statuses": ["closed"]}

    # The administrators are told by mail, and find it in their inbox with the person's role.
    mail = server.mailbox.wait_for(o.admin.email, "Новое обращение: Не вижу чат класса")
    assert "чат класса **пропал**" in body_of(mail)
    assert f"/admin/support?ticket={t['id']}" in body_of(mail)
    box = admin.get(f"/orgs/{o.id}/support/inbox").json()
    row = next(i for i in box["items"] if i["id"] == t["id"])
    assert row["requester"]["roles"] == ["parent"] and row["org_name"] == o.info.name
    assert box["counts"]["open"] >= 1
    got = get_file(admin, first["files"][1]["url"])
    assert got.status_code == 200 and got.content == PDF

    # A staff reply: answered, and the requester gets the reply by mail with the admin's name.
    d = written(admin, o.id, t["id"], "Проверьте, пожалуйста, класс в профиле.")
    assert d["status"] == "answered" and d["my_side"] == "org" and d["last_side"] == "org"
    mail = server.mailbox.wait_for(o.parent.email, "Ответ на ваше обращение")
    assert f"{o.admin.name} (администратор)" in body_of(mail)
    assert "Проверьте, пожалуйста" in body_of(mail)
    assert f"/help/requests/{t['id']}" in body_of(mail)
    mine = ticket(parent, o.id, t["id"]).json()
    reply = mine["entries"][-1]
    assert reply["side"] == "org" and reply["author"]["name"] == o.admin.name
    assert not reply["mine"]

    # The requester answers: open again; then closes; a reply reopens it.
    assert written(parent, o.id, t["id"], "Класс указан верно.")["status"] == "open"
    server.mailbox.wait_for(o.admin.email, "Новое сообщение в обращении")
    closed = status(parent, o.id, t["id"], "closed")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["entries"][-1]["event"] == "closed"
    assert status(parent, o.id, t["id"], "answered").status_code == 403
    again = written(parent, o.id, t["id"], "Снова пропал.")
    assert again["status"] == "open"
    assert [e["event"] for e in again["entries"] if e["kind"] == "event"] == ["closed", "reopened"]
    assert bodies(again)[-1] == "Снова пропал."

    # My list, by status.
    assert t["id"] in ids(parent.get(f"/orgs/{o.id}/support/tickets").json())
    closed_only = parent.get(f"/orgs/{o.id}/support/tickets", params={"status": "closed"}).json()
    assert t["id"] not in ids(closed_only)


def test_who_sees_a_request(server: LiveServer, o: Org, other: Org, operator: Person) -> None:
    student = o.student.client(server)
    t = opened(student, o.id, [("a.pdf", PDF)], subject="Личное")
    file_url = t["entries"][0]["files"][0]["url"]

    # Another member of the same organisation: nothing, not even a hint.
    teacher = o.teacher.client(server)
    assert ticket(teacher, o.id, t["id"]).status_code == 404
    assert t["id"] not in ids(teacher.get(f"/orgs/{o.id}/support/tickets").json())
    assert code(teacher.get(f"/orgs/{o.id}/support/inbox")) == "support_admins_only"
    assert write(teacher, o.id, t["id"], "влезу").status_code == 404
    assert status(teacher, o.id, t["id"], "closed").status_code == 404
    assert get_file(teacher, file_url).status_code == 404

    # Another organisation's administrator: 404 through their organisation and through ours.
    foreign = other.admin.client(server)
    assert ticket(foreign, other.id, t["id"]).status_code == 404
    assert ticket(foreign, o.id, t["id"]).status_code == 404
    assert write(foreign, other.id, t["id"], "x").status_code == 404
    assert escalate(foreign, other.id, t["id"]).status_code == 404
    assert t["id"] not in ids(foreign.get(f"/orgs/{other.id}/support/inbox").json())
    assert get_file(foreign, file_url).status_code == 404

    # The operator: not while the organisation keeps it to itself.
    op = operator.client(server)
    assert op.get(f"/operator/support/tickets/{t['id']}").status_code == 404
    assert t["id"] not in ids(op.get("/operator/support/tickets").json())
    r = op.post(
        f"/operator/support/tickets/{t['id']}/entries",
        data={"body": "x"},
        files=[("x", (None, "", "text/plain"))],
    )
    assert r.status_code == 404
    assert get_file(op, file_url).status_code == 404

    # The console does not exist for members.
    assert student.get("/operator/support/tickets").status_code == 404
    assert o.admin.client(server).get(f"/operator/support/tickets/{t['id']}").status_code == 404

    # The requester may not write notes, escalate or answer their own request.
    assert code(write(student, o.id, t["id"], "заметка", internal=True)) == "support_staff_only"
    assert code(escalate(student, o.id, t["id"])) == "support_admins_only"
    assert code(status(student, o.id, t["id"], "answered")) == "support_status_not_allowed"
    assert get_file(student, file_url).status_code == 200


def test_escalation_to_platform_support(
    server: LiveServer, o: Org, other: Org, operator: Person
) -> None:
    teacher = o.teacher.client(server)
    admin = o.admin.client(server)
    op = operator.client(server)
    t = opened(teacher, o.id, subject="Ошибка при загрузке журнала")
    note = written(admin, o.id, t["id"], "Похоже на сбой платформы", internal=True)
    assert note["status"] == "open" and note["entries"][-1]["kind"] == "note"

    r = escalate(admin, o.id, t["id"], "Воспроизводится у всех учителей")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["escalated"] and d["status"] == "open" and not d["actions"]["escalate"]
    assert code(escalate(admin, o.id, t["id"])) == "already_escalated"
    mail = server.mailbox.wait_for(operator.email, "Обращение передано в поддержку платформы")
    assert o.info.name in body_of(mail) and "Воспроизводится у всех учителей" in body_of(mail)
    assert f"/operator/support/{t['id']}" in body_of(mail)

    # The operator's inbox names the organisation; the thread includes the staff notes.
    box = op.get("/operator/support/tickets").json()
    row = next(i for i in box["items"] if i["id"] == t["id"])
    assert row["org_name"] == o.info.name and row["requester"]["roles"] == ["teacher"]
    only_other = op.get("/operator/support/tickets", params={"org_id": other.id}).json()
    assert t["id"] not in ids(only_other)
    seen = op.get(f"/operator/support/tickets/{t['id']}").json()
    assert "Похоже на сбой платформы" in bodies(seen) and seen["my_side"] == "platform"
    assert seen["actions"]["escalate"] is False and seen["actions"]["note"] is True

    # The requester sees that it was passed on, but not the notes.
    mine = ticket(teacher, o.id, t["id"]).json()
    assert [e["event"] for e in mine["entries"] if e["kind"] == "event"] == ["escalated"]
    assert not any(e["kind"] == "note" for e in mine["entries"])

    # The operator answers as "Platform support"; the requester and the admins are mailed.
    d = op_write(op, t["id"], "Исправили, обновите страницу.")
    assert d["status"] == "answered" and d["entries"][-1]["author"]["name"] == operator.name
    mine = ticket(teacher, o.id, t["id"]).json()
    last = mine["entries"][-1]
    assert last["side"] == "platform" and last["author"] is None
    assert operator.name not in str(mine)
    mail = server.mailbox.wait_for(o.teacher.email, "Ответ на ваше обращение")
    assert "Поддержка платформы" in body_of(mail) and operator.name not in body_of(mail)
    server.mailbox.wait_for(o.admin.email, "Новое сообщение в обращении")
    staff_view = ticket(admin, o.id, t["id"]).json()
    assert staff_view["entries"][-1]["author"] is None

    # An internal note of the operator with a file: the admins see it, the requester cannot
    # even download its file.
    r = op.post(
        f"/operator/support/tickets/{t['id']}/entries",
        data={"body": "Для администратора: лог", "internal": "true"},
        files=[("files", ("log.pdf", PDF, "application/pdf"))],
    )
    assert r.status_code == 201, r.text
    url = r.json()["entries"][-1]["files"][0]["url"]
    assert get_file(admin, url).status_code == 200
    assert get_file(teacher, url).status_code == 404
    assert "Для администратора: лог" not in bodies(ticket(teacher, o.id, t["id"]).json())

    # The requester answers; the operator is told; the operator closes.
    written(teacher, o.id, t["id"], "Спасибо, работает!")
    server.mailbox.wait_for(operator.email, "Новое сообщение в обращении")
    r = op.put(f"/operator/support/tickets/{t['id']}/status", json={"status": "closed"})
    assert r.status_code == 200 and r.json()["status"] == "closed"

    audit = admin.get(f"/orgs/{o.id}/audit", params={"action": "support.escalated"}).json()
    assert t["id"] in {e["target_id"] for e in audit["items"]}


def test_administrators_write_to_the_platform_directly(
    server: LiveServer, o: Org, operator: Person
) -> None:
    admin = o.admin.client(server)
    d = opened(admin, o.id, subject="Увеличьте квоту", to_platform="true")
    assert d["escalated"] and d["my_side"] == "requester"
    assert [e["kind"] for e in d["entries"]] == ["reply", "event"]
    server.mailbox.wait_for(operator.email, "Обращение передано в поддержку платформы: Увеличьте")
    assert d["id"] in ids(operator.client(server).get("/operator/support/tickets").json())
    r = open_ticket(o.teacher.client(server), o.id, to_platform="true")
    assert r.status_code == 403 and code(r) == "support_admins_only"


def test_events_reach_the_people_of_the_request(server: LiveServer, operator: Person) -> None:
    o = _org(server)
    student, admin = o.student.client(server), o.admin.client(server)
    ws_student = EventClient(server.url, token_of(student))
    ws_admin = EventClient(server.url, token_of(admin))
    ws_teacher = EventClient(server.url, token_of(o.teacher.client(server)))
    ws_op = EventClient(server.url, token_of(operator.client(server)))
    try:
        t = opened(student, o.id)
        written(admin, o.id, t["id"], "Заметка", internal=True)
        written(admin, o.id, t["id"], "Ответ")
        escalate(admin, o.id, t["id"])
        ev = ws_op.wait_for(lambda e: e["type"] == "support.ticket")
        assert ev["data"] == {
            "ticket_id": t["id"],
            "org_id": o.id,
            "status": "open",
            "escalated": True,
            "last_activity_at": ev["data"]["last_activity_at"],
            "what": "escalated",
        }

        def whats(ws: EventClient) -> list[str]:
            return [e["data"]["what"] for e in ws.drain(0.5) if e["type"] == "support.ticket"]

        # The requester never hears of the note; the operator only from the escalation on;
        # other members of the organisation hear nothing. No event carries text.
        assert whats(ws_student) == ["created", "reply", "escalated"]
        assert whats(ws_admin) == ["created", "note", "reply", "escalated"]
        assert whats(ws_teacher) == []
        assert whats(ws_op) == []
    finally:
        for ws in (ws_student, ws_admin, ws_teacher, ws_op):
            ws.close()


def test_bad_input_is_answered_clearly(server: LiveServer, o: Org) -> None:
    parent = o.parent.client(server)
    r = open_ticket(parent, o.id, subject="   ", body="")
    assert r.status_code == 422
    assert set(r.json()["error"]["fields"]) == {"subject", "body"}
    r = parent.post(f"/orgs/{o.id}/support/tickets", json={"subject": "x", "body": "y"})
    assert r.status_code == 415 and code(r) == "multipart_required"
    r = open_ticket(parent, o.id, [("empty.pdf", b"")])
    assert r.status_code == 422 and code(r) == "empty_file"
    r = open_ticket(parent, o.id, [(f"{i}.pdf", PDF) for i in range(6)])
    assert r.status_code == 422 and "files" in r.json()["error"]["fields"]
    t = opened(parent, o.id)
    r = write(parent, o.id, t["id"], "   ")
    assert r.status_code == 422 and "body" in r.json()["error"]["fields"]
    assert status(parent, o.id, t["id"], "lost").status_code == 422
    r = parent.get(f"/orgs/{o.id}/support/tickets", params={"cursor": "nonsense"})
    assert r.status_code == 422 and code(r) == "bad_cursor"
    assert ticket(parent, o.id, "../../etc").status_code == 404
    # Nothing was stored by the refused requests.
    assert ids(parent.get(f"/orgs/{o.id}/support/tickets").json()).count(t["id"]) == 1


def test_pages_follow_the_latest_activity(server: LiveServer) -> None:
    o = _org(server)
    student, admin = o.student.client(server), o.admin.client(server)
    made = [opened(student, o.id, subject=f"Вопрос {i}")["id"] for i in range(5)]
    written(admin, o.id, made[0], "Ответ на самый старый")  # it moves to the top
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = admin.get(f"/orgs/{o.id}/support/inbox", params=params).json()
        seen += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [made[0], made[4], made[3], made[2], made[1]]


def test_requests_are_limited_per_hour(server: LiveServer) -> None:
    o = _org(server)
    parent = o.parent.client(server)
    for i in range(10):
        opened(parent, o.id, subject=f"№{i}")
    r = open_ticket(parent, o.id)
    assert r.status_code == 429 and r.headers["Retry-After"]
