"""Starting a community, inviting an organisation, its administrator's approval and choice
of people (teachers, chosen staff, allowed classes), joining with a code."""

from __future__ import annotations

from tests.builders import make_member, make_org
from tests.communities.helpers import (
    approve,
    create,
    created,
    error_code,
    invite,
    joint,
    member_ids,
    ok,
    participation_in,
    participations,
    school_a,
    school_b,
    sees_nothing,
)
from tests.harness import LiveServer


def test_verified_staff_start_a_community_with_the_creator_alone(server: LiveServer) -> None:
    a = school_a(server)
    t = a.teacher.client(server)
    c = created(t, a.org.id, description="Обмен опытом", kind="subject")
    assert c["my_role"] == "owner" and c["kind"] == "subject"
    assert c["home_org"] == {"id": a.org.id, "name": a.org.name}
    assert c["orgs"] == [{"id": a.org.id, "name": a.org.name}]
    assert c["member_count"] == 1 and c["join_code"]
    assert [x["id"] for x in ok(t.get("/communities"))] == [c["id"]]
    members = ok(t.get(f"/communities/{c['id']}/members"))
    assert [(m["account_id"], m["role"], m["seat"]) for m in members] == [
        (a.teacher.account_id, "owner", "staff")
    ]
    # The rest of the home organisation is not in it until its administrator sends them.
    sees_nothing(a.other_teacher.client(server), c["id"])
    sees_nothing(a.org.admin.client(server), c["id"])
    admin = a.org.admin.client(server)
    home = participation_in(admin, a.org.id, c["id"])
    assert home["home"] and home["status"] == "active"
    assert [s["membership_id"] for s in home["staff"]] == [a.teacher.membership_id]
    r = admin.put(
        f"/orgs/{a.org.id}/communities/participations/{home['id']}/selection",
        json={"all_teachers": True, "staff_ids": [a.org.admin.membership_id]},
    )
    assert ok(r)["member_count"] == 3
    assert member_ids(t, c["id"]) == {
        a.teacher.account_id,
        a.other_teacher.account_id,
        a.org.admin.account_id,
    }
    # The audit log of the home organisation records it.
    log = ok(admin.get(f"/orgs/{a.org.id}/audit", params={"action": "community."}))
    assert {"community.created", "community.selection_changed"} <= {
        e["action"] for e in log["items"]
    }


def test_only_verified_staff_start_communities(server: LiveServer) -> None:
    org = make_org(server)
    for role, verified in (("teacher", False), ("student", False), ("parent", False)):
        person = make_member(server, org.id, role, verified=verified)
        r = create(person.client(server), org.id)
        assert r.status_code == 403 and error_code(r) == "may_not_create", role
    admin = org.admin.client(server)
    assert created(admin, org.id)["my_role"] == "owner"
    assert create(admin, org.id, title="   ").status_code == 422
    assert create(admin, org.id, kind="club").status_code == 422


def test_an_invited_school_takes_part_only_after_its_administrator_approves(
    server: LiveServer,
) -> None:
    a, b = school_a(server), school_b(server)
    t = a.teacher.client(server)
    c = created(t, a.org.id)
    p = ok(invite(t, c["id"], name=f"  {b.org.name} "), 201)
    assert p["status"] == "invited" and p["org"]["name"] == b.org.name
    mail = server.mailbox.wait_for(b.org.admin.email, "Приглашение в сообщество")
    assert mail is not None
    assert error_code(invite(t, c["id"], name=b.org.name)) == "already_invited"
    # Invited is not approved: B's people see nothing yet.
    for person in (b.chosen, b.student, b.org.admin):
        sees_nothing(person.client(server), c["id"])
    admin_b = b.org.admin.client(server)
    inv = participation_in(admin_b, b.org.id, c["id"])
    assert inv["status"] == "invited" and inv["title"] == c["title"]
    assert inv["invited_by"] == a.teacher.name and inv["home_org"]["name"] == a.org.name
    assert inv["orgs"] == [{"id": a.org.id, "name": a.org.name}]
    # Teachers of B cannot answer for the school.
    r = approve(b.chosen.client(server), b.org.id, inv["id"], all_teachers=True)
    assert r.status_code == 403
    done = ok(
        approve(
            admin_b,
            b.org.id,
            inv["id"],
            staff_ids=[b.chosen.membership_id],
            class_ids=[b.allowed.id],
        )
    )
    assert done["status"] == "active" and done["member_count"] == 2
    assert [s["membership_id"] for s in done["staff"]] == [b.chosen.membership_id]
    assert [k["label"] for k in done["classes"]] == ["7А"]
    assert error_code(approve(admin_b, b.org.id, inv["id"])) == "no_invitation"
    seen = ok(b.chosen.client(server).get(f"/communities/{c['id']}"))
    assert seen["my_role"] == "member" and seen["my_org"]["name"] == b.org.name
    assert {o["name"] for o in seen["orgs"]} == {a.org.name, b.org.name}
    assert seen["join_code"] is None  # for moderators only
    members = ok(t.get(f"/communities/{c['id']}/members"))
    by_id = {m["account_id"]: m for m in members}
    assert set(by_id) == {a.teacher.account_id, b.chosen.account_id, b.student.account_id}
    assert by_id[b.student.account_id]["seat"] == "student"
    assert by_id[b.student.account_id]["class_label"] == "7А"
    assert by_id[b.chosen.account_id]["org"] == {"id": b.org.id, "name": b.org.name}
    # Not chosen, not verified, not in an allowed class, parents: nothing.
    for person in (b.not_chosen, b.unverified, b.other_student, b.parent, b.org.admin):
        sees_nothing(person.client(server), c["id"])


