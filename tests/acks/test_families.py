"""Counting by family in a class's parents' chat: a child's parents count once."""

from __future__ import annotations

from tests.acks.helpers import ack_in_history, confirm, important, plain_ack, report
from tests.builders import make_member
from tests.chats.helpers import link_parent, make_school, reconcile, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_two_parents_of_one_child_count_once(server: LiveServer) -> None:
    s = make_school(server)  # students[i] has parents[i]
    second_parent = make_member(server, s.org.id, "parent")
    link_parent(server, s.org.id, second_parent, s.students[0])
    # A child whose parents are not here yet is still a family that has not confirmed.
    lonely = make_member(server, s.org.id, "student", class_id=s.cls.id)
    reconcile(server, s.org.id)
    teacher = s.teacher.client(server)
    mum, dad, other = (p.client(server) for p in (s.parents[0], second_parent, s.parents[1]))
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    msg = important(teacher, s.org.id, chat_id, "Экскурсия в музей в субботу")
    assert plain_ack(msg["ack"]) == {
        "confirmed_by_me": None,
        "confirmed": 0,
        "total": 3,
        "by_family": True,
    }
    assert plain_ack(ack_in_history(mum, s.org.id, msg)) == {
        "confirmed_by_me": False,
        "confirmed": None,
        "total": None,
        "by_family": True,
    }

    teacher_ws = EventClient(server.url, token_of(teacher))
    mum_ws = EventClient(server.url, token_of(mum))
    try:
        r = confirm(mum, s.org.id, msg)
        assert r.status_code == 200, r.text
        assert r.json()["confirmed_by_me"] is True
        ev = teacher_ws.wait_for(lambda e: e["type"] == "ack.updated")
        assert ev["data"] == {
            "message_id": msg["id"],
            "chat_id": chat_id,
            "confirmed": 1,
            "total": 3,
        }
        mine = mum_ws.wait_for(lambda e: e["type"] == "ack.updated")
        assert mine["data"] == {
            "message_id": msg["id"],
            "chat_id": chat_id,
            "confirmed_by_me": True,
        }
        # The second parent of the same child: still one family.
        assert confirm(dad, s.org.id, msg).status_code == 200
        ev = teacher_ws.wait_for(lambda e: e["type"] == "ack.updated")
        assert (ev["data"]["confirmed"], ev["data"]["total"]) == (1, 3)
        # Confirming again changes nothing and tells nobody.
        again = confirm(mum, s.org.id, msg)
        assert again.status_code == 200 and again.json()["confirmed_by_me"] is True
        assert not [e for e in teacher_ws.drain(0.5) if e["type"] == "ack.updated"]
    finally:
        teacher_ws.close()
        mum_ws.close()

    assert ack_in_history(teacher, s.org.id, msg)["confirmed"] == 1
    assert ack_in_history(other, s.org.id, msg)["confirmed_by_me"] is False
    data = report(teacher, s.org.id, msg)
    assert (data["by_family"], data["confirmed"], data["total"]) == (True, 1, 3)
    families = {f["child_name"]: f for f in data["families"]}
    assert set(families) == {s.students[0].name, s.students[1].name, lonely.name}
    done = families[s.students[0].name]
    assert done["confirmed_by"] == s.parents[0].name and done["confirmed_at"]
    assert sorted(done["parents"]) == sorted([s.parents[0].name, second_parent.name])
    assert families[s.students[1].name]["confirmed_at"] is None
    assert families[s.students[1].name]["parents"] == [s.parents[1].name]
    assert families[lonely.name] == {
        "child_name": lonely.name,
        "parents": [],
        "confirmed_by": None,
        "confirmed_at": None,
        "answer": None,
        "comment": "",
    }
    # Who has not confirmed comes first, in both lists.
    assert data["families"][-1]["child_name"] == s.students[0].name
    people = {p["account_id"]: p["confirmed_at"] for p in data["people"]}
    assert set(people) == {
        s.parents[0].account_id,
        second_parent.account_id,
        s.parents[1].account_id,
    }
    assert people[s.parents[1].account_id] is None and people[second_parent.account_id]


def test_siblings_in_one_class_are_one_family(server: LiveServer) -> None:
    s = make_school(server)
    twin = make_member(server, s.org.id, "student", class_id=s.cls.id)
    link_parent(server, s.org.id, s.parents[0], twin)
    reconcile(server, s.org.id)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    msg = important(teacher, s.org.id, chat_id)
    assert confirm(s.parents[0].client(server), s.org.id, msg).status_code == 200
    data = report(teacher, s.org.id, msg)
    assert (data["confirmed"], data["total"]) == (1, 2)
    names = {f["child_name"] for f in data["families"]}
    assert ", ".join(sorted([s.students[0].name, twin.name])) in names
