"""Invitations to a class event, answers and the organiser's view; who may organise."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.builders import make_member, make_org
from tests.chats.helpers import School, error_code, make_school, token_of
from tests.events.helpers import answered, calendar, create, ids, made, rsvp, utc
from tests.harness import LiveServer, body_of
from tests.realtime.client import EventClient


@pytest.fixture(scope="module")
def school(server: LiveServer) -> School:
    return make_school(server)


def test_class_event_reaches_the_class_and_collects_answers(
    server: LiveServer, school: School
) -> None:
    s, org = school, school.org.id
    teacher = s.teacher.client(server)
    ws = EventClient(server.url, token_of(teacher))
    parent_ws = EventClient(server.url, token_of(s.parents[0].client(server)))
    event = made(
        teacher,
        org,
        scope="class",
        class_id=s.cls.id,
        kind="parent_meeting",
        title="Родительское собрание",
        description="Повестка: **экскурсия**",
        starts_at="2030-03-05T18:00:00+03:00",
        ends_at="2030-03-05T19:30:00+03:00",
        place="Кабинет 21",
    )
    assert event["place_label"] == s.cls.label
    assert event["description_html"] == "<p>Повестка: <strong>экскурсия</strong></p>"
    assert utc(event["starts_at"]) == datetime(2030, 3, 5, 15, 0, tzinfo=UTC)
    assert event["timezone"] == "Europe/Moscow" and event["may_manage"] is True
    assert event["counts"]["no_answer"] == 5  # two students, two parents, the class teacher
    pushed = parent_ws.wait_for(lambda e: e["type"] == "event.updated")
    assert pushed["data"]["id"] == event["id"] and pushed["data"]["my_answer"] is None
    mail = server.mailbox.wait_for(s.parents[0].email, "Родительское собрание")
    assert "Кабинет 21" in body_of(mail)

    window = {"from": "2030-03-01T00:00:00Z", "to": "2030-04-01T00:00:00Z"}
    parent = s.parents[0].client(server)
    assert event["id"] in ids(calendar(parent, org, **window))
    assert event["id"] in ids(calendar(s.students[0].client(server), org, **window))
    outsider = s.other_teacher.client(server)
    assert event["id"] not in ids(calendar(outsider, org, **window))
    assert outsider.get(f"/orgs/{org}/events/{event['id']}").status_code == 404
    other_kid = s.other_student.client(server)
    assert event["id"] not in ids(calendar(other_kid, org, **window))
    assert error_code(rsvp(other_kid, org, event["id"], "going")) == "not_found"
    assert calendar(parent, org, kind="club", **window) == []

    assert answered(parent, org, event["id"], "going")["my_answer"] == "going"
    got = ws.wait_for(lambda e: e["type"] == "event.rsvp")
    assert got["data"]["account_id"] == s.parents[0].account_id
    assert got["data"]["answer"] == "going" and got["data"]["counts"]["going"] == 1
    assert answered(parent, org, event["id"], "maybe")["my_answer"] == "maybe"
    answered(s.students[0].client(server), org, event["id"], "not_going")

    r = teacher.get(f"/orgs/{org}/events/{event['id']}/responses")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["counts"] == {
        "going": 0,
        "waiting": 0,
        "maybe": 1,
        "not_going": 1,
        "no_answer": 3,
    }
    answers = {p["account_id"]: p["answer"] for p in report["people"]}
    assert answers[s.parents[0].account_id] == "maybe"
    assert answers[s.parents[1].account_id] is None
    families = report["families"]
    assert len(families) == 2
    assert sorted(f["answer"] or "-" for f in families) == ["-", "maybe"]
    assert error_code(parent.get(f"/orgs/{org}/events/{event['id']}/responses")) == "not_organiser"
    ws.close()
    parent_ws.close()


def test_who_may_organise(server: LiveServer, school: School) -> None:
    s, org = school, school.org.id
    for person in (s.students[0], s.parents[0]):
        r = create(person.client(server), org, scope="class", class_id=s.cls.id)
        assert r.status_code == 403 and error_code(r) == "may_not_organise"
    teacher = s.teacher.client(server)
    assert error_code(create(teacher, org, scope="class", class_id=s.other_cls.id)) == (
        "may_not_organise"
    )
    assert error_code(create(teacher, org)) == "may_not_organise"  # org-wide: administrators
    unverified = make_member(server, org, "teacher", verified=False).client(server)
    assert create(unverified, org, scope="chat", chat_id="0" * 26).status_code == 404
    assert error_code(create(unverified, org)) == "may_not_organise"
    admin = s.org.admin.client(server)
    event = made(admin, org, title="Педсовет", kind="teachers_council")
    # an org-wide event is for everyone; only its organiser manages it
    assert answered(s.students[1].client(server), org, event["id"], "going")["may_manage"] is False
    r = teacher.patch(f"/orgs/{org}/events/{event['id']}", json={"title": "x"})
    assert r.status_code == 403 and error_code(r) == "not_organiser"

    stranger = make_org(server).admin.client(server)
    assert stranger.get(f"/orgs/{org}/events/{event['id']}").status_code == 404
    assert (
        stranger.get(
            f"/orgs/{org}/events",
            params={"from": "2030-01-01T00:00:00Z", "to": "2030-02-01T00:00:00Z"},
        ).status_code
        == 404
    )


def test_bad_input_is_a_clear_4xx(server: LiveServer, school: School) -> None:
    org = school.org.id
    admin = school.org.admin.client(server)
    cases: list[dict[str, Any]] = [
        {"starts_at": "2030-01-01T10:00:00+03:00", "ends_at": "2030-01-01T09:00:00+03:00"},
        {"starts_at": "2030-01-01T10:00:00", "ends_at": "2030-01-01T11:00:00"},  # no offset
        {"kind": "party"},
        {"reminders": [-5]},
        {"scope": "class", "class_id": "nonsense"},
        {"scope": "org", "class_id": school.cls.id},
        {"title": ""},
        {"all_day": True, "starts_at": None, "ends_at": None},
        {"capacity": 0},
        {"colour": "red"},  # unknown fields are refused, not ignored
        {"attachment_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAV"]},  # only chat events carry files
    ]
    for fields in cases:
        r = create(admin, org, **fields)
        assert r.status_code == 422, (fields, r.text)
        assert r.json()["error"]["code"]
    assert admin.get(f"/orgs/{org}/events/not-an-id%00").status_code == 404
    r = admin.get(
        f"/orgs/{org}/events", params={"from": "2030-01-01T00:00:00Z", "to": "2032-01-01T00:00:00Z"}
    )
    assert r.status_code == 422
    r = admin.get(f"/orgs/{org}/events", params={"from": "yesterday", "to": "2032-01-01T00:00:00Z"})
    assert r.status_code == 422


def test_all_day_event_in_the_organisations_zone(server: LiveServer, school: School) -> None:
    org = school.org.id
    admin = school.org.admin.client(server)
    event = made(
        admin,
        org,
        all_day=True,
        start_date="2030-05-09",
        end_date="2030-05-10",
        starts_at=None,
        ends_at=None,
        kind="excursion",
        title="Экскурсия",
    )
    assert utc(event["starts_at"]) == datetime(2030, 5, 8, 21, 0, tzinfo=UTC)  # Moscow midnight
    assert utc(event["ends_at"]) == datetime(2030, 5, 10, 21, 0, tzinfo=UTC)
    assert (event["start_date"], event["end_date"]) == ("2030-05-09", "2030-05-10")
    r = admin.patch(
        f"/orgs/{org}/events/{event['id']}",
        json={"start_date": "2030-05-12", "end_date": "2030-05-12"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["start_date"] == "2030-05-12" and r.json()["sequence"] == 1


def test_cancellation_notifies_the_invited(server: LiveServer, school: School) -> None:
    s, org = school, school.org.id
    teacher = s.teacher.client(server)
    event = made(teacher, org, scope="class", class_id=s.cls.id, title="Классный час")
    ws = EventClient(server.url, token_of(s.parents[1].client(server)))
    r = teacher.post(f"/orgs/{org}/events/{event['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    got = ws.wait_for(lambda e: e["type"] == "event.updated" and e["data"]["id"] == event["id"])
    assert got["data"]["status"] == "cancelled"
    server.mailbox.wait_for(s.parents[1].email, "Событие отменено: Классный час")
    r = rsvp(s.parents[1].client(server), org, event["id"], "going")
    assert r.status_code == 409 and error_code(r) == "event_cancelled"
    assert teacher.post(f"/orgs/{org}/events/{event['id']}/cancel").status_code == 409
    ws.close()
