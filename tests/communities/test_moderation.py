"""Moderators (the owner and those they choose): removing organisations and people, posts;
the owner's choice of moderators; editing the community."""

from __future__ import annotations

from tests.communities.helpers import (
    created,
    error_code,
    invite,
    joint,
    member_ids,
    ok,
    participation_in,
    post,
    sees_nothing,
)
from tests.harness import LiveServer


def test_moderators_remove_and_restore_people(server: LiveServer) -> None:
    j = joint(server)
    b, cid = j.b, j.community_id
    owner, teacher_b = j.a.teacher.client(server), b.chosen.client(server)
    base = f"/communities/{cid}"
    # Plain members cannot moderate.
    r = teacher_b.delete(f"{base}/members/{b.student.account_id}")
    assert r.status_code == 403 and error_code(r) == "not_moderator"
    assert error_code(invite(teacher_b, cid, name="x")) == "not_moderator"
    assert teacher_b.patch(base, json={"title": "Моё"}).status_code == 403
    assert teacher_b.get(f"{base}/removed").status_code == 403
    # The owner makes B's teacher a moderator; a student cannot be one.
    r = owner.put(f"{base}/moderators/{b.student.account_id}")
    assert r.status_code == 409 and error_code(r) == "student_moderator"
    assert ok(owner.put(f"{base}/moderators/{b.chosen.account_id}"))["role"] == "moderator"
    assert ok(teacher_b.get(base))["my_role"] == "moderator"
    assert ok(teacher_b.get(base))["join_code"]
    assert teacher_b.put(f"{base}/moderators/{b.student.account_id}").status_code == 403
    # A moderator removes the student: they see nothing, even though B still sends them.
    assert teacher_b.delete(f"{base}/members/{b.student.account_id}").status_code == 204
    sees_nothing(b.student.client(server), cid)
    removed = ok(teacher_b.get(f"{base}/removed"))
    assert [(p["account_id"], p["name"]) for p in removed] == [
        (b.student.account_id, b.student.name)
    ]
    assert teacher_b.delete(f"{base}/members/{b.student.account_id}").status_code == 404
    # Nobody removes the owner; only the owner removes a moderator.
    r = teacher_b.delete(f"{base}/members/{j.a.teacher.account_id}")
    assert r.status_code == 409 and error_code(r) == "community_owner"
    # Restored: back in while B sends them.
    assert teacher_b.delete(f"{base}/removed/{b.student.account_id}").status_code == 204
    assert b.student.account_id in member_ids(owner, cid)
    assert teacher_b.delete(f"{base}/removed/{b.student.account_id}").status_code == 404
    # The owner takes the moderator role back, then removes B's teacher.
    assert ok(owner.delete(f"{base}/moderators/{b.chosen.account_id}"))["role"] == "member"
    assert owner.delete(f"{base}/members/{b.chosen.account_id}").status_code == 204
    sees_nothing(teacher_b, cid)
    # The administrator of B sees the participation unchanged: removal is the community's.
    admin_b = b.org.admin.client(server)
    assert participation_in(admin_b, b.org.id, cid)["status"] == "active"
    log = ok(admin_b.get(f"/orgs/{b.org.id}/audit", params={"action": "community.member_removed"}))
    assert {e["target_id"] for e in log["items"]} == {b.student.account_id, b.chosen.account_id}


def test_moderators_remove_an_organisation_but_not_the_home_one(server: LiveServer) -> None:
    j = joint(server)
    cid = j.community_id
    owner = j.a.teacher.client(server)
    orgs = ok(owner.get(f"/communities/{cid}/orgs"))
    home = next(o for o in orgs if o["home"])
    b_part = next(o for o in orgs if o["org"]["id"] == j.b.org.id)
    assert ok(j.b.chosen.client(server).get(f"/communities/{cid}/orgs")) == [
        o for o in orgs if o["status"] == "active"
    ]
    r = owner.delete(f"/communities/{cid}/orgs/{home['id']}")
    assert r.status_code == 409 and error_code(r) == "home_org"
    assert owner.delete(f"/communities/{cid}/orgs/{b_part['id']}").status_code == 204
    for person in (j.b.chosen, j.b.student):
        sees_nothing(person.client(server), cid)
    admin_b = j.b.org.admin.client(server)
    assert participation_in(admin_b, j.b.org.id, cid)["status"] == "removed"
    assert owner.delete(f"/communities/{cid}/orgs/{b_part['id']}").status_code == 409
    # Removed organisations can be invited again, and again need their administrator.
    assert ok(invite(owner, cid, name=j.b.org.name), 201)["status"] == "invited"
    sees_nothing(j.b.chosen.client(server), cid)


