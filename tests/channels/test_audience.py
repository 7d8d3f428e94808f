"""Administrators' channels: an audience, chosen posters, membership that follows the roster
(new parents, moved students, a new class teacher), archiving."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import ParentLink
from tests.builders import Person, make_member, make_org
from tests.channels.helpers import code, posted
from tests.chats.helpers import School, make_school
from tests.harness import Api, LiveServer


def link_parent(server: LiveServer, org_id: str, parent: Person, kid: Person) -> None:
    """A confirmed parent link, flushed as services do (the roster hook runs on flush)."""

    async def _link(db: AsyncSession) -> None:
        assert parent.membership_id and kid.membership_id
        db.add(
            ParentLink(
                org_id=org_id,
                parent_membership_id=parent.membership_id,
                student_membership_id=kid.membership_id,
                status="confirmed",
            )
        )
        await db.flush()

    server.db(_link)


def create(api: Api, org_id: str, **body: Any) -> dict[str, Any]:
    r = api.post(f"/orgs/{org_id}/channels", json={"title": "Новости", **body})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def members(api: Api, org_id: str, chat_id: str) -> dict[str, str]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/members")
    assert r.status_code == 200, r.text
    return {m["account_id"]: m["chat_role"] for m in r.json() if m["status"] == "active"}


def test_a_class_parents_channel_follows_the_roster(server: LiveServer) -> None:
    s: School = make_school(server)
    admin = s.org.admin.client(server)
    ch = create(
        admin,
        s.org.id,
        title="5А: для родителей",
        description="Новости класса",
        audience={"parents": True, "class_ids": [s.cls.id]},
        comments=True,
    )
    assert ch["audience"] == {
        "everyone": False,
        "staff": False,
        "students": False,
        "parents": True,
        "class_ids": [s.cls.id],
    }
    assert ch["org_channel"] is False and ch["comments"] is True and ch["may_post"] is True
    chat_id = ch["id"]
    assert members(admin, s.org.id, chat_id) == {
        s.org.admin.account_id: "moderator",
        s.teacher.account_id: "member",  # the class teacher
        s.parents[0].account_id: "member",
        s.parents[1].account_id: "member",
    }
    # Parents see it in their chat list, as a channel; students of the class do not.
    parent = s.parents[0].client(server)
    listed = next(c for c in s.chats(parent) if c["id"] == chat_id)
    assert listed["kind"] == "channel" and listed["title"] == "5А: для родителей"
    assert chat_id not in {c["id"] for c in s.chats(s.students[0].client(server))}
    # A newly confirmed parent of the class joins by themselves.
    newcomer = make_member(server, s.org.id, "parent")
    link_parent(server, s.org.id, newcomer, s.students[0])
    assert members(admin, s.org.id, chat_id).get(newcomer.account_id) == "member"
    # A student moves to another class: their parent leaves the channel.
    assert s.students[1].membership_id
    r = admin.post(
        f"/orgs/{s.org.id}/members/{s.students[1].membership_id}/move",
        json={"class_id": s.other_cls.id},
    )
    assert r.status_code == 200, r.text
    assert s.parents[1].account_id not in members(admin, s.org.id, chat_id)
    # A new class teacher takes the old one's place.
    r = admin.patch(
        f"/orgs/{s.org.id}/classes/{s.cls.id}",
        json={"class_teacher_membership_id": s.other_teacher.membership_id},
    )
    assert r.status_code == 200, r.text
    now = members(admin, s.org.id, chat_id)
    assert s.other_teacher.account_id in now and s.teacher.account_id not in now
    # The organisation's own channel still has everyone.
    org_channel = next(c for c in s.chats(admin) if c["kind"] == "channel" and c["id"] != chat_id)
    assert s.parents[1].account_id in members(admin, s.org.id, org_channel["id"])


def test_posters_audiences_and_their_changes(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    ch = create(admin, s.org.id, title="Учителям", audience={"staff": True})
    chat_id = ch["id"]
    assert members(admin, s.org.id, chat_id) == {
        s.org.admin.account_id: "moderator",
        s.teacher.account_id: "member",
        s.other_teacher.account_id: "member",
    }
    assert unverified.account_id not in members(admin, s.org.id, chat_id)
    teacher = s.teacher.client(server)
    assert (
        teacher.post(
            f"/orgs/{s.org.id}/channels/{chat_id}/posts", json={"client_id": "x", "body": "Я"}
        ).status_code
        == 403
    )
    r = admin.patch(
        f"/orgs/{s.org.id}/channels/{chat_id}",
        json={"poster_ids": [s.teacher.account_id], "audience": {"everyone": True}},
    )
    assert r.status_code == 200, r.text
    assert [p["name"] for p in r.json()["posters"]] == [s.teacher.name]
    now = members(admin, s.org.id, chat_id)
    assert now[s.teacher.account_id] == "moderator"
    assert now[s.students[0].account_id] == "member" and now[unverified.account_id] == "member"
    posted(teacher, s.org.id, chat_id, "Собрание в четверг")
    got = teacher.get(f"/orgs/{s.org.id}/channels/{chat_id}").json()
    assert got["may_post"] is True and got["audience"] is None  # details are the admins'
    # Someone joining the organisation joins the channel for everyone.
    newcomer = make_member(server, s.org.id, "student", class_id=s.other_cls.id)
    assert members(admin, s.org.id, chat_id)[newcomer.account_id] == "member"
    # Students of chosen classes only.
    r = admin.patch(
        f"/orgs/{s.org.id}/channels/{chat_id}",
        json={"audience": {"students": True, "class_ids": [s.other_cls.id]}, "poster_ids": []},
    )
    assert r.status_code == 200, r.text
    assert members(admin, s.org.id, chat_id) == {
        s.org.admin.account_id: "moderator",
        s.other_student.account_id: "member",
        newcomer.account_id: "member",
        s.other_teacher.account_id: "member",  # the class teacher of 6Б
    }


def test_archiving_keeps_members_and_stops_posting(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    ch = create(admin, s.org.id, title="Спортивный клуб", audience={"students": True})
    chat_id = ch["id"]
    posted(admin, s.org.id, chat_id, "Тренировка в 15:00")
    before = members(admin, s.org.id, chat_id)
    r = admin.patch(f"/orgs/{s.org.id}/channels/{chat_id}", json={"archived": True})
    assert r.status_code == 200 and r.json()["archived"] is True and r.json()["may_post"] is False
    r = admin.post(
        f"/orgs/{s.org.id}/channels/{chat_id}/posts", json={"client_id": "y", "body": "x"}
    )
    assert r.status_code == 409 and code(r) == "chat_archived"
    newcomer = make_member(server, s.org.id, "student", class_id=s.cls.id)
    assert members(admin, s.org.id, chat_id) == before  # the archive is frozen
    kid = s.students[0].client(server)
    archived = next(c for c in s.chats(kid) if c["id"] == chat_id)
    assert archived["archived"] is True
    # Back from the archive, it catches up with the roster.
    assert (
        admin.patch(f"/orgs/{s.org.id}/channels/{chat_id}", json={"archived": False}).status_code
        == 200
    )
    assert newcomer.account_id in members(admin, s.org.id, chat_id)
    listed = {c["id"]: c for c in admin.get(f"/orgs/{s.org.id}/channels").json()}
    assert listed[chat_id]["archived"] is False
    assert sum(1 for c in listed.values() if c["org_channel"]) == 1


def test_only_administrators_create_and_bad_input_is_refused(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    url = f"/orgs/{s.org.id}/channels"
    r = s.teacher.client(server).post(url, json={"title": "Мой", "audience": {"everyone": True}})
    assert r.status_code == 403
    r = admin.post(url, json={"title": "Пустой", "audience": {}})
    assert r.status_code == 422 and code(r) == "empty_audience"
    foreign = make_org(server)
    r = admin.post(url, json={"title": "Чужой", "audience": {"class_ids": [foreign.id]}})
    assert r.status_code == 422 and code(r) == "bad_class"
    r = admin.post(
        url,
        json={
            "title": "Ученики пишут",
            "audience": {"everyone": True},
            "poster_ids": [s.students[0].account_id],
        },
    )
    assert r.status_code == 422 and code(r) == "bad_poster"
    r = admin.post(url, json={"title": "", "audience": {"everyone": True}})
    assert r.status_code == 422
    r = admin.post(url, json={"title": "x", "audience": {"everyone": True, "всем": True}})
    assert r.status_code == 422
    org_channel = next(c for c in s.chats(admin) if c["kind"] == "channel")
    r = admin.patch(f"{url}/{org_channel['id']}", json={"audience": {"staff": True}})
    assert r.status_code == 409 and code(r) == "org_channel_fixed"
    r = admin.patch(f"{url}/{org_channel['id']}", json={"archived": True})
    assert r.status_code == 409
    # Members see only their channels in the list, without audiences.
    create(admin, s.org.id, title="Только учителям", audience={"staff": True})
    parent_list = s.parents[0].client(server).get(url).json()
    assert [c["org_channel"] for c in parent_list] == [True]
    assert parent_list[0]["audience"] is None
