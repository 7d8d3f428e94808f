"""Scheduled posts: moderators write them ahead, manage the list, and the publishing job
posts them at their time as their author (the test clock moves time)."""

from __future__ import annotations

from parta.files.sweeper import sweep_files
from parta.kit.clock import clock
from tests.builders import make_member
from tests.channels.helpers import (
    base,
    code,
    history,
    in_minutes,
    org_channel,
    run_scheduler,
    schedule,
    scheduled,
    stats,
)
from tests.chats.helpers import make_school, token_of
from tests.files.helpers import PDF, uploaded
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_moderators_schedule_and_manage_posts(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    parent = s.parents[0].client(server)
    chat_id = org_channel(s, admin)
    url = f"{base(s.org.id, chat_id)}/scheduled"
    r = schedule(parent, s.org.id, chat_id)
    assert r.status_code == 403 and code(r) == "posting_not_allowed"
    assert parent.get(url).status_code == 403
    r = schedule(admin, s.org.id, chat_id, minutes=-1)
    assert r.status_code == 422 and code(r) == "publish_at_past"
    r = schedule(admin, s.org.id, chat_id, minutes=60 * 24 * 400)
    assert r.status_code == 422 and code(r) == "publish_at_too_far"
    r = admin.post(url, json={"body": "без зоны", "publish_at": "2030-01-01T10:00:00"})
    assert r.status_code == 422
    r = schedule(admin, s.org.id, chat_id, body="  ")
    assert r.status_code == 422 and code(r) == "empty_message"
    later = scheduled(admin, s.org.id, chat_id, minutes=120, body="Позже")
    sooner = scheduled(admin, s.org.id, chat_id, minutes=30, body="Раньше", comments_enabled=False)
    assert sooner["status"] == "scheduled" and sooner["author_name"] == s.org.admin.name
    listed = admin.get(url).json()
    assert [x["id"] for x in listed] == [sooner["id"], later["id"]]
    r = admin.patch(
        f"{url}/{later['id']}", json={"body": "Перенесли", "publish_at": in_minutes(10)}
    )
    assert r.status_code == 200, r.text
    assert r.json()["body"] == "Перенесли"
    assert [x["id"] for x in admin.get(url).json()] == [later["id"], sooner["id"]]
    assert admin.delete(f"{url}/{later['id']}").status_code == 204
    assert [x["id"] for x in admin.get(url).json()] == [sooner["id"]]
    r = admin.patch(f"{url}/{later['id']}", json={"body": "снова"})
    assert r.status_code == 409 and code(r) == "not_scheduled"
    # Another moderator publishes it now: it appears as the author's post.
    other_admin = make_member(server, s.org.id, "admin").client(server)
    r = other_admin.post(f"{url}/{sooner['id']}/publish")
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["message"]["author_id"] == s.org.admin.account_id
    assert out["message"]["body"] == "Раньше" and out["stats"]["comments_enabled"] is False
    assert history(parent, s.org.id, chat_id)[-1]["id"] == out["message"]["id"]
    assert admin.get(url).json() == []
    assert other_admin.post(f"{url}/{sooner['id']}/publish").status_code == 409
    # Nothing is left for the job to publish twice.
    clock.advance(3 * 3600)
    run_scheduler(server)
    assert [m["body"] for m in history(parent, s.org.id, chat_id)].count("Раньше") == 1


def test_the_job_publishes_at_the_time_with_files_kept(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    parent = s.parents[0].client(server)
    chat_id = org_channel(s, admin)
    up = uploaded(admin, s.org.id, chat_id, "menu.pdf", PDF + b"% menu of the week\n")
    item = scheduled(
        admin, s.org.id, chat_id, minutes=30 * 60, body="Меню на неделю", attachment_ids=[up["id"]]
    )
    assert item["attachments"] == ["menu.pdf"]
    # The file may not go into another scheduled post meanwhile.
    r = schedule(admin, s.org.id, chat_id, attachment_ids=[up["id"]])
    assert r.status_code == 422 and code(r) == "bad_attachment"
    admin_events = EventClient(server.url, token_of(admin))
    watcher = EventClient(server.url, token_of(parent))
    try:
        # A day later the sweeper removes abandoned uploads, but not this post's file.
        clock.advance(25 * 3600)
        server.run(sweep_files(server.app.state.sessionmaker))
        run_scheduler(server)
        assert all(m["body"] != "Меню на неделю" for m in history(parent, s.org.id, chat_id))
        clock.advance(5 * 3600 + 60)
        run_scheduler(server)
        new = watcher.wait_for(lambda e: e["type"] == "message.new" and e["chat_id"] == chat_id)
        assert new["data"]["body"] == "Меню на неделю"
        assert new["data"]["author_id"] == s.org.admin.account_id
        assert [a["name"] for a in new["data"]["attachments"]] == ["menu.pdf"]
        done = admin_events.wait_for(
            lambda e: e["type"] == "channel.scheduled" and e["data"]["status"] == "published"
        )
        assert done["data"]["id"] == item["id"] and done["data"]["scheduled"] is None
        assert done["data"]["message_id"] == new["data"]["id"]
        # Only moderators hear about the scheduled list.
        assert not [e for e in watcher.drain() if e["type"] == "channel.scheduled"]
    finally:
        watcher.close()
        admin_events.close()
    assert stats(parent, s.org.id, chat_id, new["data"]["id"])[0]["comments_enabled"] is True
    assert admin.get(f"{base(s.org.id, chat_id)}/scheduled").json() == []


def test_a_post_whose_author_may_no_longer_post_fails_visibly(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    r = admin.post(
        f"/orgs/{s.org.id}/channels",
        json={
            "title": "Кружок робототехники",
            "audience": {"staff": True, "parents": True},
            "poster_ids": [s.teacher.account_id],
        },
    )
    assert r.status_code == 201, r.text
    chat_id = r.json()["id"]
    teacher = s.teacher.client(server)
    item = scheduled(teacher, s.org.id, chat_id, minutes=60, body="Занятие переносится")
    r = admin.patch(f"/orgs/{s.org.id}/channels/{chat_id}", json={"poster_ids": []})
    assert r.status_code == 200, r.text
    url = f"{base(s.org.id, chat_id)}/scheduled"
    # The teacher is a member now, no longer a moderator: the list is not theirs any more.
    assert teacher.get(url).status_code == 403
    watcher = EventClient(server.url, token_of(admin))
    try:
        clock.advance(61 * 60)
        run_scheduler(server)
        ev = watcher.wait_for(
            lambda e: e["type"] == "channel.scheduled" and e["data"]["status"] == "failed"
        )
        assert ev["data"]["scheduled"]["error"] == "posting_not_allowed"
    finally:
        watcher.close()
    (failed,) = admin.get(url).json()
    assert failed["id"] == item["id"] and failed["status"] == "failed"
    r = admin.post(f"{url}/{item['id']}/publish")
    assert r.status_code == 403 and code(r) == "posting_not_allowed"
    assert all(m["body"] != "Занятие переносится" for m in history(admin, s.org.id, chat_id))
    assert admin.delete(f"{url}/{item['id']}").status_code == 204
    assert admin.get(url).json() == []
