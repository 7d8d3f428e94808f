"""Chat invitation links: only members of the same organisation join, with optional
approval by a moderator; expiry, revocation, use limits and the safety rules for students."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import clock
from parta.kit.ids import sha256_hex
from parta.models import ChatInvite
from tests.builders import Person, make_member, make_org, make_person
from tests.chats.helpers import (
    error_code,
    make_group,
    make_school,
    reconcile,
    token_of,
)
from tests.harness import Api, LiveServer
from tests.realtime.client import EventClient


def create_link(api: Api, org_id: str, chat_id: str, **body: Any) -> dict[str, Any]:
    r = api.post(f"/orgs/{org_id}/chats/{chat_id}/invites", json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def join(server: LiveServer, person: Person, org_id: str, token: str) -> httpx.Response:
    return person.client(server).post(f"/orgs/{org_id}/chat-invites/{token}/join")


def members(api: Api, org_id: str, chat_id: str) -> set[str]:
    return {m["account_id"] for m in api.get(f"/orgs/{org_id}/chats/{chat_id}/members").json()}


def test_a_teachers_link_to_the_class_chat(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    chat = s.chat_of_kind(teacher, "class")
    link = create_link(teacher, org, chat["id"])
    assert link["status"] == "active" and link["uses"] == 0 and link["max_uses"] is None
    assert link["url"] == f"{server.url}/orgs/{org}/chat-invites/{link['token']}"
    assert link["created_by"] == s.teacher.account_id and link["expires_at"]

    # Only the token's SHA-256 is stored.
    async def stored(db: AsyncSession) -> list[str]:
        row = await db.get(ChatInvite, link["id"])
        assert row is not None
        return [str(v) for v in (row.token_hash, row.id, row.created_by)]

    assert sha256_hex(link["token"]) in server.db(stored)
    assert link["token"] not in server.db(stored)
    # Members of a roster chat cannot make links; moderators list theirs again.
    student = s.students[0].client(server)
    r = student.post(f"/orgs/{org}/chats/{chat['id']}/invites", json={})
    assert r.status_code == 403 and error_code(r) == "invite_not_allowed"
    assert student.get(f"/orgs/{org}/chats/{chat['id']}/invites").status_code == 403
    assert [i["token"] for i in teacher.get(f"/orgs/{org}/chats/{chat['id']}/invites").json()] == [
        link["token"]
    ]

    # A subject teacher of the school previews and joins; the class sees them arrive.
    newcomer = s.other_teacher
    r = newcomer.client(server).get(f"/orgs/{org}/chat-invites/{link['token']}")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "chat_id": chat["id"],
        "title": "5А",
        "kind": "class",
        "member_count": 3,
        "needs_approval": False,
        "my_status": "none",
    }
    ws = EventClient(server.url, token_of(student))
    try:
        r = join(server, newcomer, org, link["token"])
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "active" and r.json()["chat"]["id"] == chat["id"]
        ev = ws.wait_for(lambda e: e["type"] == "member.joined")
        assert ev["data"]["members"][0]["account_id"] == newcomer.account_id
    finally:
        ws.close()
    # Joining again changes nothing and uses nothing.
    assert join(server, newcomer, org, link["token"]).json()["status"] == "active"
    assert teacher.get(f"/orgs/{org}/chats/{chat['id']}/invites").json()[0]["uses"] == 1
    # The roster keeps people who came by a link while they belong to the school.
    reconcile(server, org)
    assert newcomer.account_id in members(teacher, org, chat["id"])
    # Unlike the roster's members, they may leave, and the moderator may remove them.
    base = f"/orgs/{org}/chats/{chat['id']}"
    assert newcomer.client(server).post(f"{base}/leave").status_code == 204
    assert join(server, newcomer, org, link["token"]).json()["status"] == "active"
    assert teacher.delete(f"{base}/members/{newcomer.account_id}").status_code == 204
    assert newcomer.account_id not in members(teacher, org, chat["id"])
    r = teacher.delete(f"{base}/members/{s.students[0].account_id}")
    assert r.status_code == 409 and error_code(r) == "roster_chat"
    # Removed by a moderator, they could come back only with approval.
    assert join(server, newcomer, org, link["token"]).json()["status"] == "pending"


def test_join_approval(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    chat = make_group(teacher, org, [s.students[0]], join_approval=True)
    base = f"/orgs/{org}/chats/{chat['id']}"
    link = create_link(teacher, org, chat["id"])
    mod_ws = EventClient(server.url, token_of(teacher))
    member_ws = EventClient(server.url, token_of(s.students[0].client(server)))
    asker = s.students[1]
    asker_api = asker.client(server)
    asker_ws = EventClient(server.url, token_of(asker_api))
    try:
        preview = asker_api.get(f"/orgs/{org}/chat-invites/{link['token']}").json()
        assert preview["needs_approval"] is True and preview["my_status"] == "none"
        r = join(server, asker, org, link["token"])
        assert r.status_code == 200 and r.json() == {
            "status": "pending",
            "chat_id": chat["id"],
            "chat": None,
        }
        ev = mod_ws.wait_for(lambda e: e["type"] == "join.requested")
        assert ev["chat_id"] == chat["id"] and ev["data"]["account_id"] == asker.account_id
        # Waiting: nothing of the chat is visible yet, and asking again changes nothing.
        assert asker_api.get(base).status_code == 404
        assert asker_api.get(f"{base}/messages").status_code == 404
        assert chat["id"] not in {c["id"] for c in s.chats(asker_api)}
        assert join(server, asker, org, link["token"]).json()["status"] == "pending"
        preview = asker_api.get(f"/orgs/{org}/chat-invites/{link['token']}").json()
        assert preview["my_status"] == "pending"
        assert teacher.get(base).json()["join_requests"] == 1
        assert s.students[0].client(server).get(base).json()["join_requests"] == 0
        # Only moderators see and answer requests.
        student = s.students[0].client(server)
        assert student.get(f"{base}/join-requests").status_code == 403
        r = student.post(f"{base}/join-requests/{asker.account_id}/approve")
        assert r.status_code == 403
        requests = teacher.get(f"{base}/join-requests").json()
        assert [q["account_id"] for q in requests] == [asker.account_id]
        assert requests[0]["invite_id"] == link["id"] and requests[0]["roles"] == ["student"]
        assert teacher.post(f"{base}/join-requests/{asker.account_id}/approve").status_code == 204
        ev = asker_ws.wait_for(lambda e: e["type"] == "member.joined")
        assert ev["chat_id"] == chat["id"]
        assert asker_api.get(base).status_code == 200
        assert teacher.get(f"{base}/join-requests").json() == []
        r = teacher.post(f"{base}/join-requests/{asker.account_id}/approve")
        assert r.status_code == 404
        # The plain member never heard about the request.
        assert not [e for e in member_ws.drain(0.3) if e["type"].startswith("join.")]
    finally:
        for ws in (mod_ws, member_ws, asker_ws):
            ws.close()


def test_rejected_and_removed_people_need_approval_again(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    chat = make_group(teacher, org, [s.students[0]], join_approval=True)
    base = f"/orgs/{org}/chats/{chat['id']}"
    link = create_link(teacher, org, chat["id"])
    asker = s.parents[1]
    ws = EventClient(server.url, token_of(asker.client(server)))
    try:
        assert join(server, asker, org, link["token"]).json()["status"] == "pending"
        assert teacher.post(f"{base}/join-requests/{asker.account_id}/reject").status_code == 204
        ev = ws.wait_for(lambda e: e["type"] == "join.rejected")
        assert ev["chat_id"] == chat["id"]
    finally:
        ws.close()
    assert asker.client(server).get(base).status_code == 404
    assert teacher.post(f"{base}/join-requests/{asker.account_id}/reject").status_code == 404
    assert join(server, asker, org, link["token"]).json()["status"] == "pending"
    # Without join approval a link still does not undo a moderator's removal.
    teacher.patch(base, json={"settings": {"join_approval": False}})
    assert teacher.delete(f"{base}/members/{s.students[0].account_id}").status_code == 204
    r = join(server, s.students[0], org, link["token"])
    assert r.json()["status"] == "pending"
    # Whoever simply left comes back at once.
    other = s.other_teacher
    assert join(server, other, org, link["token"]).json()["status"] == "active"
    assert other.client(server).post(f"{base}/leave").status_code == 204
    assert join(server, other, org, link["token"]).json()["status"] == "active"


def test_a_link_works_only_inside_its_organisation(server: LiveServer) -> None:
    s = make_school(server)
    elsewhere = make_org(server)
    theirs = make_group(elsewhere.admin.client(server), elsewhere.id, [], "Их чат")
    foreign = create_link(elsewhere.admin.client(server), elsewhere.id, theirs["id"])
    mine = create_link(
        s.teacher.client(server), s.org.id, s.chat_of_kind(s.teacher.client(server), "class")["id"]
    )
    insider = s.parents[0].client(server)
    unknown = insider.post(f"/orgs/{s.org.id}/chat-invites/{'0' * 40}/join")
    assert unknown.status_code == 404
    # Another organisation's token, used here, is exactly an unknown one.
    r = insider.post(f"/orgs/{s.org.id}/chat-invites/{foreign['token']}/join")
    assert (r.status_code, r.json()) == (unknown.status_code, unknown.json())
    r = insider.get(f"/orgs/{s.org.id}/chat-invites/{foreign['token']}")
    assert (r.status_code, r.json()) == (unknown.status_code, unknown.json())
    # And through that organisation's routes they are nobody.
    assert (
        insider.post(f"/orgs/{elsewhere.id}/chat-invites/{foreign['token']}/join").status_code
        == 404
    )
    # A stranger, even with a valid token of this school, never joins.
    stranger = make_person(server)
    api = Api(server.url)
    api.sign_in(stranger.email, stranger.password)
    for org_id in (s.org.id, elsewhere.id):
        for token in (mine["token"], foreign["token"]):
            assert api.post(f"/orgs/{org_id}/chat-invites/{token}/join").status_code == 404
            assert api.get(f"/orgs/{org_id}/chat-invites/{token}").status_code == 404
    anon = Api(server.url)
    assert anon.post(f"/orgs/{s.org.id}/chat-invites/{mine['token']}/join").status_code == 401
    for token in ("x" * 101, "%00", "a b"):
        assert insider.post(f"/orgs/{s.org.id}/chat-invites/{token}/join").status_code == 404
    # Nothing of the other school's chat changed.
    assert members(elsewhere.admin.client(server), elsewhere.id, theirs["id"]) == {
        elsewhere.admin.account_id
    }


def test_expiry_revocation_and_use_limits(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    chat = make_group(teacher, org, [])
    url = f"/orgs/{org}/chats/{chat['id']}/invites"
    short = create_link(teacher, org, chat["id"], expires_in_hours=1)
    revoked = create_link(teacher, org, chat["id"])
    single = create_link(teacher, org, chat["id"], max_uses=1)
    # Revoking: moderators or the creator; idempotent.
    assert s.students[0].client(server).post(f"{url}/{revoked['id']}/revoke").status_code == 404
    r = teacher.post(f"{url}/{revoked['id']}/revoke")
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    assert teacher.post(f"{url}/{revoked['id']}/revoke").json()["status"] == "revoked"
    assert teacher.post(f"{url}/01ARZ3NDEKTSV4RRFFQ69G5FAV/revoke").status_code == 404
    r = join(server, s.students[0], org, revoked["token"])
    assert r.status_code == 410 and error_code(r) == "chat_invite_revoked"
    # Use limits.
    assert join(server, s.students[0], org, single["token"]).json()["status"] == "active"
    r = join(server, s.students[1], org, single["token"])
    assert r.status_code == 410 and error_code(r) == "chat_invite_exhausted"
    # Expiry.
    clock.advance(3601)
    r = join(server, s.students[1], org, short["token"])
    assert r.status_code == 410 and error_code(r) == "chat_invite_expired"
    r = s.students[1].client(server).get(f"/orgs/{org}/chat-invites/{short['token']}")
    assert r.status_code == 410 and error_code(r) == "chat_invite_expired"
    states = {i["id"]: i["status"] for i in teacher.get(url).json()}
    assert states == {short["id"]: "expired", revoked["id"]: "revoked", single["id"]: "exhausted"}
    assert s.students[1].client(server).get(f"/orgs/{org}/chats/{chat['id']}").status_code == 404
    # Bad bodies are 422, never 500.
    for body in ({"expires_in_hours": 0}, {"max_uses": 0}, {"expires_in_hours": 10**9}, [1], "x"):
        assert teacher.post(url, json=body).status_code == 422, body
    assert teacher.post(url).status_code == 201  # no body: the defaults


def test_who_may_create_links(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    direct = teacher.post(
        f"/orgs/{org}/chats/direct", json={"account_id": s.students[0].account_id}
    )
    r = teacher.post(f"/orgs/{org}/chats/{direct.json()['id']}/invites", json={})
    assert r.status_code == 403 and error_code(r) == "invite_not_allowed"
    chat = make_group(teacher, org, [s.students[0]])
    url = f"/orgs/{org}/chats/{chat['id']}/invites"
    assert student.post(url, json={}).status_code == 403
    teacher.patch(
        f"/orgs/{org}/chats/{chat['id']}", json={"settings": {"members_may_invite": True}}
    )
    own = create_link(student, org, chat["id"])
    create_link(teacher, org, chat["id"])
    assert [i["id"] for i in student.get(url).json()] == [own["id"]]
    assert len(teacher.get(url).json()) == 2
    # When members may no longer invite, their links stop working.
    teacher.patch(
        f"/orgs/{org}/chats/{chat['id']}", json={"settings": {"members_may_invite": False}}
    )
    r = join(server, s.students[1], org, own["token"])
    assert r.status_code == 410 and error_code(r) == "chat_invite_revoked"
    # The channel: its moderators (the administration) only; an archived chat: nobody.
    channel = s.chat_of_kind(student, "channel")
    assert student.post(f"/orgs/{org}/chats/{channel['id']}/invites", json={}).status_code == 403
    create_link(s.org.admin.client(server), org, channel["id"])
    assert teacher.post(f"/orgs/{org}/chats/{chat['id']}/archive").status_code == 204
    r = teacher.post(url, json={})
    assert r.status_code == 409 and error_code(r) == "chat_archived"


def _refused(r: httpx.Response) -> bool:
    return r.status_code == 403 and error_code(r) == "join_not_allowed"


def test_students_join_only_by_the_schools_rules(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher, admin = s.teacher.client(server), s.org.admin.client(server)
    # A student's link (members may invite) admits classmates and staff, not strangers to
    # the student's rules: students of other classes, parents.
    chat = make_group(teacher, org, [s.students[0]], members_may_invite=True)
    link = create_link(s.students[0].client(server), org, chat["id"])
    assert _refused(join(server, s.other_student, org, link["token"]))
    assert _refused(s.other_student.client(server).get(f"/orgs/{org}/chat-invites/{link['token']}"))
    assert _refused(join(server, s.parents[1], org, link["token"]))
    assert join(server, s.students[1], org, link["token"]).json()["status"] == "active"
    assert join(server, s.other_teacher, org, link["token"]).json()["status"] == "active"
    # A parent's link: their own child and the class's parents.
    chat2 = make_group(teacher, org, [s.parents[0]], members_may_invite=True)
    link2 = create_link(s.parents[0].client(server), org, chat2["id"])
    assert _refused(join(server, s.students[1], org, link2["token"]))
    assert join(server, s.students[0], org, link2["token"]).json()["status"] == "active"
    assert join(server, s.parents[1], org, link2["token"]).json()["status"] == "active"
    # The staff room is for verified staff; the parents' chat is not for students.
    staff = s.chat_of_kind(admin, "staff")
    staff_link = create_link(admin, org, staff["id"])
    unverified = make_member(server, org, "teacher", verified=False)
    for person in (s.students[0], s.parents[0], unverified):
        assert _refused(join(server, person, org, staff_link["token"]))
    parents_chat = s.chat_of_kind(teacher, "class_parents")
    parents_link = create_link(teacher, org, parents_chat["id"])
    assert _refused(join(server, s.students[0], org, parents_link["token"]))
    outsider_parent = make_member(server, org, "parent")
    assert join(server, outsider_parent, org, parents_link["token"]).json()["status"] == "active"


def test_no_student_joins_a_group_no_longer_run_by_staff(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    chat = make_group(teacher, org, [s.students[0]])
    teachers_link = create_link(teacher, org, chat["id"])
    # The teacher leaves: the student becomes the owner, and the teacher's link dies.
    assert teacher.post(f"/orgs/{org}/chats/{chat['id']}/leave").status_code == 204
    r = join(server, s.students[1], org, teachers_link["token"])
    assert r.status_code == 410 and error_code(r) == "chat_invite_revoked"
    owner = s.students[0].client(server)
    assert owner.get(f"/orgs/{org}/chats/{chat['id']}").json()["my_role"] == "owner"
    link = create_link(owner, org, chat["id"])
    assert _refused(join(server, s.students[1], org, link["token"]))  # even a classmate
    assert _refused(join(server, s.parents[1], org, link["token"]))
    assert join(server, s.other_teacher, org, link["token"]).json()["status"] == "active"


def test_links_of_people_who_left_the_school_stop(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    chat = make_group(s.teacher.client(server), org, [s.students[0]])
    link = create_link(s.teacher.client(server), org, chat["id"])
    admin = s.org.admin.client(server)
    assert admin.delete(f"/orgs/{org}/members/{s.teacher.membership_id}").status_code == 204
    for person in (s.students[1], s.other_teacher):
        r = join(server, person, org, link["token"])
        assert r.status_code == 410 and error_code(r) == "chat_invite_revoked"