def test_all_verified_teachers_and_class_allowance_follow_the_roster(server: LiveServer) -> None:
    j = joint(server)
    b = j.b
    admin_b = b.org.admin.client(server)
    url = f"/orgs/{b.org.id}/communities/participations/{j.b_participation}/selection"
    ok(admin_b.put(url, json={"all_teachers": True, "class_ids": [b.not_allowed.id]}))
    t = j.a.teacher.client(server)
    assert member_ids(t, j.community_id) == {
        j.a.teacher.account_id,
        b.chosen.account_id,
        b.not_chosen.account_id,
        b.other_student.account_id,
    }  # the unverified teacher is not among "all teachers"; 7А is no longer allowed
    sees_nothing(b.student.client(server), j.community_id)
    sees_nothing(b.unverified.client(server), j.community_id)
    # A teacher who joins B later is in at once; verifying the unverified one lets them in.
    newcomer = make_member(server, b.org.id, "teacher")
    assert ok(newcomer.client(server).get(f"/communities/{j.community_id}"))["id"]
    r = admin_b.post(f"/orgs/{b.org.id}/members/{b.unverified.membership_id}/verify")
    assert r.status_code == 200, r.text
    assert b.unverified.account_id in member_ids(t, j.community_id)


def test_the_choice_is_checked_against_the_organisation(server: LiveServer) -> None:
    a, b = school_a(server), school_b(server)
    t = a.teacher.client(server)
    c = created(t, a.org.id)
    ok(invite(t, c["id"], name=b.org.name), 201)
    admin_b = b.org.admin.client(server)
    pid = participation_in(admin_b, b.org.id, c["id"])["id"]
    for selection in (
        {"staff_ids": [a.teacher.membership_id]},  # another school's teacher
        {"staff_ids": [b.unverified.membership_id]},  # not verified
        {"staff_ids": [b.student.membership_id]},  # a student is not staff
        {"staff_ids": ["not-an-id"]},
        {"class_ids": [b.allowed.id, "01ARZ3NDEKTSV4RRFFQ69G5FAV"]},
    ):
        r = approve(admin_b, b.org.id, pid, **selection)
        assert r.status_code == 422 and error_code(r) == "bad_selection", selection
    assert approve(admin_b, b.org.id, pid, staff_ids=[1]).status_code == 422
    assert approve(admin_b, b.org.id, pid, extra=True).status_code == 422
    assert participation_in(admin_b, b.org.id, c["id"])["status"] == "invited"


def test_orgs_are_found_by_exact_name_or_code_only(server: LiveServer) -> None:
    a, b = school_a(server), school_b(server)
    t = a.teacher.client(server)
    c = created(t, a.org.id)
    partial = b.org.name[:-2]
    r = invite(t, c["id"], name=partial)
    assert r.status_code == 404 and error_code(r) == "org_not_found"
    assert invite(t, c["id"], name=b.org.name.upper()).status_code == 404
    assert invite(t, c["id"]).status_code == 422  # neither name nor code
    assert invite(t, c["id"], name="x", code="ABCDEFGH").status_code == 422
    twin1, twin2 = (
        make_org(server, "Гимназия №1 г. Энска"),
        make_org(server, "Гимназия №1 г. Энска"),
    )
    r = invite(t, c["id"], name="Гимназия №1 г. Энска")
    assert r.status_code == 409 and error_code(r) == "ambiguous_org_name"
    # The administrator's code picks the right one.
    admin2 = twin2.admin.client(server)
    code = ok(admin2.get(f"/orgs/{twin2.id}/communities/code"))["code"]
    assert ok(admin2.get(f"/orgs/{twin2.id}/communities/code"))["code"] == code  # stable
    spaced = f"{code[:5].lower()}-{code[5:]}"
    p = ok(invite(t, c["id"], code=spaced), 201)
    assert p["org"]["id"] == twin2.id and p["status"] == "invited"
    assert twin1.id not in {x["org"]["id"] for x in ok(t.get(f"/communities/{c['id']}/orgs"))}
    # A renewed code replaces the old one.
    new = ok(admin2.post(f"/orgs/{twin2.id}/communities/code"))["code"]
    assert new != code
    c2 = created(t, a.org.id, title="Второе")
    assert error_code(invite(t, c2["id"], code=code)) == "org_not_found"
    assert ok(invite(t, c2["id"], code=new), 201)["org"]["id"] == twin2.id
    # Only administrators see the code; only moderators invite.
    assert b.chosen.client(server).get(f"/orgs/{b.org.id}/communities/code").status_code == 403


