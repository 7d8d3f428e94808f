"""The personal iCalendar feed, parsed back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar

from parta.kit.clock import utcnow
from tests.chats.helpers import make_school
from tests.events.helpers import made
from tests.harness import Api, LiveServer


def _feed(anon: Api, url: str) -> Calendar:
    path = url.split("/api/v1", 1)[1]
    r = anon.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(r.content)


def test_feed_has_my_events_only_and_can_be_revoked(server: LiveServer, anon: Api) -> None:
    d = (utcnow() + timedelta(days=30)).date()  # inside the feed's window, whatever today is
    day_after = d + timedelta(days=1)
    s = make_school(server, students=1)
    org = s.org.id
    teacher = s.teacher.client(server)
    mine = made(
        teacher,
        org,
        scope="class",
        class_id=s.cls.id,
        title="Классный час",
        description="Тема: *дружба*",
        starts_at=f"{d}T09:00:00+03:00",
        ends_at=f"{d}T09:45:00+03:00",
        place="Каб. 12",
    )
    day = made(
        s.org.admin.client(server),
        org,
        title="День здоровья",
        all_day=True,
        start_date=str(d),
        starts_at=None,
        ends_at=None,
    )
    gone = made(teacher, org, scope="class", class_id=s.cls.id, title="Экскурсия", online=True)
    assert teacher.post(f"/orgs/{org}/events/{gone['id']}/cancel").status_code == 200
    others = made(s.other_teacher.client(server), org, scope="class", class_id=s.other_cls.id)

    parent = s.parents[0].client(server)
    assert parent.get("/me/calendar-feed").json() == {
        "active": False,
        "created_at": None,
        "url": None,
    }
    r = parent.post("/me/calendar-feed")
    assert r.status_code == 200, r.text
    url = r.json()["url"]
    assert url.endswith(".ics") and parent.get("/me/calendar-feed").json()["url"] is None

    cal = _feed(anon, url)
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert set(events) == {mine["id"], day["id"], gone["id"]}
    assert others["id"] not in events
    lesson = events[mine["id"]]
    assert lesson.decoded("DTSTART") == datetime.combine(d, time(6, 0), UTC)
    assert lesson.decoded("DTEND") == datetime.combine(d, time(6, 45), UTC)
    assert str(lesson["SUMMARY"]) == "Классный час"
    assert str(lesson["DESCRIPTION"]) == "Тема: *дружба*"
    assert str(lesson["LOCATION"]) == "Каб. 12"
    assert str(lesson["STATUS"]) == "CONFIRMED" and int(str(lesson["SEQUENCE"])) == 0
    assert events[day["id"]].decoded("DTSTART") == d
    assert events[day["id"]].decoded("DTEND") == day_after
    assert str(events[gone["id"]]["STATUS"]) == "CANCELLED"
    assert int(str(events[gone["id"]]["SEQUENCE"])) == 1
    assert str(events[gone["id"]]["LOCATION"]) == "online"

    # a change shows up with a higher SEQUENCE
    r = teacher.patch(
        f"/orgs/{org}/events/{mine['id']}",
        json={"starts_at": f"{d}T10:00:00+03:00", "ends_at": f"{d}T10:45:00+03:00"},
    )
    assert r.status_code == 200, r.text
    moved = {str(e["UID"]).split("@")[0]: e for e in _feed(anon, url).walk("VEVENT")}[mine["id"]]
    assert moved.decoded("DTSTART") == datetime.combine(d, time(7, 0), UTC)
    assert int(str(moved["SEQUENCE"])) == 1

    # someone else's feed never shows my class's events to another class's family
    other = s.other_student.client(server)
    theirs = _feed(anon, other.post("/me/calendar-feed").json()["url"])
    uids = {str(e["UID"]).split("@")[0] for e in theirs.walk("VEVENT")}
    assert uids == {day["id"], others["id"]}

    # regenerating kills the old address; revoking kills the new one
    again = parent.post("/me/calendar-feed").json()["url"]
    assert anon.get(url.split("/api/v1", 1)[1]).status_code == 404
    _feed(anon, again)
    assert parent.delete("/me/calendar-feed").status_code == 204
    assert anon.get(again.split("/api/v1", 1)[1]).status_code == 404
    assert anon.get("/calendar/short.ics").status_code == 404
    assert anon.get("/calendar/" + "x" * 43 + "%00.ics").status_code == 404
    assert anon.post("/me/calendar-feed").status_code == 401