def test_the_community_can_be_renamed_and_its_code_renewed(server: LiveServer) -> None:
    j = joint(server)
    cid = j.community_id
    owner = j.a.teacher.client(server)
    changed = ok(
        owner.patch(
            f"/communities/{cid}",
            json={"title": "Проект «Наш край»", "kind": "joint_project", "description": "7А и 7Б"},
        )
    )
    assert (changed["title"], changed["kind"]) == ("Проект «Наш край»", "joint_project")
    assert owner.patch(f"/communities/{cid}", json={"title": "  "}).status_code == 422
    old = changed["join_code"]
    new = ok(owner.post(f"/communities/{cid}/join-code"))["join_code"]
    assert new != old
    admin_b = j.b.org.admin.client(server)
    seen = participation_in(admin_b, j.b.org.id, cid)
    assert seen["title"] == "Проект «Наш край»"
    r = admin_b.post(f"/orgs/{j.b.org.id}/communities/join", json={"code": old})
    assert error_code(r) == "community_not_found"


def test_posts_and_replies(server: LiveServer) -> None:
    j = joint(server)
    cid = j.community_id
    owner, teacher_b, student = (
        j.a.teacher.client(server),
        j.b.chosen.client(server),
        j.b.student.client(server),
    )
    base = f"/communities/{cid}/posts"
    first = ok(post(teacher_b, cid, "**Вопрос** коллегам: как вы ведёте проекты?"), 201)
    assert "<strong>Вопрос</strong>" in first["html"]
    assert first["author_name"] == j.b.chosen.name
    assert first["author_org"] == {"id": j.b.org.id, "name": j.b.org.name}
    # A retry with the same client id returns the stored post.
    retry = teacher_b.post(base, json={"client_id": "same", "body": "Повтор"})
    again = teacher_b.post(base, json={"client_id": "same", "body": "Повтор"})
    assert (retry.status_code, again.status_code) == (201, 200)
    assert retry.json()["id"] == again.json()["id"]
    reply = ok(post(student, cid, "Мы делаем газету", parent_id=first["id"]), 201)
    r = post(owner, cid, "Ответ на ответ", parent_id=reply["id"])
    assert r.status_code == 422 and error_code(r) == "reply_to_reply"
    assert post(owner, cid, "x", parent_id="01ARZ3NDEKTSV4RRFFQ69G5FAV").status_code == 404
    assert post(owner, cid, "   ").status_code == 422
    assert post(owner, cid, "x" * 4001).status_code == 422
    page = ok(owner.get(base))
    assert [p["id"] for p in page["items"]] == [retry.json()["id"], first["id"]]
    assert page["items"][1]["reply_count"] == 1
    replies = ok(owner.get(f"{base}/{first['id']}/replies"))
    assert [(p["id"], p["author_name"]) for p in replies] == [(reply["id"], j.b.student.name)]
    # Paging.
    one = ok(owner.get(base, params={"limit": 1}))
    assert len(one["items"]) == 1 and one["next_cursor"]
    two = ok(owner.get(base, params={"limit": 1, "cursor": one["next_cursor"]}))
    assert two["items"][0]["id"] == first["id"] and two["next_cursor"] is None
    assert owner.get(base, params={"cursor": "bad"}).status_code == 422
    # Deleting: the author or a moderator, nobody else.
    r = student.delete(f"{base}/{first['id']}")
    assert r.status_code == 403 and error_code(r) == "may_not_delete"
    assert student.delete(f"{base}/{reply['id']}").status_code == 204
    assert ok(owner.get(f"{base}/{first['id']}/replies")) == []
    assert owner.delete(f"{base}/{first['id']}").status_code == 204  # a moderator
    page = ok(owner.get(base))
    assert [p["id"] for p in page["items"]] == [retry.json()["id"]]  # no replies left: gone
    # A deleted post with replies stays as a placeholder.
    keep = ok(post(owner, cid, "Тема"), 201)
    ok(post(teacher_b, cid, "Ответ", parent_id=keep["id"]), 201)
    assert teacher_b.delete(f"{base}/{keep['id']}").status_code == 403
    assert owner.delete(f"{base}/{keep['id']}").status_code == 204
    shown = next(p for p in ok(owner.get(base))["items"] if p["id"] == keep["id"])
    assert shown["deleted"] and shown["body"] == "" and shown["reply_count"] == 1
    r = post(teacher_b, cid, "Поздно", parent_id=keep["id"])
    assert r.status_code == 409 and error_code(r) == "post_deleted"


def test_posting_too_fast_is_limited(server: LiveServer) -> None:
    j = joint(server)
    teacher_b = j.b.chosen.client(server)
    codes = [post(teacher_b, j.community_id, f"Сообщение {i}").status_code for i in range(11)]
    assert codes[:10] == [201] * 10
    r = post(teacher_b, j.community_id, "Ещё одно")
    assert r.status_code == 429 and error_code(r) == "flood" and r.headers["Retry-After"]


def test_my_communities_are_ordered_by_their_last_post(server: LiveServer) -> None:
    j = joint(server)
    owner = j.a.teacher.client(server)
    quiet = created(owner, j.a.org.id, title="Тихое")
    ok(post(owner, j.community_id, "Новости"), 201)
    mine = ok(owner.get("/communities"))
    assert [c["id"] for c in mine] == [j.community_id, quiet["id"]]
    assert mine[0]["last_post_at"] and mine[1]["last_post_at"] is None
    ok(post(owner, quiet["id"], "Теперь и здесь"), 201)
    assert [c["id"] for c in ok(owner.get("/communities"))] == [quiet["id"], j.community_id]
