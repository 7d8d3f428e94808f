"""Cross-organisation isolation: non-members, organisations invited but not approved or
withdrawn, people not chosen and students of classes not allowed see nothing of a community
(404 everywhere, no members, no posts, no realtime events); a community opens no door into
another organisation; and nobody's contact details travel."""

from __future__ import annotations

from typing import Any

from tests.builders import make_member
from tests.chats.helpers import token_of
from tests.communities.helpers import (
    created,
    invite,
    joint,
    ok,
    participation_in,
    post,
    school_b,
    sees_nothing,
    withdraw,
)
from tests.harness import Api, LiveServer
from tests.realtime.client import EventClient


def _community_events(client: EventClient, community_id: str) -> list[dict[str, Any]]:
    return [
        e
        for e in client.drain(0.5)
        if e["type"].startswith("community.") and e["data"].get("community_id") == community_id
    ]


def test_outsiders_see_nothing_and_hear_nothing(server: LiveServer) -> None:
    j = joint(server)
    a, b, cid = j.a, j.b, j.community_id
    owner = a.teacher.client(server)
    # C is invited but its administrator has not approved; D has nothing to do with it.
    c = school_b(server)
    ok(invite(owner, cid, name=c.org.name), 201)
    d = school_b(server)
    first = ok(post(owner, cid, "Первое сообщение"), 201)
    outsiders = {
        "unrelated school's teacher": d.chosen,
        "unrelated school's admin": d.org.admin,
        "invited, not approved: teacher": c.chosen,
        "invited, not approved: admin": c.org.admin,
        "B's teacher not chosen": b.not_chosen,
        "B's unverified teacher": b.unverified,
        "B's student of a class not allowed": b.other_student,
        "B's parent": b.parent,
        "B's admin (not chosen)": b.org.admin,
        "A's teacher not chosen": a.other_teacher,
    }
    for label, person in outsiders.items():
        api = person.client(server)
        try:
            sees_nothing(api, cid, first["id"])
        except AssertionError as exc:
            raise AssertionError(label) from exc
    # Realtime: members hear a post; outsiders hear nothing of this community.
    listeners = {
        k: EventClient(server.url, token_of(p.client(server))) for k, p in outsiders.items()
    }
    member = EventClient(server.url, token_of(b.chosen.client(server)))
    student = EventClient(server.url, token_of(b.student.client(server)))
    try:
        reply = ok(post(owner, cid, "Ответ", parent_id=first["id"]), 201)
        for ws in (member, student):
            ev = ws.wait_for(lambda e: e["type"] == "community.post")
            assert ev["data"]["community_id"] == cid
            assert ev["data"]["post"]["id"] == reply["id"]
            assert ev["data"]["parent"] == {"id": first["id"], "reply_count": 1}
            assert "seq" not in ev and "chat_id" not in ev
        assert ok(
            owner.post(f"/communities/{cid}/posts", json={"body": "x" * 10, "client_id": "x"}), 201
        )
        for label, ws in listeners.items():
            assert _community_events(ws, cid) == [], label
    finally:
        for ws in (*listeners.values(), member, student):
            ws.close()


def test_a_withdrawn_school_loses_access_at_once(server: LiveServer) -> None:
    j = joint(server)
    b, cid = j.b, j.community_id
    teacher_b = b.chosen.client(server)
    p = ok(post(teacher_b, cid, "Мы участвуем"), 201)
    assert ok(teacher_b.get(f"/communities/{cid}"))["id"] == cid
    ws = EventClient(server.url, token_of(teacher_b))
    owner_ws = EventClient(server.url, token_of(j.a.teacher.client(server)))
    try:
        admin_b = b.org.admin.client(server)
        out = ok(withdraw(admin_b, b.org.id, j.b_participation))
        assert out["status"] == "withdrawn" and out["member_count"] == 0
        gone = ws.wait_for(lambda e: e["type"] == "community.removed")
        assert gone["data"] == {"community_id": cid}
        assert owner_ws.wait_for(lambda e: e["type"] == "community.updated")
        sees_nothing(teacher_b, cid, p["id"])
        sees_nothing(b.student.client(server), cid, p["id"])
        # Posts written while B took part stay, with B's name on them, for the others.
        owner = j.a.teacher.client(server)
        items = ok(owner.get(f"/communities/{cid}/posts"))["items"]
        assert [(i["author_name"], i["author_org"]["name"]) for i in items] == [
            (b.chosen.name, b.org.name)
        ]
        ok(post(owner, cid, "После ухода B"), 201)
        assert _community_events(ws, cid) == []
        # Withdrawn twice: nothing to withdraw; the invitation screen still shows the community.
        assert withdraw(admin_b, b.org.id, j.b_participation).status_code == 409
        assert participation_in(admin_b, b.org.id, cid)["status"] == "withdrawn"
        # Rejoining needs the community again.
        code = ok(owner.get(f"/communities/{cid}"))["join_code"]
        again = ok(
            admin_b.post(
                f"/orgs/{b.org.id}/communities/join",
                json={"code": code, "staff_ids": [b.chosen.membership_id]},
            ),
            201,
        )
        assert again["status"] == "requested"
        sees_nothing(teacher_b, cid)
    finally:
        ws.close()
        owner_ws.close()


