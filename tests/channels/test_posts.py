"""Posts of a channel: who posts, the page of posts, and views counted once per member."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.channels.helpers import base, code, org_channel, post, posted, stats, view
from tests.chats.helpers import make_school
from tests.chats.helpers import post as chat_post
from tests.harness import LiveServer


def test_admins_post_members_do_not(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    parent = s.parents[0].client(server)
    chat_id = org_channel(s, admin)
    out = posted(admin, s.org.id, chat_id, "**Каникулы** с понедельника", comments_enabled=False)
    assert out["message"]["html"].startswith("<p><strong>Каникулы</strong>")
    assert out["stats"] == {
        "message_id": out["message"]["id"],
        "views": 0,
        "comments": 0,
        "comments_enabled": False,
        "comments_open": False,
    }
    r = post(parent, s.org.id, chat_id)
    assert r.status_code == 403 and code(r) == "posting_not_allowed"
    # A retry with the same client id returns the stored post.
    again = admin.post(
        f"{base(s.org.id, chat_id)}/posts",
        json={"client_id": out["message"]["client_id"], "body": "другое"},
    )
    assert again.status_code == 200 and again.json()["message"]["id"] == out["message"]["id"]
    # Only channels have posts: a class chat is not one.
    class_chat = s.chat_of_kind(s.teacher.client(server), "class")["id"]
    r = post(s.teacher.client(server), s.org.id, class_chat)
    assert r.status_code == 404


def test_views_count_each_member_once(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    chat_id = org_channel(s, admin)
    first = posted(admin, s.org.id, chat_id, "Первая")["message"]["id"]
    second = posted(admin, s.org.id, chat_id, "Вторая")["message"]["id"]
    readers = [p.client(server) for p in (*s.parents, *s.students)]
    for api in readers:
        got = view(api, s.org.id, chat_id, first, second)
        assert [g["message_id"] for g in got] == [first, second]
    # Looking again, from any device, adds nothing.
    for api in readers[:2]:
        view(api, s.org.id, chat_id, first, second, first)
    assert [x["views"] for x in stats(admin, s.org.id, chat_id, first, second)] == [4, 4]
    view(admin, s.org.id, chat_id, second)
    assert [x["views"] for x in stats(admin, s.org.id, chat_id, first, second)] == [4, 5]
    # Ids of other chats, unknown ids and odd shapes are left out, not errors.
    other = chat_post(s.teacher.client(server), s.org.id, s.chat_of_kind(admin, "staff")["id"])
    got = view(admin, s.org.id, chat_id, first, other.json()["id"], "нет\x00такого")
    assert [g["message_id"] for g in got] == [first]


def test_posts_page_has_posts_with_counts_and_no_deleted(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    chat_id = org_channel(s, admin)
    ids = [posted(admin, s.org.id, chat_id, f"Пост {i}")["message"]["id"] for i in range(5)]
    assert admin.delete(f"/orgs/{s.org.id}/chats/{chat_id}/messages/{ids[2]}").status_code == 204
    parent = s.parents[0].client(server)
    view(parent, s.org.id, chat_id, ids[4])
    r = parent.get(f"{base(s.org.id, chat_id)}/posts", params={"limit": 2})
    assert r.status_code == 200, r.text
    page = r.json()
    assert [p["message"]["id"] for p in page["posts"]] == ids[3:]
    assert page["has_more_before"] is True
    assert [p["stats"]["views"] for p in page["posts"]] == [0, 1]
    older = parent.get(
        f"{base(s.org.id, chat_id)}/posts",
        params={"before_seq": page["posts"][0]["message"]["seq"]},
    ).json()
    assert [p["message"]["id"] for p in older["posts"]] == ids[:2]
    assert older["has_more_before"] is False


def test_only_the_author_or_a_moderator_switches_comments(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    chat_id = org_channel(s, admin)
    admin.patch(base(s.org.id, chat_id), json={"comments": True})
    post_id = posted(admin, s.org.id, chat_id)["message"]["id"]
    url = f"{base(s.org.id, chat_id)}/posts/{post_id}"
    r = s.parents[0].client(server).patch(url, json={"comments_enabled": False})
    assert r.status_code == 403 and code(r) == "not_post_author"
    r = admin.patch(url, json={"comments_enabled": False})
    assert r.status_code == 200, r.text
    assert r.json()["comments_enabled"] is False and r.json()["comments_open"] is False
    r = admin.patch(url, json={"comments_enabled": "сломано"})
    assert r.status_code == 422


def test_views_are_exact_when_many_look_at_once(server: LiveServer) -> None:
    s = make_school(server, students=4)
    admin = s.org.admin.client(server)
    chat_id = org_channel(s, admin)
    ids = [posted(admin, s.org.id, chat_id, f"Пост {i}")["message"]["id"] for i in range(3)]
    readers = [p.client(server) for p in (*s.students, *s.parents)]
    # Every reader twice, all at once, in two different orders of the same posts.
    jobs = [(api, ids if i % 2 else list(reversed(ids))) for i, api in enumerate(readers * 2)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda job: view(job[0], s.org.id, chat_id, *job[1]), jobs))
    assert [x["views"] for x in stats(admin, s.org.id, chat_id, *ids)] == [8, 8, 8]
