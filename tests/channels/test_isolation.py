"""Channels of one organisation are invisible to every other: ids of another organisation's
channel, posts, comments and scheduled posts answer 404 and change nothing."""

from __future__ import annotations

from tests.channels.helpers import (
    base,
    commented,
    comments_of,
    in_minutes,
    org_channel,
    posted,
    scheduled,
    set_comments,
    stats,
)
from tests.chats.helpers import make_school
from tests.harness import LiveServer


def test_another_organisation_sees_and_changes_nothing(server: LiveServer) -> None:
    b = make_school(server)
    b_admin = b.org.admin.client(server)
    channel = org_channel(b, b_admin)
    set_comments(b_admin, b.org.id, channel, True)
    post_id = posted(b_admin, b.org.id, channel, "Секрет B")["message"]["id"]
    note = commented(b.parents[0].client(server), b.org.id, channel, post_id, "Коммент B")
    waiting = scheduled(b_admin, b.org.id, channel)
    a = make_school(server)
    intruder = a.org.admin.client(server)  # the most powerful role of organisation A
    for org_id in (b.org.id, a.org.id):
        url = base(org_id, channel)
        calls = [
            intruder.get(url),
            intruder.patch(url, json={"comments": False, "title": "взлом"}),
            intruder.get(f"{url}/posts"),
            intruder.post(f"{url}/posts", json={"client_id": "z", "body": "чужое"}),
            intruder.get(f"{url}/stats", params={"ids": [post_id]}),
            intruder.post(f"{url}/views", json={"message_ids": [post_id]}),
            intruder.patch(f"{url}/posts/{post_id}", json={"comments_enabled": False}),
            intruder.get(f"{url}/posts/{post_id}/comments"),
            intruder.post(f"{url}/posts/{post_id}/comments", json={"client_id": "z", "body": "x"}),
            intruder.delete(f"{url}/posts/{post_id}/comments/{note['id']}"),
            intruder.get(f"{url}/scheduled"),
            intruder.post(f"{url}/scheduled", json={"body": "x", "publish_at": in_minutes(5)}),
            intruder.patch(f"{url}/scheduled/{waiting['id']}", json={"body": "x"}),
            intruder.delete(f"{url}/scheduled/{waiting['id']}"),
            intruder.post(f"{url}/scheduled/{waiting['id']}/publish"),
        ]
        assert [r.status_code for r in calls] == [404] * len(calls), [
            (r.request.method, r.request.url.path, r.status_code)
            for r in calls
            if r.status_code != 404
        ]
    # A's own channel does not reach B's posts, comments or scheduled posts either.
    own = base(a.org.id, org_channel(a, intruder))
    assert intruder.get(f"{own}/posts/{post_id}/comments").status_code == 404
    assert intruder.post(f"{own}/views", json={"message_ids": [post_id]}).json() == []
    assert intruder.post(f"{own}/scheduled/{waiting['id']}/publish").status_code == 404
    assert b.org.id not in {c["org_id"] for c in intruder.get(f"/orgs/{a.org.id}/channels").json()}
    # B is unchanged: no view, the comment, the switch, the waiting post.
    (after,) = stats(b_admin, b.org.id, channel, post_id)
    assert after["views"] == 0 and after["comments"] == 1 and after["comments_open"] is True
    assert [c["id"] for c in comments_of(b_admin, b.org.id, channel, post_id)["comments"]] == [
        note["id"]
    ]
    listed = b_admin.get(f"{base(b.org.id, channel)}/scheduled").json()
    assert [(x["id"], x["body"]) for x in listed] == [(waiting["id"], waiting["body"])]
