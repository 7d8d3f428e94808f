"""Comments under channel posts: who may write and delete, counts, live updates, and that
comments stay out of the channel's history and unread counts."""

from __future__ import annotations

from tests.channels.helpers import (
    base,
    code,
    comment,
    commented,
    comments_of,
    history,
    org_channel,
    posted,
    set_comments,
    stats,
)
from tests.chats.helpers import make_school, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_comments_are_off_until_a_moderator_turns_them_on(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    parent = s.parents[0].client(server)
    chat_id = org_channel(s, admin)
    post_id = posted(admin, s.org.id, chat_id)["message"]["id"]
    r = comment(parent, s.org.id, chat_id, post_id)
    assert r.status_code == 403 and code(r) == "comments_closed"
    # Members do not change the channel's settings.
    r = parent.patch(base(s.org.id, chat_id), json={"comments": True})
    assert r.status_code == 403
    set_comments(admin, s.org.id, chat_id, True)
    assert s.chat_of_kind(parent, "channel")["settings"]["comments"] is True
    mine = commented(parent, s.org.id, chat_id, post_id, "Во сколько *начало*?")
    assert mine["html"] == "<p>Во сколько <em>начало</em>?</p>"
    assert mine["author_name"] == s.parents[0].name
    student = commented(s.students[0].client(server), s.org.id, chat_id, post_id, "Ура")
    page = comments_of(admin, s.org.id, chat_id, post_id)
    assert [c["id"] for c in page["comments"]] == [mine["id"], student["id"]]
    assert page["stats"]["comments"] == 2 and page["stats"]["comments_open"] is True
    # A retried client id returns the stored comment.
    again = comment(parent, s.org.id, chat_id, post_id, "другое", client_id=mine["client_id"])
    assert again.status_code == 200 and again.json()["id"] == mine["id"]
    # The author closes this post's comments: no new ones, the old ones stay readable.
    url = f"{base(s.org.id, chat_id)}/posts/{post_id}"
    assert admin.patch(url, json={"comments_enabled": False}).status_code == 200
    r = comment(parent, s.org.id, chat_id, post_id)
    assert r.status_code == 403 and code(r) == "comments_closed"
    assert len(comments_of(parent, s.org.id, chat_id, post_id)["comments"]) == 2


def test_bad_comments_are_refused_clearly(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    chat_id = org_channel(s, admin)
    set_comments(admin, s.org.id, chat_id, True)
    post_id = posted(admin, s.org.id, chat_id)["message"]["id"]
    parent = s.parents[0].client(server)
    r = comment(parent, s.org.id, chat_id, post_id, "   \x00 ")
    assert r.status_code == 422 and code(r) == "empty_message"
    r = comment(parent, s.org.id, chat_id, post_id, "я" * 4001)
    assert r.status_code == 422 and code(r) == "message_too_long"
    r = comment(parent, s.org.id, chat_id, "01ARZ3NDEKTSV4RRFFQ69G5FAV")
    assert r.status_code == 404
    r = parent.get(f"{base(s.org.id, chat_id)}/posts/{post_id}/comments", params={"before": "x"})
    assert r.status_code == 422
    # A deleted post takes no comments.
    assert admin.delete(f"/orgs/{s.org.id}/chats/{chat_id}/messages/{post_id}").status_code == 204
    assert comment(parent, s.org.id, chat_id, post_id).status_code == 404


def test_moderators_delete_any_comment_authors_their_own(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    chat_id = org_channel(s, admin)
    set_comments(admin, s.org.id, chat_id, True)
    post_id = posted(admin, s.org.id, chat_id)["message"]["id"]
    a, b = (p.client(server) for p in s.parents)
    first = commented(a, s.org.id, chat_id, post_id, "первый")
    second = commented(b, s.org.id, chat_id, post_id, "второй")
    third = commented(b, s.org.id, chat_id, post_id, "третий")
    url = f"{base(s.org.id, chat_id)}/posts/{post_id}/comments"
    r = a.delete(f"{url}/{second['id']}")
    assert r.status_code == 403 and code(r) == "delete_not_allowed"
    assert b.delete(f"{url}/{second['id']}").status_code == 204
    assert admin.delete(f"{url}/{first['id']}").status_code == 204
    assert admin.delete(f"{url}/{first['id']}").status_code == 204  # already gone: no change
    page = comments_of(a, s.org.id, chat_id, post_id)
    assert [c["id"] for c in page["comments"]] == [third["id"]]
    assert stats(a, s.org.id, chat_id, post_id)[0]["comments"] == 1
    assert a.delete(f"{url}/01ARZ3NDEKTSV4RRFFQ69G5FAV").status_code == 404
    # A moderator's deletion of someone's comment is in the audit log; an author's own is not.
    log = admin.get(f"/orgs/{s.org.id}/audit").json()["items"]
    deleted = [e for e in log if e["action"] == "channel.comment_deleted"]
    assert [e["target_id"] for e in deleted] == [first["id"]]
    assert deleted[0]["data"]["author_id"] == s.parents[0].account_id


def test_comment_counts_follow_live_and_stay_out_of_history(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    parent = s.parents[0].client(server)
    other_parent = s.parents[1].client(server)
    chat_id = org_channel(s, admin)
    set_comments(admin, s.org.id, chat_id, True)
    post_id = posted(admin, s.org.id, chat_id)["message"]["id"]
    before = next(c for c in s.chats(other_parent) if c["id"] == chat_id)
    watcher = EventClient(server.url, token_of(admin))
    try:
        mine = commented(parent, s.org.id, chat_id, post_id, "Спасибо!")
        ev = watcher.wait_for(lambda e: e["type"] == "channel.comment")
        assert ev["chat_id"] == chat_id and isinstance(ev["seq"], int)
        assert ev["data"]["post_id"] == post_id and ev["data"]["comments"] == 1
        assert ev["data"]["comment"]["id"] == mine["id"]
        assert ev["data"]["comment"]["author_name"] == s.parents[0].name
        commented(other_parent, s.org.id, chat_id, post_id, "И от нас")
        ev2 = watcher.wait_for(lambda e: e["type"] == "channel.comment")
        assert ev2["data"]["comments"] == 2 and ev2["seq"] == ev["seq"] + 1
        url = f"{base(s.org.id, chat_id)}/posts/{post_id}/comments/{mine['id']}"
        assert admin.delete(url).status_code == 204
        gone = watcher.wait_for(lambda e: e["type"] == "channel.comment_deleted")
        assert gone["data"] == {
            "post_id": post_id,
            "comments": 1,
            "comment_id": mine["id"],
            "by": s.org.admin.account_id,
        }
        # The comment switch of a post reaches members as well.
        admin.patch(f"{base(s.org.id, chat_id)}/posts/{post_id}", json={"comments_enabled": False})
        switched = watcher.wait_for(lambda e: e["type"] == "channel.post")
        assert switched["data"]["comments_open"] is False
    finally:
        watcher.close()
    # Comments are not messages: the channel's history and unread counts are the posts'.
    assert [m["id"] for m in history(other_parent, s.org.id, chat_id)][-1] == post_id
    after = next(c for c in s.chats(other_parent) if c["id"] == chat_id)
    assert after["unread"] == before["unread"]
    assert after["last_message"]["id"] == post_id
    # A client that was away catches up on the comment events through /sync.
    r = other_parent.get("/sync", params={"cursors": f"{chat_id}:{before['seq']}"})
    assert r.status_code == 200, r.text
    kinds = [e["type"] for e in r.json()["events"] if e["chat_id"] == chat_id]
    assert kinds.count("channel.comment") == 2 and "channel.comment_deleted" in kinds
