"""Reports: evidence that outlives deletion, each handler action and its audit entry, the
reporter's view of the outcome, and who sees nothing (report handling permissions)."""

from __future__ import annotations

from datetime import timedelta

from parta.kit.clock import clock
from tests.builders import make_member, make_org
from tests.chats.helpers import School, make_group, make_school, post, token_of
from tests.harness import LiveServer
from tests.moderation.helpers import (
    act,
    audit_rows,
    close,
    code,
    designate,
    queue,
    queue_ids,
    report,
    report_message,
    report_person,
    reported,
    said,
)
from tests.realtime.client import EventClient


def test_handlers_see_the_evidence_after_the_sender_deleted_it(server: LiveServer) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    teacher, admin = s.teacher.client(server), s.org.admin.client(server)
    bully, victim = s.students[0].client(server), s.students[1].client(server)
    chat = s.chat_of_kind(victim, "class")["id"]
    said(victim, org, chat, "Кто идёт на олимпиаду?")
    bad = said(bully, org, chat, "Ты глупая, никто с тобой не дружит")
    said(victim, org, chat, "Зачем ты так?")
    watcher = EventClient(server.url, token_of(teacher))
    try:
        r = reported(victim, org, chat, bad["id"], reason="bullying", comment="Не в первый раз")
        watcher.wait_for(
            lambda e: e["type"] == "moderation.report" and e["data"]["report_id"] == r["id"]
        )
    finally:
        watcher.close()
    assert r["status"] == "open" and r["as_handler"] is False  # the reporter's own view
    assert r["target"]["account_id"] == s.students[0].account_id

    # The author deletes the message: the chat shows a tombstone...
    assert bully.delete(f"/orgs/{org}/chats/{chat}/messages/{bad['id']}").status_code == 204
    history = teacher.get(f"/orgs/{org}/chats/{chat}/messages").json()["messages"]
    gone = next(m for m in history if m["id"] == bad["id"])
    assert gone["deleted"] and gone["body"] == ""

    # ...but the class chat's moderator and the administrators (safeguarding by default)
    # read the message and its context as they were when it was reported.
    for handler in (teacher, admin):
        assert r["id"] in queue_ids(handler, org)
        detail = report(handler, org, r["id"]).json()
        assert detail["as_handler"] and detail["comment"] == "Не в первый раз"
        proof = detail["evidence"]
        bodies = [m["body"] for m in proof["messages"]]
        assert bodies == [
            "Кто идёт на олимпиаду?",
            "Ты глупая, никто с тобой не дружит",
            "Зачем ты так?",
        ]
        marked = [m for m in proof["messages"] if m["reported"]]
        assert marked[0]["author"]["name"] == s.students[0].name
        assert proof["deleted_since"] and proof["deleted_by_author"]
        assert detail["reporter"]["account_id"] == s.students[1].account_id
        assert set(detail["actions"]) >= {"delete_message", "silence"}
    assert "suspend" in report(admin, org, r["id"]).json()["actions"]
    assert "suspend" not in report(teacher, org, r["id"]).json()["actions"]
    filed = audit_rows(server, org, "moderation.report_filed")
    assert [(a.actor_id, a.target_id) for a in filed] == [(s.students[1].account_id, r["id"])]


def _group_case(server: LiveServer) -> tuple[School, str, str, dict[str, str]]:
    s = make_school(server, students=3)
    org = s.org.id
    teacher = s.teacher.client(server)
    group = make_group(teacher, org, s.students, title="Кружок робототехники")
    bully = s.students[0].client(server)
    bad = said(bully, org, group["id"], "Скину всем твои фотки")
    r = reported(s.students[1].client(server), org, group["id"], bad["id"], reason="harassment")
    return s, group["id"], r["id"], bad


