"""The trust line: a student writes to the school psychologist anonymously; nothing the
psychologist receives, and nothing stored, says who wrote until a safeguarding escalation
is recorded (audited, and the student is told)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import AuditEvent, ThrottleEvent, TrustMessage, TrustThread
from tests.builders import Person, make_member, make_org
from tests.chats.helpers import School, make_school, token_of
from tests.harness import Api, LiveServer
from tests.moderation.helpers import code, designate, text_of
from tests.realtime.client import EventClient


def _trust_school(server: LiveServer) -> tuple[School, Person]:
    s = make_school(server, students=2)
    org = s.org.id
    psychologist = make_member(server, org, "staff")
    admin = s.org.admin.client(server)
    r = admin.patch(
        f"/orgs/{org}/members/{psychologist.membership_id}", json={"title": "Педагог-психолог"}
    )
    assert r.status_code == 200, r.text
    designate(admin, org, trust_responder_ids=[psychologist.membership_id])
    return s, psychologist


def _stored(server: LiveServer, thread_id: str) -> list[dict[str, Any]]:
    """Every stored value of the thread and its entries."""

    async def _rows(db: AsyncSession) -> list[dict[str, Any]]:
        # The raw rows, as anyone reading the database would see them.
        threads, entries = TrustThread.__table__, TrustMessage.__table__
        rows = [
            *(await db.execute(sa.select(threads).where(threads.c.id == thread_id))).mappings(),
            *(
                await db.execute(sa.select(entries).where(entries.c.thread_id == thread_id))
            ).mappings(),
        ]
        assert len(rows) >= 2
        return [dict(r) for r in rows]

    return server.db(_rows)


def _traces(server: LiveServer, account_id: str) -> list[str]:
    """Trust-line audit rows by the account, and throttle keys that name it."""

    async def _find(db: AsyncSession) -> list[str]:
        audit = (
            await db.execute(
                sa.select(AuditEvent.action).where(
                    AuditEvent.actor_id == account_id,
                    sa.or_(
                        AuditEvent.action.startswith("trust"),
                        AuditEvent.target_type == "trust_thread",
                    ),
                )
            )
        ).scalars()
        keys = (
            await db.execute(
                sa.select(ThrottleEvent.key).where(ThrottleEvent.key.contains(account_id))
            )
        ).scalars()
        return [*audit, *keys]

    return server.db(_find)


def _leaks(texts: list[str], who: Person) -> list[str]:
    markers = [who.account_id, who.name, who.email, who.membership_id or "-"]
    return [m for m in markers for t in texts if m in t]


def test_an_anonymous_writer_stays_sealed_until_an_escalation(server: LiveServer) -> None:
    s, psych = _trust_school(server)
    org = s.org.id
    kid = s.students[0]
    student, responder = kid.client(server), psych.client(server)
    info = student.get(f"/orgs/{org}/trust").json()
    assert info["available"] and info["may_write"] and not info["responder"]
    assert info["responders"] == [
        {
            "membership_id": psych.membership_id,
            "name": psych.name,
            "title": "Педагог-психолог",
            "avatar_url": None,
        }
    ]
    assert responder.get(f"/orgs/{org}/trust").json()["responder"] is True

    seen: list[str] = []
    watch = EventClient(server.url, token_of(responder))
    try:
        r = student.post(
            f"/orgs/{org}/trust/threads",
            json={"responder_id": psych.membership_id, "body": "Меня обижают в классе"},
        )
        assert r.status_code == 201, r.text
        thread = r.json()
        watch.wait_for(lambda e: e["type"] == "trust.thread")
    finally:
        watch.close()
    assert thread["anonymous"] and thread["my_side"] == "writer" and thread["writer"] is None
    tid = thread["id"]

    # Everything the responder receives: a pseudonym, stable, never the account.
    box = responder.get(f"/orgs/{org}/trust/inbox")
    one = responder.get(f"/orgs/{org}/trust/threads/{tid}")
    seen += [text_of(box), text_of(one)]
    writer = one.json()["writer"]
    assert writer["anonymous"] and writer["label"].startswith("Аноним · ")
    assert writer["account_id"] is None and writer["name"] is None
    assert box.json()["items"][0]["writer"]["label"] == writer["label"]
    assert box.json()["items"][0]["unread"] is True
    assert [e["author"] for e in one.json()["entries"]] == [writer["label"]]
    reply = responder.post(
        f"/orgs/{org}/trust/threads/{tid}/entries", json={"body": "Спасибо, что написал(а)."}
    )
    assert reply.status_code == 201
    seen.append(text_of(reply))
    student_events = EventClient(server.url, token_of(student))
    try:
        more = student.post(f"/orgs/{org}/trust/threads/{tid}/entries", json={"body": "Это Петя"})
        assert more.status_code == 201
        answer = responder.post(f"/orgs/{org}/trust/threads/{tid}/entries", json={"body": "Понял"})
        seen.append(text_of(answer))
        # The seal is opened only to reach the writer's own devices.
        student_events.wait_for(
            lambda e: e["type"] == "trust.thread" and e["data"]["thread_id"] == tid
        )
    finally:
        student_events.close()
    again = responder.get(f"/orgs/{org}/trust/threads/{tid}").json()
    assert again["writer"]["label"] == writer["label"]  # stable per thread
    seen.append(text_of(responder.get(f"/orgs/{org}/trust/inbox")))
    assert _leaks(seen, kid) == []

    # Nothing stored says who wrote: no account id in the thread's rows, no audit entry,
    # no throttle key naming the student.
    stored = [str(v) for row in _stored(server, tid) for v in row.values()]
    assert _leaks(stored, kid) == []
    assert _traces(server, kid.account_id) == []

    # Only a recorded escalation reveals the writer, to the responder; it is audited.
    short = responder.post(f"/orgs/{org}/trust/threads/{tid}/escalate", json={"reason": "надо"})
    assert short.status_code == 422 and code(short) == "reason_required"
    assert (
        student.post(
            f"/orgs/{org}/trust/threads/{tid}/escalate", json={"reason": "x" * 20}
        ).status_code
        == 403
    )
    escalated = responder.post(
        f"/orgs/{org}/trust/threads/{tid}/escalate",
        json={"reason": "Угроза жизни ребёнка, нужна встреча с родителями"},
    )
    assert escalated.status_code == 200, escalated.text
    revealed = escalated.json()["writer"]
    assert revealed["account_id"] == kid.account_id and revealed["name"] == kid.name
    assert revealed["class_label"] == s.cls.label
    assert (
        code(responder.post(f"/orgs/{org}/trust/threads/{tid}/escalate", json={"reason": "x" * 20}))
        == "already_escalated"
    )

    async def _audit(db: AsyncSession) -> list[AuditEvent]:
        stmt = sa.select(AuditEvent).where(AuditEvent.action == "trust.escalated")
        return list((await db.execute(stmt.where(AuditEvent.org_id == org))).scalars())

    (entry,) = server.db(_audit)
    assert entry.actor_id == psych.account_id and entry.target_id == tid
    assert entry.data["reason"] == "Угроза жизни ребёнка, нужна встреча с родителями"
    assert kid.account_id not in str(entry.data)
    # The student is told, in the thread (without the responder's reason).
    mine = student.get(f"/orgs/{org}/trust/threads/{tid}").json()
    assert mine["escalated"] and mine["escalation_reason"] == ""
    assert mine["entries"][-1]["event"] == "escalated"
    listed = student.get(f"/orgs/{org}/trust/threads").json()["items"]
    assert [t["id"] for t in listed] == [tid]


def test_nobody_else_reads_the_trust_line(server: LiveServer) -> None:
    s, psych = _trust_school(server)
    org = s.org.id
    student = s.students[0].client(server)
    r = student.post(
        f"/orgs/{org}/trust/threads",
        json={"responder_id": psych.membership_id, "body": "Мне страшно", "anonymous": False},
    )
    assert r.status_code == 201
    tid = r.json()["id"]
    # Given with a name: the responder sees it at once.
    named = psych.client(server).get(f"/orgs/{org}/trust/threads/{tid}").json()["writer"]
    assert named["name"] == s.students[0].name and not named["anonymous"]
    others: list[Api] = [
        s.org.admin.client(server),
        s.teacher.client(server),
        s.students[1].client(server),
        s.parents[0].client(server),
    ]
    for api in others:
        assert api.get(f"/orgs/{org}/trust/threads/{tid}").status_code == 404
        assert (
            api.post(f"/orgs/{org}/trust/threads/{tid}/entries", json={"body": "?"}).status_code
            == 404
        )
        assert tid not in [t["id"] for t in api.get(f"/orgs/{org}/trust/threads").json()["items"]]
        inbox = api.get(f"/orgs/{org}/trust/inbox")
        assert inbox.status_code == 403 and code(inbox) == "not_responder"
    stranger = make_org(server).admin.client(server)
    assert stranger.get(f"/orgs/{org}/trust/threads/{tid}").status_code == 404


def test_who_may_write_to_the_trust_line(server: LiveServer) -> None:
    s, psych = _trust_school(server)
    org = s.org.id
    parent = s.parents[0].client(server)
    body = {"responder_id": psych.membership_id, "body": "Вопрос о ребёнке"}
    assert parent.get(f"/orgs/{org}/trust").json()["may_write"] is False
    r = parent.post(f"/orgs/{org}/trust/threads", json=body)
    assert r.status_code == 403 and code(r) == "trust_not_allowed"
    designate(s.org.admin.client(server), org, trust_everyone=True)
    assert parent.post(f"/orgs/{org}/trust/threads", json=body).status_code == 201
    # Only designated responders can be written to; empty messages are refused.
    student = s.students[0].client(server)
    r = student.post(
        f"/orgs/{org}/trust/threads",
        json={"responder_id": s.teacher.membership_id, "body": "Привет"},
    )
    assert r.status_code == 422 and code(r) == "not_a_responder"
    r = student.post(f"/orgs/{org}/trust/threads", json=body | {"body": "   "})
    assert r.status_code == 422 and code(r) == "empty_message"
    # Without a responder the trust line is closed.
    designate(s.org.admin.client(server), org, trust_responder_ids=[])
    info = student.get(f"/orgs/{org}/trust").json()
    assert info["available"] is False and info["may_write"] is False
