"""Events of a group and of a chat: who is invited, files in the chat, a linked call."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.models import Call
from tests.builders import make_member, make_org
from tests.chats.helpers import error_code, make_group, make_school
from tests.events.helpers import calendar, create, ids, made
from tests.files.helpers import PDF, uploaded
from tests.harness import LiveServer


def _ended_call(server: LiveServer, org_id: str, chat_id: str, by: str) -> str:
    """A finished call of the chat, stored directly (media servers are not needed here)."""

    async def _add(db: AsyncSession) -> str:
        call = Call(
            org_id=org_id,
            chat_id=chat_id,
            mode="group",
            media="audio",
            started_by=by,
            ended_at=utcnow(),
            end_reason="ended",
        )
        db.add(call)
        await db.flush()
        return call.id

    return server.db(_add)


def test_group_event_is_for_the_group_and_its_families(server: LiveServer) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    admin = s.org.admin.client(server)
    lead = make_member(server, org, "teacher")
    r = admin.post(
        f"/orgs/{org}/groups",
        json={"kind": "study", "name": "Робототехника", "lead_membership_id": lead.membership_id},
    )
    assert r.status_code == 201, r.text
    group = r.json()["id"]
    r = admin.post(
        f"/orgs/{org}/groups/{group}/members",
        json={"membership_id": s.students[0].membership_id},
    )
    assert r.status_code == 201, r.text
    event = made(lead.client(server), org, scope="group", group_id=group, kind="club")
    assert event["place_label"] == "Робототехника"
    assert event["counts"]["no_answer"] == 3  # the lead, the student, the student's parent
    for person in (s.students[0], s.parents[0]):
        assert event["id"] in ids(calendar(person.client(server), org))
    for person in (s.students[1], s.parents[1], s.teacher):
        assert event["id"] not in ids(calendar(person.client(server), org))
    # a teacher outside the group may not organise there
    r = create(s.teacher.client(server), org, scope="group", group_id=group)
    assert r.status_code == 403 and error_code(r) == "may_not_organise"


def test_chat_event_carries_files_and_links_a_call(server: LiveServer) -> None:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher")
    kid = make_member(server, org.id, "student")
    outsider = make_member(server, org.id, "student")
    t = teacher.client(server)
    chat = make_group(t, org.id, [kid], title="Олимпиадники")
    pdf = uploaded(t, org.id, chat["id"], "tasks.pdf", PDF)
    event = made(
        t,
        org.id,
        scope="chat",
        chat_id=chat["id"],
        kind="olympiad",
        title="Тренировка",
        attachment_ids=[pdf["id"]],
    )
    assert [a["name"] for a in event["attachments"]] == ["tasks.pdf"]
    assert event["message_id"] and event["place_label"] == "Олимпиадники"
    k = kid.client(server)
    seen = k.get(f"/orgs/{org.id}/events/{event['id']}").json()
    assert seen["attachments"][0]["id"] == pdf["id"]
    history = k.get(f"/orgs/{org.id}/chats/{chat['id']}/messages").json()
    assert any(m["id"] == event["message_id"] for m in history["messages"])
    assert outsider.client(server).get(f"/orgs/{org.id}/events/{event['id']}").status_code == 404
    # a file already sent cannot be reused
    r = create(t, org.id, scope="chat", chat_id=chat["id"], attachment_ids=[pdf["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"
    # a call: only one whose chat the organiser sees
    call_id = _ended_call(server, org.id, chat["id"], teacher.account_id)
    linked = made(t, org.id, scope="chat", chat_id=chat["id"], call_id=call_id)
    assert linked["call_id"] == call_id and linked["online"] is True
    other_chat = make_group(make_member(server, org.id, "teacher").client(server), org.id, [])
    hidden = _ended_call(server, org.id, other_chat["id"], teacher.account_id)
    r = create(t, org.id, scope="chat", chat_id=chat["id"], call_id=hidden)
    assert r.status_code == 422 and error_code(r) == "bad_call"
    r = create(t, org.id, scope="chat", chat_id=chat["id"], call_id="01ARZ3NDEKTSV4RRFFQ69G5FAV")
    assert r.status_code == 422 and error_code(r) == "bad_call"