def test_each_action_works_and_is_audited_and_the_reporter_sees_the_outcome(
    server: LiveServer,
) -> None:
    s, chat, report_id, bad = _group_case(server)
    org = s.org.id
    teacher, admin = s.teacher.client(server), s.org.admin.client(server)
    bully, reporter = s.students[0].client(server), s.students[1].client(server)
    reporter_events = EventClient(server.url, token_of(reporter))
    try:
        # Delete the message.
        r = act(teacher, org, report_id, "delete_message")
        assert r.status_code == 200, r.text
        assert [h["action"] for h in r.json()["history"]] == ["delete_message"]
        page = reporter.get(f"/orgs/{org}/chats/{chat}/messages").json()["messages"]
        assert next(m for m in page if m["id"] == bad["id"])["deleted"]
        assert code(act(teacher, org, report_id, "delete_message")) == "message_deleted"

        # Silence for an hour: the person reads but cannot post, until it is lifted.
        assert code(act(teacher, org, report_id, "silence", minutes=2)) == "bad_silence"
        r = act(teacher, org, report_id, "silence", minutes=60, note="Остынь")
        assert r.status_code == 200 and r.json()["silence"]["person"]["name"] == s.students[0].name
        refused = post(bully, org, chat, "ещё раз")
        assert refused.status_code == 403 and code(refused) == "silenced"
        assert refused.json()["error"]["fields"]["until"]
        assert bully.get(f"/orgs/{org}/chats/{chat}/messages").status_code == 200
        silence_id = r.json()["silence"]["id"]
        lift = (
            s.students[2]
            .client(server)
            .post(f"/orgs/{org}/moderation/silences/{silence_id}/lift", json={})
        )
        assert lift.status_code == 404  # not a moderator of the chat
        lift = teacher.post(f"/orgs/{org}/moderation/silences/{silence_id}/lift", json={})
        assert lift.status_code == 204
        assert post(bully, org, chat, "извини").status_code == 201
        # A silence also ends on its own.
        assert act(teacher, org, report_id, "silence", minutes=5).status_code == 200
        assert post(bully, org, chat, "x").status_code == 403
        clock.advance(6 * 60)
        assert post(bully, org, chat, "я понял").status_code == 201

        # Remove from the chat.
        r = act(teacher, org, report_id, "remove_from_chat")
        assert r.status_code == 200, r.text
        assert bully.get(f"/orgs/{org}/chats/{chat}").status_code == 404
        assert code(act(teacher, org, report_id, "remove_from_chat")) == "not_in_chat"

        # Suspend: an administrator's decision.
        r = act(teacher, org, report_id, "suspend")
        assert r.status_code == 403 and code(r) == "action_not_allowed"
        r = act(admin, org, report_id, "suspend", note="До разговора с родителями")
        assert r.status_code == 200 and r.json()["suspended"]
        assert bully.get(f"/orgs/{org}/chats").status_code == 404
        listed = admin.get(f"/orgs/{org}/moderation/suspensions").json()
        (row,) = [x for x in listed if x["person"]["account_id"] == s.students[0].account_id]
        assert row["reason"] == "До разговора с родителями" and row["report_id"] == report_id
        members = admin.get(f"/orgs/{org}/members", params={"status": "suspended"}).json()
        assert [m["account_id"] for m in members["items"]] == [s.students[0].account_id]
        assert teacher.get(f"/orgs/{org}/moderation/suspensions").status_code == 403
        lifted = admin.post(f"/orgs/{org}/moderation/suspensions/{row['id']}/lift", json={})
        assert lifted.status_code == 204
        assert bully.get(f"/orgs/{org}/chats").status_code == 200

        actions = [a.action for a in audit_rows(server, org, "moderation.")]
        assert actions == [
            "moderation.report_filed",
            "moderation.delete_message",
            "moderation.silence",
            "moderation.silence_lifted",
            "moderation.silence",
            "moderation.remove_from_chat",
            "moderation.suspend",
            "moderation.suspension_lifted",
        ]

        # Close: the reporter reads the outcome and the reply, never the internal note.
        r = close(
            teacher, org, report_id, outcome="action_taken", note="Родители в курсе",
            reply="Спасибо, что сообщили. Мы приняли меры.",
        )  # fmt: skip
        assert r.status_code == 200 and r.json()["status"] == "closed"
        assert r.json()["note"] == "Родители в курсе"
        event = reporter_events.wait_for(lambda e: e["type"] == "moderation.report")
        assert event["data"] == {"org_id": org, "report_id": report_id, "status": "closed"}
    finally:
        reporter_events.close()
    mine = report(reporter, org, report_id).json()
    assert mine["status"] == "closed" and mine["outcome"] == "action_taken"
    assert mine["reply"] == "Спасибо, что сообщили. Мы приняли меры."
    assert mine["note"] == "" and mine["history"] == [] and mine["actions"] == []
    assert not mine["as_handler"] and not mine["suspended"]
    assert [m["reported"] for m in mine["evidence"]["messages"]] == [True]  # no context
    rows = reporter.get(f"/orgs/{org}/moderation/reports/mine").json()
    assert rows["items"][0]["outcome"] == "action_taken" and rows["counts"]["closed"] == 1
    assert code(close(teacher, org, report_id, outcome="no_violation")) == "report_closed"
    assert code(act(admin, org, report_id, "silence", minutes=60)) == "report_closed"
    assert audit_rows(server, org, "moderation.report_closed")[0].data == {
        "outcome": "action_taken"
    }


