"""Bad or odd search input gets a 4xx with a stable code (or simply no hits), never a 500."""

from __future__ import annotations

from typing import Any

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.search.helpers import search, send


def test_bad_input_is_refused_with_stable_codes(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    org = s.org.id
    chat = s.chat_of_kind(teacher, "class")["id"]
    send(teacher, org, chat, "Контрольная в четверг")

    def status(params: dict[str, Any]) -> tuple[int, str]:
        r = teacher.get(f"/orgs/{org}/search", params=params)
        assert r.status_code < 500, (params, r.text)
        return r.status_code, r.json()["error"]["code"] if r.status_code >= 400 else ""

    assert status({}) == (422, "invalid")
    assert status({"q": ""}) == (422, "invalid")
    assert status({"q": "  \t "}) == (422, "empty_query")
    assert status({"q": "\x00"}) == (422, "empty_query")
    assert status({"q": "я" * 201}) == (422, "invalid")
    assert status({"q": "x", "limit": 0}) == (422, "invalid")
    assert status({"q": "x", "limit": 51}) == (422, "invalid")
    assert status({"q": "x", "limit": "many"}) == (422, "invalid")
    assert status({"q": "x", "since": "yesterday"}) == (422, "invalid")
    assert status({"q": "x", "since": "2026-05-02", "until": "2026-05-01"}) == (422, "bad_period")
    assert status({"q": "x", "author_id": "nobody"}) == (422, "bad_author")
    assert status({"q": "x", "cursor": "!!!"}) == (422, "bad_cursor")
    assert status({"q": "x", "cursor": "MjAyNnxub3BlIQ"}) == (422, "bad_cursor")
    assert status({"q": "x", "cursor": "x" * 201}) == (422, "invalid")
    for chat_id in ("nope", "0" * 26, "Я" * 26, "x" * 300, "\x00" * 26):
        assert status({"q": "x", "chat_id": chat_id}) == (404, "not_found"), chat_id
    assert teacher.get("/orgs/nope/search", params={"q": "x"}).status_code == 404


def test_odd_queries_find_nothing_or_something_but_never_fail(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    org = s.org.id
    chat = s.chat_of_kind(teacher, "class")["id"]
    sent = send(teacher, org, chat, 'Контрольная "по" физике: (вариант 2) — NOT OR AND NEAR')
    odd = [
        '"',
        '""',
        '"контрольная',
        "контрольная\x00физика",
        "контрольная OR OR",
        "- -- ---контрольная",
        "NOT",
        "AND OR NOT NEAR",
        "вариант 2",
        "контрольная^ физик*",
        "' OR 1=1 --",
        "); DROP TABLE messages; --",
        "\\",
        "%_%",
        "🙂",
        "a" * 200,
        "Ё" * 150,
        "\u0301\u0306",
        "\ud7ff\ue000",
    ]
    for q in odd:
        page = search(teacher, org, q)
        assert all(h["message_id"] == sent["id"] for h in page["items"]), q
    assert [h["message_id"] for h in search(teacher, org, "вариант 2")["items"]] == [sent["id"]]
    assert [h["message_id"] for h in search(teacher, org, "контрольная^ физик*")["items"]] == [
        sent["id"]
    ]
    # Searching the dates, a period that holds nothing, is fine too.
    page = search(teacher, org, "контрольная", since="2001-01-01", until="2001-01-02")
    assert page == {"items": [], "next_cursor": None}
