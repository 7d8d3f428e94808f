"""The search permission rule: a person finds messages only in chats where they are an active
member now — never from another class's, the parents', someone's direct chat, a group they
were removed from or left, or another organisation, whatever filter they pass."""

from __future__ import annotations

from parta.kit.clock import clock
from tests.builders import Person
from tests.chats.helpers import School, make_school
from tests.harness import Api, LiveServer
from tests.search.helpers import found_ids, search, send

WORD = "секретный"


def _people(s: School) -> list[Person]:
    return [
        s.org.admin,
        s.teacher,
        s.other_teacher,
        *s.students,
        s.other_student,
        *s.parents,
    ]


def _post_everywhere(server: LiveServer, s: School) -> dict[str, set[str]]:
    """Every person writes the word into every chat they may post in; returns the message
    ids per chat."""
    by_chat: dict[str, set[str]] = {}
    for person in _people(s):
        api = person.client(server)
        for chat in s.chats(api):
            r = api.post(
                f"/orgs/{s.org.id}/chats/{chat['id']}/messages",
                json={"client_id": f"{person.account_id}-{chat['id']}", "body": f"{WORD} текст"},
            )
            if r.status_code == 201:
                by_chat.setdefault(chat["id"], set()).add(r.json()["id"])
            else:
                assert r.status_code == 403, r.text  # a channel where only moderators post
    return by_chat


def test_search_finds_exactly_the_messages_of_my_chats(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    direct = teacher.post(
        f"/orgs/{s.org.id}/chats/direct", json={"account_id": s.students[0].account_id}
    )
    assert direct.status_code == 200, direct.text
    by_chat = _post_everywhere(server, s)
    assert len(by_chat) >= 6  # class and parents chats of both classes, staff, direct, ...
    for person in _people(s):
        api = person.client(server)
        mine = {c["id"] for c in s.chats(api)}
        expected = set().union(*(ids for chat_id, ids in by_chat.items() if chat_id in mine))
        got = found_ids(api, s.org.id, WORD, limit=7)
        assert len(got) == len(set(got)) and set(got) == expected, person.name
        # Naming a chat that is not mine answers as if it did not exist.
        for chat_id in set(by_chat) - mine:
            r = api.get(f"/orgs/{s.org.id}/search", params={"q": WORD, "chat_id": chat_id})
            assert r.status_code == 404, (person.name, r.text)
            assert r.json()["error"]["code"] == "not_found"
    # Sanity of the setup: the other class and the parents were really kept apart.
    other = s.other_student.client(server)
    class_a = s.chat_of_kind(student, "class")["id"]
    assert class_a not in {c["id"] for c in s.chats(other)}
    assert not set(found_ids(other, s.org.id, WORD)) & by_chat[class_a]
    assert not set(found_ids(s.parents[0].client(server), s.org.id, WORD)) & by_chat[class_a]
    assert (
        not set(found_ids(s.students[1].client(server), s.org.id, WORD))
        & by_chat[direct.json()["id"]]
    )


def test_other_organisation_sees_nothing(server: LiveServer) -> None:
    a, b = make_school(server, students=1), make_school(server, students=1)
    teacher_a, teacher_b = a.teacher.client(server), b.teacher.client(server)
    chat_a = a.chat_of_kind(teacher_a, "class")["id"]
    secret = send(teacher_a, a.org.id, chat_a, "Пароль от журнала: сова")
    mine = send(teacher_b, b.org.id, b.chat_of_kind(teacher_b, "class")["id"], "Сова прилетела")
    assert found_ids(teacher_a, a.org.id, "сова") == [secret["id"]]
    assert found_ids(teacher_b, b.org.id, "сова") == [mine["id"]]
    # Not a member of organisation A: 404 for its search, whatever the filter.
    for params in ({}, {"chat_id": chat_a}):
        r = teacher_b.get(f"/orgs/{a.org.id}/search", params={"q": "сова", **params})
        assert r.status_code == 404
    r = teacher_b.get(f"/orgs/{b.org.id}/search", params={"q": "сова", "chat_id": chat_a})
    assert r.status_code == 404
    # The admin of A is not in the class chat either (no chat is visible by rank alone).
    assert found_ids(a.org.admin.client(server), a.org.id, "сова") == []
    with Api(server.url) as anon:
        assert anon.get(f"/orgs/{a.org.id}/search", params={"q": "сова"}).status_code == 401


def test_removed_or_leaving_member_no_longer_finds_the_group(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    kid0, kid1 = s.students[0].client(server), s.students[1].client(server)
    ids = [s.students[0].account_id, s.students[1].account_id]
    r = teacher.post(f"/orgs/{s.org.id}/chats", json={"title": "Кружок", "member_ids": ids})
    assert r.status_code == 201, r.text
    group = r.json()["id"]
    before = send(teacher, s.org.id, group, "Кружок робототехники: паяльник не трогать")
    for kid in (kid0, kid1):
        assert found_ids(kid, s.org.id, "паяльники") == [before["id"]]
        assert found_ids(kid, s.org.id, "паяльники", chat_id=group) == [before["id"]]

    r = teacher.delete(f"/orgs/{s.org.id}/chats/{group}/members/{s.students[1].account_id}")
    assert r.status_code == 204, r.text
    assert kid0.post(f"/orgs/{s.org.id}/chats/{group}/leave").status_code == 204
    clock.advance(60)
    after = send(teacher, s.org.id, group, "Новый паяльник купили")
    for kid in (kid0, kid1):
        assert found_ids(kid, s.org.id, "паяльник") == []
        r = kid.get(f"/orgs/{s.org.id}/search", params={"q": "паяльник", "chat_id": group})
        assert r.status_code == 404
    assert found_ids(teacher, s.org.id, "паяльник") == [after["id"], before["id"]]

    # Added back, a member reads the chat's history again, and so finds it.
    r = teacher.post(f"/orgs/{s.org.id}/chats/{group}/members", json={"account_ids": ids[1:]})
    assert r.status_code == 200, r.text
    assert found_ids(kid1, s.org.id, "паяльник") == [after["id"], before["id"]]
    assert search(kid0, s.org.id, "паяльник")["items"] == []
