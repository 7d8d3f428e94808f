"""The gradebook addresses: administrators set them (https only); "Journal" is shown to
verified staff, "Diary" to students and parents."""

from __future__ import annotations

from tests.builders import make_member
from tests.chats.helpers import make_school
from tests.harness import LiveServer

JOURNAL = "https://journal.example.org/school/42"
DIARY = "https://diary.example.org/42"


def test_gradebook_links_are_shown_to_the_right_roles(server: LiveServer) -> None:
    s = make_school(server, students=1)
    org = s.org.id
    admin = s.org.admin.client(server)
    r = admin.patch(
        f"/orgs/{org}", json={"settings": {"gradebook_url": JOURNAL, "diary_url": DIARY}}
    )
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["gradebook_url"] == JOURNAL
    assert r.json()["gradebook"] == {"journal_url": JOURNAL, "diary_url": None}
    unverified = make_member(server, org, "teacher", verified=False)
    expected = [
        (s.teacher, {"journal_url": JOURNAL, "diary_url": None}),
        (unverified, {"journal_url": None, "diary_url": None}),
        (s.students[0], {"journal_url": None, "diary_url": DIARY}),
        (s.parents[0], {"journal_url": None, "diary_url": DIARY}),
    ]
    for person, links in expected:
        assert person.client(server).get(f"/orgs/{org}").json()["gradebook"] == links
    # A teacher who is also a parent sees both entries.
    both = make_member(server, org, "parent", person=s.other_teacher)
    got = both.client(server).get(f"/orgs/{org}").json()["gradebook"]
    assert got == {"journal_url": JOURNAL, "diary_url": DIARY}
    # Only https addresses; an empty string removes one; teachers may not change them.
    for bad in ("http://journal.example.org", "javascript:alert(1)", "https://", "https://a b"):
        r = admin.patch(f"/orgs/{org}", json={"settings": {"gradebook_url": bad}})
        assert r.status_code == 422, bad
    teacher = s.teacher.client(server)
    r = teacher.patch(f"/orgs/{org}", json={"settings": {"diary_url": DIARY}})
    assert r.status_code == 403
    r = admin.patch(f"/orgs/{org}", json={"settings": {"diary_url": ""}})
    assert r.status_code == 200 and r.json()["settings"]["diary_url"] is None
    assert r.json()["settings"]["gradebook_url"] == JOURNAL
    student = s.students[0].client(server).get(f"/orgs/{org}").json()
    assert student["gradebook"] == {"journal_url": None, "diary_url": None}
