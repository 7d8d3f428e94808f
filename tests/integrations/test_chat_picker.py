"""The administrators' chat picker for integrations: every chat of the organisation but
direct ones, members or not; nobody else may list it, and other organisations see nothing."""

from __future__ import annotations

from tests.builders import make_org
from tests.chats.helpers import make_school, open_direct
from tests.harness import LiveServer


def test_admin_lists_the_chats_integrations_may_use(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    direct = open_direct(teacher, s.org.id, s.other_teacher)
    assert direct.status_code in (200, 201), direct.text
    admin = s.org.admin.client(server)
    r = admin.get(f"/orgs/{s.org.id}/integrations/chats")
    assert r.status_code == 200, r.text
    chats = r.json()
    ids = {c["id"] for c in chats}
    class_chat = s.chat_of_kind(teacher, "class")
    assert class_chat["id"] in ids
    assert direct.json()["id"] not in ids
    assert all(c["kind"] != "direct" and not c["archived"] for c in chats)
    assert next(c for c in chats if c["id"] == class_chat["id"])["title"] == "5А"

    # Teachers are not administrators; another organisation's admin sees a 404.
    r = teacher.get(f"/orgs/{s.org.id}/integrations/chats")
    assert r.status_code == 403, r.text
    stranger = make_org(server).admin.client(server)
    assert stranger.get(f"/orgs/{s.org.id}/integrations/chats").status_code == 404