def test_non_handlers_and_other_organisations_see_nothing(server: LiveServer) -> None:
    s, _chat, report_id, _ = _group_case(server)
    org = s.org.id
    classmate = s.students[2].client(server)
    reported_person = s.students[0].client(server)
    other_teacher = s.other_teacher.client(server)  # not in the group, not safeguarding
    parent = s.parents[0].client(server)
    for api in (classmate, reported_person, other_teacher, parent):
        assert report(api, org, report_id).status_code == 404
        assert report_id not in queue_ids(api, org)
        assert act(api, org, report_id, "delete_message").status_code == 404
        assert close(api, org, report_id, outcome="no_violation").status_code == 404
    assert queue(classmate, org)["counts"] == {"open": 0, "closed": 0}
    overview = classmate.get(f"/orgs/{org}/moderation").json()
    assert overview["handler"] is False and overview["open_reports"] == 0
    assert s.teacher.client(server).get(f"/orgs/{org}/moderation").json()["open_reports"] == 1

    # Another organisation's administrator: nothing, under either organisation.
    other = make_org(server)
    stranger = other.admin.client(server)
    assert report(stranger, org, report_id).status_code == 404
    assert report(stranger, other.id, report_id).status_code == 404
    assert report_id not in queue_ids(stranger, other.id)

    # A report of a person (no chat) goes to safeguarding staff only.
    r = report_person(classmate, org, s.students[0].account_id)
    assert r.status_code == 201, r.text
    assert r.json()["id"] in queue_ids(s.org.admin.client(server), org)
    assert r.json()["id"] not in queue_ids(s.teacher.client(server), org)
    assert report_person(classmate, org, other.admin.account_id).status_code == 404


def test_no_reporting_oneself_nor_flooding(server: LiveServer) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    a, b = s.students[0].client(server), s.students[1].client(server)
    chat = s.chat_of_kind(a, "class")["id"]
    mine = said(a, org, chat, "моё")
    r = report_message(a, org, chat, mine["id"])
    assert r.status_code == 409 and code(r) == "not_reportable"
    assert report_person(a, org, s.students[0].account_id).status_code == 409
    first = said(b, org, chat, "спам 0")
    one = reported(a, org, chat, first["id"], reason="spam")
    again = report_message(a, org, chat, first["id"], reason="spam")
    assert again.status_code == 200 and again.json()["id"] == one["id"]  # the same report
    for n in range(1, 10):
        m = said(b, org, chat, f"спам {n}")
        assert report_message(a, org, chat, m["id"], reason="spam").status_code == 201
    m = said(b, org, chat, "спам 10")
    r = report_message(a, org, chat, m["id"], reason="spam")
    assert r.status_code == 429 and code(r) == "report_limit"
    clock.advance(timedelta(hours=1, minutes=1).total_seconds())
    assert report_message(a, org, chat, m["id"], reason="spam").status_code == 201
    # Messages of chats I am not in cannot be reported; deleted ones neither.
    outsider = s.other_student.client(server)
    assert report_message(outsider, org, chat, m["id"]).status_code == 404
    assert b.delete(f"/orgs/{org}/chats/{chat}/messages/{m['id']}").status_code == 204
    other = said(b, org, chat, "ещё")
    assert b.delete(f"/orgs/{org}/chats/{chat}/messages/{other['id']}").status_code == 204
    assert code(report_message(a, org, chat, other["id"])) == "message_deleted"


def test_designated_safeguarding_staff_and_self_harm_concerns(server: LiveServer) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    lead = make_member(server, org, "teacher")
    student = s.students[1].client(server)
    r = admin.put(
        f"/orgs/{org}/moderation/settings", json={"staff_ids": [s.students[0].membership_id]}
    )
    assert r.status_code == 422 and code(r) == "not_verified_staff"
    assert (
        teacher.put(f"/orgs/{org}/moderation/settings", json={"staff_ids": []}).status_code == 403
    )
    out = designate(admin, org, staff_ids=[lead.membership_id])
    assert [p["account_id"] for p in out["staff"]] == [lead.account_id]
    assert out["admins_by_default"] is False
    assert teacher.get(f"/orgs/{org}/moderation/settings").status_code == 200
    assert student.get(f"/orgs/{org}/moderation/settings").status_code == 403
    assert audit_rows(server, org, "moderation.settings_changed")[0].data == {
        "staff": [lead.membership_id]
    }

    chat = s.chat_of_kind(student, "class")["id"]
    worrying = said(s.students[0].client(server), org, chat, "Мне незачем жить")
    concern = reported(student, org, chat, worrying["id"], reason="self_harm")
    lead_api = lead.client(server)
    assert concern["id"] in queue_ids(lead_api, org)
    # The class chat's moderator is not who handles self-harm concerns; the administrator
    # is not safeguarding staff any more, now that someone is designated.
    assert concern["id"] not in queue_ids(teacher, org)
    assert report(teacher, org, concern["id"]).status_code == 404
    assert report(admin, org, concern["id"]).status_code == 404
    assert lead_api.get(f"/orgs/{org}/moderation").json()["safeguarding"] is True
    r2 = close(lead_api, org, concern["id"], outcome="referred", reply="С тобой свяжется психолог.")
    assert r2.status_code == 200 and r2.json()["outcome"] == "referred"
