"""Reminders at the event's offsets, with the test clock: in the app and by e-mail, once."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.events.reminders import send_due_reminders
from parta.kit.clock import clock
from parta.models import Account, MailMessage
from tests.builders import make_member, make_org
from tests.chats.helpers import token_of
from tests.events.helpers import answered, at, made, run_reminders
from tests.harness import LiveServer, body_of
from tests.realtime.client import EventClient


def _reminders_to(server: LiveServer, email: str, title: str) -> int:
    """Reminder mails queued in the outbox for this address (delivery is checked apart)."""
    subjects = [f"Напоминание: {title}", f"Reminder: {title}"]

    async def _count(db: AsyncSession) -> int:
        stmt = sa.select(sa.func.count()).where(
            MailMessage.to_address == email, MailMessage.subject.in_(subjects)
        )
        return int((await db.execute(stmt)).scalar_one())

    return server.db(_count)


def test_reminders_are_sent_once_at_their_time(server: LiveServer) -> None:
    org = make_org(server)
    admin = org.admin.client(server)
    ru = make_member(server, org.id, "student")
    en = make_member(server, org.id, "parent")
    declined = make_member(server, org.id, "teacher")

    async def _english(db: AsyncSession) -> None:
        account = await db.get(Account, en.account_id)
        assert account is not None
        account.language = "en"

    server.db(_english)
    title = "Олимпиада"
    event = made(
        admin,
        org.id,
        kind="olympiad",
        title=title,
        starts_at=at(3),
        ends_at=at(5),
        reminders=[120, 30],
        place="Актовый зал",
    )
    answered(declined.client(server), org.id, event["id"], "not_going")
    ws = EventClient(server.url, token_of(ru.client(server)))

    run_reminders(server)
    assert _reminders_to(server, ru.email, title) == 0  # three hours before: nothing due yet

    clock.advance(61 * 60)  # 1 h 59 min before the start: the 120-minute reminder
    run_reminders(server)
    got = ws.wait_for(lambda e: e["type"] == "event.reminder")
    assert got["data"]["id"] == event["id"]
    mail = server.mailbox.wait_for(ru.email, f"Напоминание: {title}")
    assert "Актовый зал" in body_of(mail)
    server.mailbox.wait_for(en.email, f"Reminder: {title}")
    run_reminders(server)  # again: nothing more
    clock.advance(30 * 60)
    run_reminders(server)  # 1 h 29 min before: still only the first one
    assert _reminders_to(server, ru.email, title) == 1
    assert _reminders_to(server, en.email, title) == 1
    assert not [e for e in ws.drain() if e["type"] == "event.reminder"]

    clock.advance(60 * 60)  # 29 min before: the 30-minute reminder, once, even when two
    maker = server.app.state.sessionmaker  # nodes run the job at the same moment

    async def _twice() -> None:
        await asyncio.gather(send_due_reminders(maker), send_due_reminders(maker))

    server.run(_twice())
    ws.wait_for(lambda e: e["type"] == "event.reminder")
    server.mailbox.wait_for(en.email, f"Reminder: {title}")
    assert _reminders_to(server, ru.email, title) == 2
    assert _reminders_to(server, en.email, title) == 2
    assert _reminders_to(server, declined.email, title) == 0  # said they would not come
    clock.advance(60 * 60)  # after the start: nothing
    run_reminders(server)
    assert _reminders_to(server, ru.email, title) == 2
    ws.close()


def test_a_moved_event_reminds_again_and_a_cancelled_one_does_not(server: LiveServer) -> None:
    org = make_org(server)
    admin = org.admin.client(server)
    kid = make_member(server, org.id, "student")
    moved = made(admin, org.id, title="Экскурсия", starts_at=at(1), ends_at=at(2), reminders=[90])
    cancelled = made(
        admin, org.id, title="Робототехника", starts_at=at(1), ends_at=at(2), reminders=[90]
    )
    assert admin.post(f"/orgs/{org.id}/events/{cancelled['id']}/cancel").status_code == 200
    run_reminders(server)
    server.mailbox.wait_for(kid.email, "Напоминание: Экскурсия")
    r = admin.patch(
        f"/orgs/{org.id}/events/{moved['id']}", json={"starts_at": at(1.2), "ends_at": at(2)}
    )
    assert r.status_code == 200, r.text
    run_reminders(server)
    assert _reminders_to(server, kid.email, "Экскурсия") == 2
    assert _reminders_to(server, kid.email, "Робототехника") == 0