def test_joining_with_the_community_code_needs_the_moderators(server: LiveServer) -> None:
    a, b = school_a(server), school_b(server)
    owner = a.teacher.client(server)
    c = created(owner, a.org.id)
    admin_b = b.org.admin.client(server)
    r = admin_b.post(
        f"/orgs/{b.org.id}/communities/join", json={"code": "ZZZZZZZZZZ", "all_teachers": True}
    )
    assert r.status_code == 404 and error_code(r) == "community_not_found"
    p = ok(
        admin_b.post(
            f"/orgs/{b.org.id}/communities/join",
            json={"code": c["join_code"].lower(), "all_teachers": True},
        ),
        201,
    )
    assert p["status"] == "requested" and p["title"] == c["title"]
    server.mailbox.wait_for(a.teacher.email, "Заявка на участие")
    r = admin_b.post(
        f"/orgs/{b.org.id}/communities/join", json={"code": c["join_code"], "all_teachers": True}
    )
    assert error_code(r) == "already_requested"
    sees_nothing(b.chosen.client(server), c["id"])
    orgs = ok(owner.get(f"/communities/{c['id']}/orgs"))
    asked = next(o for o in orgs if o["org"]["id"] == b.org.id)
    assert asked["status"] == "requested"
    ok(owner.post(f"/communities/{c['id']}/orgs/{asked['id']}/accept"))
    assert {b.chosen.account_id, b.not_chosen.account_id} <= member_ids(owner, c["id"])
    r = owner.post(f"/communities/{c['id']}/orgs/{asked['id']}/accept")
    assert error_code(r) == "not_requested"
    # An invitation meets a request: a second community invites B, B asks with the code.
    c2 = created(owner, a.org.id, title="Совместный проект", kind="joint_project")
    ok(invite(owner, c2["id"], name=b.org.name), 201)
    p2 = ok(
        admin_b.post(
            f"/orgs/{b.org.id}/communities/join",
            json={"code": c2["join_code"], "class_ids": [b.allowed.id]},
        ),
        201,
    )
    assert p2["status"] == "active"
    assert b.student.account_id in member_ids(owner, c2["id"])
    # And the other way round: a request met by an invitation.
    c3 = created(owner, a.org.id, title="Третье")
    ok(admin_b.post(f"/orgs/{b.org.id}/communities/join", json={"code": c3["join_code"]}), 201)
    assert ok(invite(owner, c3["id"], name=b.org.name), 201)["status"] == "active"
    assert {p["status"] for p in participations(admin_b, b.org.id)} == {"active"}


def test_a_person_of_two_schools_is_one_member(server: LiveServer) -> None:
    j = joint(server)
    # A teacher of A who also teaches in B, chosen by both schools, and a student of B's
    # allowed class who is also staff in A (a senior pupil working as a lab assistant).
    both = make_member(server, j.b.org.id, "teacher", person=j.a.other_teacher)
    lab = make_member(server, j.a.org.id, "staff", person=j.b.student)
    admin_a, admin_b = j.a.org.admin.client(server), j.b.org.admin.client(server)
    home = participation_in(admin_a, j.a.org.id, j.community_id)
    ok(
        admin_a.put(
            f"/orgs/{j.a.org.id}/communities/participations/{home['id']}/selection",
            json={"all_teachers": True, "staff_ids": [lab.membership_id]},
        )
    )
    ok(
        admin_b.put(
            f"/orgs/{j.b.org.id}/communities/participations/{j.b_participation}/selection",
            json={
                "staff_ids": [j.b.chosen.membership_id, both.membership_id],
                "class_ids": [j.b.allowed.id],
            },
        )
    )
    members = ok(j.a.teacher.client(server).get(f"/communities/{j.community_id}/members"))
    ids = [m["account_id"] for m in members]
    assert len(ids) == len(set(ids))
    by_id = {m["account_id"]: m for m in members}
    assert by_id[both.account_id]["org"]["id"] == j.a.org.id  # the first organisation in
    assert by_id[lab.account_id]["seat"] == "staff"  # staff seat before a student's
    mine = ok(lab.client(server).get(f"/communities/{j.community_id}"))
    assert mine["my_org"]["id"] == j.a.org.id
    assert [c["id"] for c in ok(both.client(server).get("/communities"))] == [j.community_id]
