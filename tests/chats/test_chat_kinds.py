"""Per chat kind: who reads (404 for everyone else), who posts, and what cannot be done by
hand in roster chats."""

from __future__ import annotations

from typing import Any

from tests.builders import Person, make_member
from tests.chats.helpers import School, error_code, make_group, make_school, open_direct, post
from tests.harness import LiveServer


def assert_hidden(server: LiveServer, s: School, chat_id: str, people: list[Person]) -> None:
    """Everything about the chat is 404 for these people: reading, posting, its members."""
    base = f"/orgs/{s.org.id}/chats/{chat_id}"
    for person in people:
        api = person.client(server)
        assert api.get(base).status_code == 404, person.name
        assert api.get(f"{base}/messages").status_code == 404
        assert api.get(f"{base}/members").status_code == 404
        assert post(api, s.org.id, chat_id).status_code == 404
        assert api.post(f"{base}/leave").status_code == 404
        assert api.put(f"{base}/me", json={"muted": True}).status_code == 404
        assert chat_id not in {c["id"] for c in s.chats(api)}


def assert_posts(server: LiveServer, s: School, chat_id: str, people: list[Person]) -> None:
    for person in people:
        r = post(person.client(server), s.org.id, chat_id, f"от {person.name}")
        assert r.status_code == 201, (person.name, r.text)


def roster_chat_is_fixed(server: LiveServer, s: School, chat: dict[str, Any], mod: Person) -> None:
    """Members of a roster chat follow the roster: nobody adds, removes or leaves by hand."""
    base = f"/orgs/{s.org.id}/chats/{chat['id']}"
    api = mod.client(server)
    members = api.get(f"{base}/members").json()
    someone = next(m["account_id"] for m in members if m["account_id"] != mod.account_id)
    r = api.post(f"{base}/members", json={"account_ids": [s.other_student.account_id]})
    assert r.status_code == 403
    r = api.delete(f"{base}/members/{someone}")
    assert r.status_code == 409 and error_code(r) == "roster_chat"
    r = api.post(f"{base}/leave")
    assert r.status_code == 409 and error_code(r) == "roster_chat"
    r = api.put(f"{base}/members/{someone}/role", json={"role": "moderator"})
    assert r.status_code == 403
    assert api.post(f"{base}/archive").status_code == 403
    # Class chats and the staff room take their titles from the roster; the channel's
    # moderators may rename it.
    r = api.patch(base, json={"title": "Другое название"})
    renamed = chat["kind"] == "channel"
    assert r.status_code == 200
    assert r.json()["title"] == ("Другое название" if renamed else chat["title"])


def test_class_chat(server: LiveServer) -> None:
    s = make_school(server)
    chat = s.chat_of_kind(s.teacher.client(server), "class")
    assert_posts(server, s, chat["id"], [s.teacher, *s.students])
    assert_hidden(
        server, s, chat["id"], [s.other_student, s.other_teacher, *s.parents, s.org.admin]
    )
    roster_chat_is_fixed(server, s, chat, s.teacher)
    r = s.students[0].client(server).post(f"/orgs/{s.org.id}/chats/{chat['id']}/leave")
    assert r.status_code == 409


def test_class_parents_chat(server: LiveServer) -> None:
    s = make_school(server)
    chat = s.chat_of_kind(s.teacher.client(server), "class_parents")
    assert_posts(server, s, chat["id"], [s.teacher, *s.parents])
    assert_hidden(server, s, chat["id"], [*s.students, s.other_student, s.other_teacher])
    roster_chat_is_fixed(server, s, chat, s.teacher)


def test_staff_room(server: LiveServer) -> None:
    s = make_school(server)
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    chat = s.chat_of_kind(s.org.admin.client(server), "staff")
    assert chat["my_role"] == "moderator"
    assert_posts(server, s, chat["id"], [s.teacher, s.other_teacher, s.org.admin])
    assert_hidden(server, s, chat["id"], [*s.students, *s.parents, unverified])
    roster_chat_is_fixed(server, s, chat, s.org.admin)


