"""People's pictures in member lists: MemberBrief and chat members carry `avatar_url`."""

from __future__ import annotations

from contextlib import closing

from tests.avatars.test_avatars import png
from tests.chats.helpers import make_group, make_school
from tests.harness import LiveServer


def test_member_lists_carry_the_avatar_url(server: LiveServer) -> None:
    school = make_school(server)
    kid, teacher = school.students[0], school.teacher
    with closing(kid.client(server)) as mine:
        r = mine.put("/me/avatar", files={"image": ("me.png", png(), "image/png")})
        assert r.status_code == 200, r.text
        url = r.json()["avatar_url"]
    assert url.startswith("/api/v1/avatars/")
    org = school.org.id
    with closing(teacher.client(server)) as api:
        listed = api.get(f"/orgs/{org}/members", params={"role": "student"}).json()["items"]
        by_id = {m["membership_id"]: m for m in listed}
        assert by_id[kid.membership_id]["avatar_url"] == url
        assert by_id[school.students[1].membership_id]["avatar_url"] is None
        one = api.get(f"/orgs/{org}/members/{kid.membership_id}").json()
        assert one["avatar_url"] == url
        students = api.get(f"/orgs/{org}/classes/{school.cls.id}").json()["students"]
        assert {s["membership_id"]: s["avatar_url"] for s in students}[kid.membership_id] == url

        chat = make_group(api, org, [kid, school.students[1]], title="Кружок рисования")
        members = api.get(f"/orgs/{org}/chats/{chat['id']}/members")
        assert members.status_code == 200, members.text
        avatars = {m["account_id"]: m["avatar_url"] for m in members.json()}
        assert avatars[kid.account_id] == url
        assert avatars[teacher.account_id] is None

    # Removing the picture empties it everywhere.
    with closing(kid.client(server)) as mine:
        assert mine.delete("/me/avatar").status_code == 204
    with closing(teacher.client(server)) as api:
        one = api.get(f"/orgs/{org}/members/{kid.membership_id}").json()
        assert one["avatar_url"] is None