def test_a_community_opens_no_door_into_another_organisation(server: LiveServer) -> None:
    j = joint(server)
    a, b = j.a, j.b
    teacher_b, student_b = b.chosen.client(server), b.student.client(server)
    # Members see each other inside the community only: A's organisation stays closed to B.
    for api in (teacher_b, student_b):
        for path in ("", "/members", "/chats/direct/candidates", "/classes", "/communities/code"):
            r = api.get(f"/orgs/{a.org.id}{path}")
            assert r.status_code == 404, (path, r.text)
        r = api.post(f"/orgs/{a.org.id}/chats/direct", json={"account_id": a.teacher.account_id})
        assert r.status_code == 404
    # Nothing of the community appears in A's own directory and people search.
    admin_a, teacher_a = a.org.admin.client(server), a.teacher.client(server)
    for api in (admin_a, teacher_a):
        found = ok(api.get(f"/orgs/{a.org.id}/members", params={"q": b.chosen.name}))
        assert found["items"] == []
        ids = {m["account_id"] for m in ok(api.get(f"/orgs/{a.org.id}/members"))["items"]}
        assert b.chosen.account_id not in ids and b.student.account_id not in ids
        cands = ok(
            api.get(f"/orgs/{a.org.id}/chats/direct/candidates", params={"q": b.chosen.name})
        )
        assert cands == []
        r = api.post(f"/orgs/{a.org.id}/chats/direct", json={"account_id": b.chosen.account_id})
        assert r.status_code in (403, 404, 422), r.text
    # Another community of A with a third school: B's people see nothing of it, and its
    # people do not appear in B's community.
    third = school_b(server)
    other = created(teacher_a, a.org.id, title="Другое сообщество")
    ok(invite(teacher_a, other["id"], name=third.org.name), 201)
    admin_3 = third.org.admin.client(server)
    pid = participation_in(admin_3, third.org.id, other["id"])["id"]
    ok(
        admin_3.post(
            f"/orgs/{third.org.id}/communities/participations/{pid}/approve",
            json={"all_teachers": True},
        )
    )
    sees_nothing(teacher_b, other["id"])
    sees_nothing(third.chosen.client(server), j.community_id)
    members = {m["account_id"] for m in ok(teacher_a.get(f"/communities/{j.community_id}/members"))}
    assert third.chosen.account_id not in members
    assert {c["id"] for c in ok(teacher_a.get("/communities"))} == {j.community_id, other["id"]}
    assert {c["id"] for c in ok(teacher_b.get("/communities"))} == {j.community_id}
    # An administrator of B sees what the community is on the invitation screen, but not
    # the other community, and not via A's organisation routes.
    admin_b = b.org.admin.client(server)
    assert other["id"] not in {
        p["community_id"] for p in ok(admin_b.get(f"/orgs/{b.org.id}/communities/participations"))
    }
    r = admin_b.get(f"/orgs/{a.org.id}/communities/participations")
    assert r.status_code == 404
    r = admin_b.get(f"/orgs/{b.org.id}/communities/participations/{pid}")
    assert r.status_code == 404  # the third school's participation, asked through B


def test_no_contact_details_reach_members(server: LiveServer) -> None:
    j = joint(server)
    b = j.b
    people = [j.a.teacher, b.chosen, b.student]
    for viewer in people:
        api: Api = viewer.client(server)
        for path in ("", "/members", "/orgs", "/posts"):
            text = api.get(f"/communities/{j.community_id}{path}").text
            for person in people:
                assert person.email not in text, (viewer.name, path)
            assert "email" not in text and "phone" not in text
        members = ok(api.get(f"/communities/{j.community_id}/members"))
        assert all(
            set(m) == {"account_id", "name", "org", "org_role", "class_label", "seat", "role"}
            for m in members
        )


def test_a_student_moved_out_of_an_allowed_class_loses_access(server: LiveServer) -> None:
    j = joint(server)
    b = j.b
    student = b.student.client(server)
    assert ok(student.get(f"/communities/{j.community_id}"))["my_role"] == "member"
    admin_b = b.org.admin.client(server)
    r = admin_b.post(
        f"/orgs/{b.org.id}/members/{b.student.membership_id}/move",
        json={"class_id": b.not_allowed.id},
    )
    assert r.status_code == 200, r.text
    sees_nothing(student, j.community_id)
    # A student newly added to the allowed class is in at once.
    newcomer = make_member(server, b.org.id, "student", class_id=b.allowed.id)
    assert ok(newcomer.client(server).get(f"/communities/{j.community_id}"))["id"]