def test_channel(server: LiveServer) -> None:
    s = make_school(server)
    head = make_member(server, s.org.id, "head")
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    chat = s.chat_of_kind(s.org.admin.client(server), "channel")
    # Everyone of the school reads it; administrators and the head post.
    assert_posts(server, s, chat["id"], [s.org.admin, head])
    for person in [s.teacher, s.students[0], s.parents[0], unverified]:
        api = person.client(server)
        page = api.get(f"/orgs/{s.org.id}/chats/{chat['id']}/messages").json()
        assert len(page["messages"]) == 2
        r = post(api, s.org.id, chat["id"])
        assert r.status_code == 403 and error_code(r) == "posting_not_allowed"
    roster_chat_is_fixed(server, s, chat, s.org.admin)
    # Even its moderators cannot let members post: a channel is for announcements.
    admin = s.org.admin.client(server)
    r = admin.patch(
        f"/orgs/{s.org.id}/chats/{chat['id']}", json={"settings": {"who_may_post": "all"}}
    )
    assert r.status_code == 200
    assert post(s.students[0].client(server), s.org.id, chat["id"]).status_code == 403


def test_direct_chat(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    chat = open_direct(student, s.org.id, s.teacher).json()
    assert chat["member_count"] == 2 and chat["title"] == s.teacher.name
    base = f"/orgs/{s.org.id}/chats/{chat['id']}"
    assert_posts(server, s, chat["id"], [s.students[0], s.teacher])
    assert_hidden(server, s, chat["id"], [s.students[1], s.parents[0], s.org.admin])
    teacher = s.teacher.client(server)
    # Nobody adds a third person, edits the chat or removes the other side.
    r = teacher.post(f"{base}/members", json={"account_ids": [s.students[1].account_id]})
    assert r.status_code == 403
    assert teacher.patch(base, json={"description": "x"}).status_code == 403
    assert teacher.delete(f"{base}/members/{s.students[0].account_id}").status_code == 409
    assert teacher.post(f"{base}/archive").status_code == 403
    # Either side may leave; opening it again brings them back to the same chat.
    assert student.post(f"{base}/leave").status_code == 204
    assert student.get(base).status_code == 404
    again = open_direct(student, s.org.id, s.teacher).json()
    assert again["id"] == chat["id"]
    assert len(student.get(f"{base}/messages").json()["messages"]) == 2


def test_group_chat(server: LiveServer) -> None:
    s = make_school(server)
    chat = make_group(s.teacher.client(server), s.org.id, [s.students[0], s.parents[1]])
    assert_posts(server, s, chat["id"], [s.teacher, s.students[0], s.parents[1]])
    assert_hidden(server, s, chat["id"], [s.students[1], s.other_teacher, s.org.admin])


def test_ids_of_any_shape_are_404_never_500(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    api = s.teacher.client(server)
    group = make_group(api, org, [s.students[0]], join_approval=True)
    base = f"/orgs/{org}/chats/{group['id']}"
    for bad in (
        "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        "x" * 200,
        "%00",
        "🙂",
        "a b",
        "01arz3ndektsv4rrffq69g5fav",
    ):
        for path in ("", "/messages", "/members", "/invites", "/join-requests"):
            r = api.get(f"/orgs/{org}/chats/{bad}{path}")
            assert r.status_code == 404, (bad, path, r.text)
        assert api.delete(f"{base}/members/{bad}").status_code == 404, bad
        r = api.put(f"{base}/members/{bad}/role", json={"role": "moderator"})
        assert r.status_code == 404, bad
        assert api.post(f"{base}/join-requests/{bad}/approve").status_code == 404, bad
        assert api.post(f"{base}/join-requests/{bad}/reject").status_code == 404, bad
        assert api.post(f"{base}/invites/{bad}/revoke").status_code == 404, bad
        assert api.get(f"/orgs/{org}/chat-invites/{bad}").status_code == 404, bad
    for bad_id in ("\x00", "0" * 26 + "\x00", "ä" * 26, ""):
        r = api.post(f"/orgs/{org}/chats/direct", json={"account_id": bad_id})
        assert r.status_code in (404, 422), (bad_id, r.text)
        r = api.post(f"{base}/members", json={"account_ids": [bad_id]})
        assert r.status_code == 422, (bad_id, r.text)
        r = api.post(f"/orgs/{org}/chats", json={"title": "x", "member_ids": [bad_id]})
        assert r.status_code == 422, (bad_id, r.text)
