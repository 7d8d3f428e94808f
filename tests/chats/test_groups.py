"""Group chats: who creates them, and what owners, moderators and members may do."""

from __future__ import annotations

from typing import Any

from tests.builders import make_member
from tests.chats.helpers import error_code, make_group, make_school, post, token_of
from tests.harness import Api, LiveServer
from tests.realtime.client import EventClient


def member_ids(api: Api, org_id: str, chat_id: str) -> dict[str, str]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/members")
    assert r.status_code == 200, r.text
    return {m["account_id"]: m["chat_role"] for m in r.json()}


def test_only_verified_staff_create_groups(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    unverified = make_member(server, org, "teacher", verified=False)
    body: dict[str, Any] = {"title": "Кружок", "member_ids": [s.students[0].account_id]}
    for person in (s.students[0], s.parents[0], unverified):
        r = person.client(server).post(f"/orgs/{org}/chats", json=body)
        assert r.status_code == 403, person.name
    for person in (s.teacher, s.org.admin, make_member(server, org, "staff")):
        chat = make_group(person.client(server), org, [s.students[0]])
        assert chat["kind"] == "group" and chat["my_role"] == "owner"
    # People of no organisation, or of another one, cannot be put into a group.
    r = s.teacher.client(server).post(
        f"/orgs/{org}/chats", json={"title": "x", "member_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAV"]}
    )
    assert r.status_code == 422 and error_code(r) == "unknown_members"
    assert (
        s.teacher.client(server).post(f"/orgs/{org}/chats", json={"title": ""}).status_code == 422
    )


def test_adding_members_follows_who_may_add_and_the_direct_rules(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = make_group(teacher, org, [s.students[0]])
    url = f"/orgs/{org}/chats/{chat['id']}/members"
    r = student.post(url, json={"account_ids": [s.students[1].account_id]})
    assert r.status_code == 403  # who_may_add: moderators (the default)
    r = teacher.patch(f"/orgs/{org}/chats/{chat['id']}", json={"settings": {"who_may_add": "all"}})
    assert r.status_code == 200 and r.json()["settings"]["who_may_add"] == "all"
    # A member who is not staff adds only people they could write to directly.
    r = student.post(url, json={"account_ids": [s.other_student.account_id]})
    assert r.status_code == 403
    r = student.post(url, json={"account_ids": [s.parents[1].account_id]})
    assert r.status_code == 403
    r = student.post(url, json={"account_ids": [s.students[1].account_id]})
    assert r.status_code == 200 and r.json() == {"added": 1}
    r = student.post(url, json={"account_ids": [s.students[1].account_id]})
    assert r.json() == {"added": 0}  # already there
    # The teacher adds anyone of the school; nobody adds strangers.
    assert teacher.post(url, json={"account_ids": [s.other_student.account_id]}).status_code == 200
    r = teacher.post(url, json={"account_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAV"]})
    assert r.status_code == 422
    assert set(member_ids(teacher, org, chat["id"])) == {
        s.teacher.account_id,
        s.students[0].account_id,
        s.students[1].account_id,
        s.other_student.account_id,
    }


def test_roles_removal_and_settings(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    a, b = s.students[0].client(server), s.students[1].client(server)
    chat = make_group(teacher, org, [s.students[0], s.students[1], s.other_teacher])
    base = f"/orgs/{org}/chats/{chat['id']}"
    # Members change nothing about the chat or its people.
    assert a.patch(base, json={"title": "Наш чат"}).status_code == 403
    assert a.delete(f"{base}/members/{s.students[1].account_id}").status_code == 403
    r = a.put(f"{base}/members/{s.students[1].account_id}/role", json={"role": "moderator"})
    assert r.status_code == 403
    # The owner makes a moderator; the moderator removes members but not the owner.
    r = teacher.put(f"{base}/members/{s.students[0].account_id}/role", json={"role": "moderator"})
    assert r.status_code == 204
    r = a.put(f"{base}/members/{s.other_teacher.account_id}/role", json={"role": "moderator"})
    assert r.status_code == 403  # only the owner changes roles
    assert a.delete(f"{base}/members/{s.teacher.account_id}").status_code == 403
    assert a.patch(base, json={"description": "Готовимся к олимпиаде"}).status_code == 200
    assert a.patch(base, json={"settings": {"who_may_add": "all"}}).status_code == 200
    r = a.patch(base, json={"settings": {"who_may_post": "moderators"}})
    assert r.status_code == 200
    # A partial change keeps the other settings.
    assert r.json()["settings"]["who_may_add"] == "all"
    assert r.json()["settings"]["who_may_post"] == "moderators"
    r = post(b, org, chat["id"])
    assert r.status_code == 403 and error_code(r) == "posting_not_allowed"
    assert post(a, org, chat["id"]).status_code == 201
    assert a.delete(f"{base}/members/{s.students[1].account_id}").status_code == 204
    assert b.get(base).status_code == 404  # removed: the chat is gone for them
    assert a.delete(f"{base}/members/{s.students[1].account_id}").status_code == 404
    r = teacher.put(f"{base}/members/{s.teacher.account_id}/role", json={"role": "member"})
    assert r.status_code == 409
    r = teacher.put(f"{base}/members/{s.students[0].account_id}/role", json={"role": "owner"})
    assert r.status_code == 422


def test_owner_leaving_hands_over_ownership(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher = s.teacher.client(server)
    chat = make_group(teacher, org, [s.students[0], s.other_teacher])
    base = f"/orgs/{org}/chats/{chat['id']}"
    teacher.put(f"{base}/members/{s.other_teacher.account_id}/role", json={"role": "moderator"})
    heir = s.other_teacher.client(server)
    ws = EventClient(server.url, token_of(heir))
    try:
        assert teacher.post(f"{base}/leave").status_code == 204
        ev = ws.wait_for(lambda e: e["type"] == "member.role")
        assert ev["data"] == {"account_id": s.other_teacher.account_id, "role": "owner"}
        ws.wait_for(lambda e: e["type"] == "member.left")
    finally:
        ws.close()
    roles = member_ids(heir, org, chat["id"])
    assert roles == {s.other_teacher.account_id: "owner", s.students[0].account_id: "member"}
    assert teacher.get(base).status_code == 404
    # A plain member leaves too (group chats are not roster chats).
    assert s.students[0].client(server).post(f"{base}/leave").status_code == 204


def test_archive_makes_the_group_read_only(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = make_group(teacher, org, [s.students[0]])
    base = f"/orgs/{org}/chats/{chat['id']}"
    assert post(student, org, chat["id"], "до архива").status_code == 201
    assert student.post(f"{base}/archive").status_code == 403  # the owner only
    assert teacher.post(f"{base}/archive").status_code == 204
    assert student.get(base).json()["archived"] is True
    for api in (teacher, student):
        r = post(api, org, chat["id"])
        assert r.status_code == 409 and error_code(r) == "chat_archived"
    r = teacher.post(f"{base}/members", json={"account_ids": [s.students[1].account_id]})
    assert r.status_code == 409
    # History stays readable.
    page = student.get(f"{base}/messages").json()
    assert [m["body"] for m in page["messages"]] == ["до архива"]
