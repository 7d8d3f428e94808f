"""E-mail digests with the test clock and the real SMTP mailbox: opt-in, what they hold, who
does not get them, once per due time across nodes, and the one-click unsubscribe."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from parta.digests.job import send_due_digests
from parta.kit.clock import clock, utcnow
from parta.models import Account
from tests.acks.helpers import important
from tests.builders import make_member, make_org
from tests.chats.helpers import make_school, post
from tests.events.helpers import at, made
from tests.harness import Api, LiveServer, body_of

DAY = 24 * 3600


def run_digests(server: LiveServer) -> int:
    """One run of the digest job, as the periodic task would do it."""
    return server.run(send_due_digests(server.app.state.sessionmaker))


def turn_on(api: Api, frequency: str) -> datetime:
    r = api.patch("/me/notifications", json={"digest": frequency})
    assert r.status_code == 200, r.text
    assert r.json()["digest"] == frequency
    return datetime.fromisoformat(r.json()["digest_next_at"])


def test_a_daily_digest_and_its_one_click_unsubscribe(server: LiveServer, anon: Api) -> None:
    s = make_school(server)
    parent = s.parents[0]
    api = parent.client(server)
    assert api.get("/me/notifications").json()["digest"] == "off"  # opt-in
    due = turn_on(api, "daily")
    local = due.astimezone(ZoneInfo("Europe/Moscow"))
    assert (local.hour, local.minute) == (18, 0) and due > utcnow()

    clock.advance(DAY + 3600)  # the parent has not opened the app for over a day
    teacher = s.teacher.client(server)
    chat = s.chat_of_kind(teacher, "class_parents")
    important(teacher, s.org.id, chat["id"], "Подпишите согласие на экскурсию")
    post(teacher, s.org.id, chat["id"], f"<@{parent.account_id}>, позвоните мне, пожалуйста")
    made(
        teacher,
        s.org.id,
        scope="class",
        class_id=s.cls.id,
        title="Родительское собрание",
        starts_at=at(20),
        ends_at=at(21),
        place="Кабинет 12",
    )
    made(
        teacher,
        s.org.id,
        scope="class",
        class_id=s.cls.id,
        title="Далёкий концерт",
        starts_at=at(24 * 5),
        ends_at=at(24 * 5 + 2),
    )

    maker = server.app.state.sessionmaker

    async def _two_nodes() -> list[int]:
        return list(await asyncio.gather(send_due_digests(maker), send_due_digests(maker)))

    assert sorted(server.run(_two_nodes())) == [0, 1]  # one digest, even with two nodes
    mail = server.mailbox.wait_for(parent.email, "Парта: сводка за день")
    body = body_of(mail)
    assert f"Здравствуйте, {parent.name}!" in body
    title = chat["title"]
    assert f"«{title}» — {s.teacher.name}: Подпишите согласие на экскурсию" in body
    assert f"«{title}» — {s.teacher.name}: @{parent.name}, позвоните мне, пожалуйста" in body
    assert "Родительское собрание — " in body and "Кабинет 12" in body
    assert "Далёкий концерт" not in body  # beyond the next two days
    assert f"{server.url}/chats/{chat['id']}?msg=" in body
    # Long headers may be folded on the way: unfold, as mail apps do.
    unsubscribe = "".join(str(mail["List-Unsubscribe"]).split()).strip("<>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Отписаться одним нажатием: {unsubscribe}" in body
    assert run_digests(server) == 0  # the next one is tomorrow

    # A GET (a mail scanner, a link preview) only asks; the POST, with no session, acts.
    path = unsubscribe.removeprefix(server.url + "/api/v1")
    page = anon.get(path)
    assert page.status_code == 200 and "Отписаться" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert api.get("/me/notifications").json()["digest"] == "daily"
    done = anon.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, done.text
    assert parent.email in done.text
    prefs = api.get("/me/notifications").json()
    assert (prefs["digest"], prefs["digest_next_at"]) == ("off", None)
    assert anon.post(path).status_code == 200  # again: still off, no error

    # Forged or altered links do nothing.
    account_id, _, signature = path.rsplit("/", 1)[1].partition(".")
    other = s.parents[1].account_id
    for token in (f"{other}.{signature}", f"{account_id}.{'0' * 32}", "nonsense", "a.b.c"):
        assert anon.post(f"/digests/unsubscribe/{token}").status_code == 404
        assert anon.get(f"/digests/unsubscribe/{token}").status_code == 404


def _count(server: LiveServer, email: str) -> int:
    return server.mailbox.count(email)


def test_no_digest_without_news_or_for_people_who_use_the_app(server: LiveServer) -> None:
    s = make_school(server)
    quiet, active = s.parents[0], s.parents[1]
    quiet_api, active_api = quiet.client(server), active.client(server)
    turn_on(quiet_api, "daily")
    turn_on(active_api, "daily")
    clock.advance(DAY + 3600)
    # News for both parents, but one of them has just used the app.
    teacher = s.teacher.client(server)
    chat = s.chat_of_kind(teacher, "class_parents")
    assert active_api.get("/me/orgs").status_code == 200
    post(teacher, s.org.id, chat["id"], f"<@{active.account_id}>, ждём вас")
    assert run_digests(server) == 0
    assert _count(server, quiet.email) == 0 and _count(server, active.email) == 0
    # Both schedules moved on to tomorrow.
    for api in (quiet_api, active_api):
        due = datetime.fromisoformat(api.get("/me/notifications").json()["digest_next_at"])
        assert utcnow() < due <= utcnow() + timedelta(days=1)


def test_a_weekly_digest_in_english_on_sunday(server: LiveServer) -> None:
    org = make_org(server)
    person = make_member(server, org.id, "teacher")

    async def _english(db: AsyncSession) -> None:
        account = await db.get(Account, person.account_id)
        assert account is not None
        account.language = "en"

    server.db(_english)
    api = person.client(server)
    due = turn_on(api, "weekly")
    local = due.astimezone(ZoneInfo("Europe/Moscow"))
    assert (local.weekday(), local.hour) == (6, 18)
    clock.advance(8 * DAY)  # past Sunday, and more than a day since they used the app
    admin = org.admin.client(server)
    made(admin, org.id, title="Teachers' council", starts_at=at(24 * 3), ends_at=at(24 * 3 + 1))
    assert run_digests(server) == 1
    # Late (the server was down on Sunday): no catching up, the next one is a Sunday again.
    due = datetime.fromisoformat(api.get("/me/notifications").json()["digest_next_at"])
    assert due.astimezone(ZoneInfo("Europe/Moscow")).weekday() == 6 and due > utcnow()
    mail = server.mailbox.wait_for(person.email, "Parta: your weekly digest")
    body = body_of(mail)
    assert "Events in the week ahead:" in body and "Teachers' council — " in body
    assert "Unsubscribe with one click: " in body


def test_a_digest_needs_a_confirmed_address(server: LiveServer) -> None:
    org = make_org(server)
    person = make_member(server, org.id, "parent")

    async def _unconfirm(db: AsyncSession) -> None:
        account = await db.get(Account, person.account_id)
        assert account is not None
        account.email_verified_at = None

    server.db(_unconfirm)
    api = person.client(server)
    r = api.patch("/me/notifications", json={"digest": "weekly"})
    assert (r.status_code, r.json()["error"]["code"]) == (409, "email_not_verified")
    assert api.patch("/me/notifications", json={"digest": "off"}).status_code == 200


def test_unsubscribe_answers_bad_input_cleanly(anon: Api) -> None:
    for path in ("/digests/unsubscribe/%00", "/digests/unsubscribe/" + "x" * 500):
        r: httpx.Response = anon.post(path)
        assert r.status_code == 404, r.text
