"""Permission slips: a yes/no question each family answers, with a comment and a deadline,
and a report the teacher can export."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from typing import Any

import httpx

from parta.kit.clock import clock, utcnow
from tests.acks.helpers import ack_in_history, base, confirm, remind, report
from tests.builders import make_member, make_org
from tests.chats.helpers import error_code, link_parent, make_school, reconcile, token_of
from tests.harness import Api, LiveServer
from tests.realtime.client import EventClient

QUESTION = "Разрешаете ли вы ребёнку поехать на экскурсию в музей?"


def send_slip(
    api: Api, org_id: str, chat_id: str, question: str = QUESTION, hours: float | None = 24
) -> httpx.Response:
    deadline = (utcnow() + timedelta(hours=hours)).isoformat() if hours is not None else None
    return api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={
            "client_id": str(uuid.uuid4()),
            "body": "Экскурсия в субботу, сбор в 9:00",
            "ack_question": question,
            "ack_deadline": deadline,
        },
    )


def slip(api: Api, org_id: str, chat_id: str, hours: float | None = 24) -> dict[str, Any]:
    r = send_slip(api, org_id, chat_id, hours=hours)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def answer(
    api: Api, org_id: str, message: dict[str, Any], said: str, comment: str = ""
) -> httpx.Response:
    return api.post(f"{base(org_id, message)}/ack", json={"answer": said, "comment": comment})


def test_one_answer_per_family_the_latest_counts(server: LiveServer) -> None:
    s = make_school(server)  # students[i] has parents[i]
    dad = make_member(server, s.org.id, "parent")
    link_parent(server, s.org.id, dad, s.students[0])
    reconcile(server, s.org.id)  # the second parent joins the parents' chat
    teacher = s.teacher.client(server)
    mum_api, dad_api, other_api = (p.client(server) for p in (s.parents[0], dad, s.parents[1]))
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    msg = slip(teacher, s.org.id, chat_id)
    ack = msg["ack"]
    assert ack["question"] == QUESTION and ack["deadline"] and ack["by_family"] is True
    assert (ack["confirmed"], ack["total"], ack["yes"], ack["no"]) == (0, 2, 0, 0)
    assert ack_in_history(mum_api, s.org.id, msg)["my_answer"] is None

    # A slip wants an answer; a plain confirmation is refused.
    r = confirm(mum_api, s.org.id, msg)
    assert r.status_code == 422 and error_code(r) == "answer_required"
    r = mum_api.post(f"{base(s.org.id, msg)}/ack", json={"answer": "maybe"})
    assert r.status_code == 422

    teacher_ws = EventClient(server.url, token_of(teacher))
    dad_ws = EventClient(server.url, token_of(dad_api))
    try:
        r = answer(mum_api, s.org.id, msg, "yes", "  Заберу сама  ")
        assert r.status_code == 200, r.text
        mine = r.json()
        assert (mine["my_answer"], mine["my_comment"]) == ("yes", "Заберу сама")
        assert mine["answered_by"] == s.parents[0].name and mine["confirmed_by_me"] is True
        ev = teacher_ws.wait_for(lambda e: e["type"] == "ack.updated")
        assert ev["data"] == {
            "message_id": msg["id"],
            "chat_id": chat_id,
            "confirmed": 1,
            "total": 2,
            "yes": 1,
            "no": 0,
        }
        # The other parent of the family learns the family's answer.
        fam = dad_ws.wait_for(lambda e: e["type"] == "ack.updated")
        assert fam["data"]["my_answer"] == "yes"
        assert fam["data"]["answered_by"] == s.parents[0].name
        assert "confirmed_by_me" not in fam["data"]
        # Dad changes the family's answer: the latest counts, once.
        r = answer(dad_api, s.org.id, msg, "no", "Болеет")
        assert r.status_code == 200 and r.json()["my_answer"] == "no"
        ev = teacher_ws.wait_for(lambda e: e["type"] == "ack.updated")
        assert (ev["data"]["confirmed"], ev["data"]["yes"], ev["data"]["no"]) == (1, 0, 1)
        # The same answer again changes nothing and tells nobody.
        assert answer(dad_api, s.org.id, msg, "no", "Болеет").status_code == 200
        assert not [e for e in teacher_ws.drain(0.5) if e["type"] == "ack.updated"]
    finally:
        teacher_ws.close()
        dad_ws.close()

    seen = ack_in_history(mum_api, s.org.id, msg)
    assert (seen["my_answer"], seen["my_comment"], seen["answered_by"]) == (
        "no",
        "Болеет",
        dad.name,
    )
    assert seen["yes"] is None and seen["confirmed"] is None  # counts are the author's
    assert ack_in_history(other_api, s.org.id, msg)["my_answer"] is None

    data = report(teacher, s.org.id, msg)
    assert (data["question"], data["yes"], data["no"], data["no_answer"]) == (QUESTION, 0, 1, 1)
    families = {f["child_name"]: f for f in data["families"]}
    done = families[s.students[0].name]
    assert (done["answer"], done["comment"], done["confirmed_by"]) == ("no", "Болеет", dad.name)
    assert families[s.students[1].name]["answer"] is None
    # Mum changes it back: hers is now the latest.
    assert answer(mum_api, s.org.id, msg, "yes").status_code == 200
    data = report(teacher, s.org.id, msg)
    done = next(f for f in data["families"] if f["child_name"] == s.students[0].name)
    assert (done["answer"], done["comment"], done["confirmed_by"]) == ("yes", "", s.parents[0].name)
    assert (data["yes"], data["no"], data["confirmed"]) == (1, 0, 1)


def test_deadline_closes_and_limits(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    parent = s.parents[0].client(server)
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    # The deadline must be in the future; the question is limited.
    r = send_slip(teacher, s.org.id, chat_id, hours=-1)
    assert r.status_code == 422 and error_code(r) == "deadline_past"
    assert send_slip(teacher, s.org.id, chat_id, question="?" * 301).status_code == 422
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages",
        json={"client_id": "x1", "body": "!", "ack_deadline": utcnow().isoformat()},
    )
    assert r.status_code == 422 and error_code(r) == "deadline_without_question"

    msg = slip(teacher, s.org.id, chat_id, hours=2)
    assert answer(parent, s.org.id, msg, "yes", "я" * 1001).status_code == 422
    assert answer(parent, s.org.id, msg, "yes", "я" * 1000).status_code == 200
    assert answer(teacher, s.org.id, msg, "yes").json()["error"]["code"] == "own_message"
    clock.advance(2 * 3600 + 1)
    r = answer(parent, s.org.id, msg, "no")
    assert r.status_code == 409 and error_code(r) == "slip_closed"
    r = remind(teacher, s.org.id, msg)
    assert r.status_code == 409 and error_code(r) == "slip_closed"
    assert report(teacher, s.org.id, msg)["yes"] == 1
    # A plain important message takes no answer.
    plain = teacher.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages",
        json={"client_id": "x2", "body": "Собрание", "ack_required": True},
    ).json()
    assert plain["ack"]["question"] is None
    r = answer(parent, s.org.id, plain, "yes")
    assert r.status_code == 422 and error_code(r) == "not_a_slip"
    assert confirm(parent, s.org.id, plain).json()["confirmed_by_me"] is True


def test_per_person_in_other_chats_and_export(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann, bob = (k.client(server) for k in s.students)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    msg = slip(teacher, s.org.id, chat_id, hours=None)  # no deadline: open
    assert msg["ack"]["by_family"] is False and msg["ack"]["deadline"] is None
    assert answer(ann, s.org.id, msg, "no", '=HYPERLINK("http://x")').status_code == 200
    assert answer(bob, s.org.id, msg, "yes").status_code == 200
    data = report(teacher, s.org.id, msg)
    assert (data["yes"], data["no"], data["no_answer"]) == (1, 1, data["total"] - 2)
    people = {p["name"]: p for p in data["people"]}
    assert people[s.students[0].name]["answer"] == "no"
    assert ack_in_history(ann, s.org.id, msg)["answered_by"] == s.students[0].name

    r = teacher.get(f"{base(s.org.id, msg)}/acks.csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content[3:].decode("utf-8")), delimiter=";"))
    assert rows[0] == [QUESTION]
    assert rows[1] == ["Да", "1", "Нет", "1", "Нет ответа", str(data["total"] - 2)]
    head = rows.index(["Участник", "Ответ", "Комментарий", "Когда"])
    body = {row[0]: row for row in rows[head + 1 :]}
    assert body[s.students[0].name][1:3] == ["Нет", '\'=HYPERLINK("http://x")']
    assert body[s.students[1].name][1] == "Да" and body[s.students[1].name][3]
    assert len(body) == data["total"]


def test_family_export(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    msg = slip(teacher, s.org.id, chat_id)
    assert answer(s.parents[1].client(server), s.org.id, msg, "no", "-1 day").status_code == 200
    r = teacher.get(f"{base(s.org.id, msg)}/acks.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "Срок"
    head = rows.index(["Ребёнок", "Родители", "Ответ", "Комментарий", "Кто ответил", "Когда"])
    body = {row[0]: row for row in rows[head + 1 :]}
    assert body[s.students[1].name][1:5] == [s.parents[1].name, "Нет", "'-1 day", s.parents[1].name]
    assert body[s.students[0].name][2:5] == ["Нет ответа", "", ""]


def test_permissions(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    r = send_slip(student, s.org.id, s.chat_of_kind(student, "class")["id"])
    assert r.status_code == 403 and error_code(r) == "ack_not_allowed"
    parent = s.parents[0].client(server)
    r = send_slip(parent, s.org.id, s.chat_of_kind(parent, "class_parents")["id"])
    assert r.status_code == 403 and error_code(r) == "ack_not_allowed"
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    msg = slip(teacher, s.org.id, chat_id)
    # Recipients do not see the report or the export.
    assert parent.get(f"{base(s.org.id, msg)}/acks.csv").status_code == 403
    # Another organisation: 404 with either organisation's id.
    intruder_org = make_org(server)
    intruder = intruder_org.admin.client(server)
    for org_id in (s.org.id, intruder_org.id):
        assert answer(intruder, org_id, msg, "yes").status_code == 404
        assert intruder.get(f"{base(org_id, msg)}/acks.csv").status_code == 404
    assert report(teacher, s.org.id, msg)["confirmed"] == 0
