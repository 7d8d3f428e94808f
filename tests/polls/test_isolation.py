"""Polls of chats I am not in, and of other organisations, do not exist for me."""

from __future__ import annotations

from tests.builders import make_org
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer
from tests.polls.helpers import chat_id_of, counts, create, poll_in_history, try_create


def _calls(api: Api, org_id: str, poll_id: str, option_id: str) -> list[int]:
    url = f"/orgs/{org_id}/polls/{poll_id}"
    return [
        api.put(f"{url}/vote", json={"option_ids": [option_id]}).status_code,
        api.put(f"{url}/vote", json={"option_ids": []}).status_code,
        api.post(f"{url}/options", json={"text": "Чужой вариант"}).status_code,
        api.post(f"{url}/close").status_code,
        api.get(f"{url}/results.csv").status_code,
    ]


def test_non_members_and_other_organisations_get_404(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    msg = create(teacher, s.org.id, chat_id, allow_add_options=True)
    poll = msg["poll"]
    option = poll["options"][0]["id"]
    # Same organisation, not in the chat: a student of another class, the org's admin.
    outsiders = [s.other_student.client(server), s.org.admin.client(server)]
    # Another organisation's admin, with either organisation's id.
    other = make_org(server)
    stranger = other.admin.client(server)
    for api in outsiders:
        assert _calls(api, s.org.id, poll["id"], option) == [404] * 5
    assert _calls(stranger, s.org.id, poll["id"], option) == [404] * 5
    assert _calls(stranger, other.id, poll["id"], option) == [404] * 5
    assert try_create(stranger, s.org.id, chat_id).status_code == 404
    assert try_create(stranger, other.id, chat_id).status_code == 404
    for bad in ("x", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "%00"):
        assert _calls(teacher, s.org.id, bad, option)[0] == 404
    # Nothing changed.
    seen = poll_in_history(teacher, s.org.id, chat_id, msg["id"])["poll"]
    assert counts(seen) == [0, 0] and not seen["closed"] and len(seen["options"]) == 2
