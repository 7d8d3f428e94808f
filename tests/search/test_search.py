"""Message search: word forms, query language, snippets, filters, pages, deleted and edited
messages. The permission rule is in test_search_permission.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from parta.kit.clock import clock
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.search.helpers import found_ids, only_marks, search, send


def test_russian_and_english_word_forms(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    org, chat = s.org.id, s.chat_of_kind(teacher, "class")["id"]
    m1 = send(teacher, org, chat, "Завтра контрольная по математике")
    m2 = send(teacher, org, chat, "Итоги контрольной работы будут в пятницу")
    m3 = send(teacher, org, chat, "Контрольные тетради сдать до среды")
    m4 = send(student, org, chat, "Я забыл тетрадь дома")
    m5 = send(student, org, chat, "We are running late")
    m6 = send(teacher, org, chat, "Run to the gym, ЁЛКА стоит в зале")
    send(teacher, org, chat, "Совсем другое сообщение")

    assert found_ids(student, org, "контрольная") == [m3["id"], m2["id"], m1["id"]]
    assert found_ids(student, org, "Контрольные") == [m3["id"], m2["id"], m1["id"]]
    assert found_ids(student, org, "тетради") == [m4["id"], m3["id"]]
    assert found_ids(student, org, "running") == [m6["id"], m5["id"]]
    assert found_ids(student, org, "runs") == [m6["id"], m5["id"]]
    assert found_ids(student, org, "елки") == [m6["id"]]  # ё and е are one letter here
    # All words must occur; "quoted words" together and in order; -word excluded; or.
    assert found_ids(student, org, "контрольная пятница") == [m2["id"]]
    assert found_ids(student, org, '"контрольной работой"') == [m2["id"]]
    assert found_ids(student, org, '"работы контрольной"') == []
    assert found_ids(student, org, "контрольная -тетрадь") == [m2["id"], m1["id"]]
    assert found_ids(student, org, "математика or тетради") == [m4["id"], m3["id"], m1["id"]]
    # Stop words alone, punctuation, or only exclusions find nothing (and never fail).
    for q in ("и в на", "?!", "-контрольная", '"', "or", "NEAR(a b)", "*", "a AND"):
        assert search(student, org, q)["items"] == [], q


def test_hits_carry_chat_author_and_highlighted_escaped_snippet(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    org, chat = s.org.id, s.chat_of_kind(teacher, "class")["id"]
    body = "<script>alert('Контрольная')</script> & \"контрольную\" <b>завтра</b>"
    sent = send(teacher, org, chat, body)
    [hit] = search(student, org, "контрольная")["items"]
    assert hit["message_id"] == sent["id"] and hit["chat_id"] == chat
    assert hit["seq"] == sent["seq"] and hit["chat_kind"] == "class"
    assert hit["chat_title"] == s.chat_of_kind(student, "class")["title"]
    assert hit["author_id"] == s.teacher.account_id and hit["author_name"] == s.teacher.name
    assert hit["edited"] is False and hit["created_at"]
    assert hit["snippet"] == (
        "&lt;script&gt;alert(&#x27;<mark>Контрольная</mark>&#x27;)&lt;/script&gt; &amp; "
        "&quot;<mark>контрольную</mark>&quot; &lt;b&gt;завтра&lt;/b&gt;"
    )
    assert only_marks(hit["snippet"])
    # A direct chat is titled with the other person's name; mentions read as names.
    direct = teacher.post(
        f"/orgs/{org}/chats/direct", json={"account_id": s.students[0].account_id}
    )
    assert direct.status_code == 200, direct.text
    send(teacher, org, direct.json()["id"], f"<@{s.students[0].account_id}>, где твоя тетрадь?")
    [hit] = search(student, org, "тетрадь")["items"]
    assert hit["chat_kind"] == "direct" and hit["chat_title"] == s.teacher.name
    assert hit["snippet"] == f"@{s.students[0].name}, где твоя <mark>тетрадь</mark>?"


def test_long_message_snippet_is_cut_around_the_hit(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    org, chat = s.org.id, s.chat_of_kind(teacher, "class")["id"]
    body = "начало " + "слово " * 100 + "Экскурсия в музей " + "конец " * 100
    send(teacher, org, chat, body)
    [hit] = search(teacher, org, "экскурсии")["items"]
    snip = hit["snippet"]
    assert snip.startswith("…") and snip.endswith("…") and "начало" not in snip
    assert "<mark>Экскурсия</mark> в музей" in snip and len(snip) < 260


def test_filters_by_chat_author_and_period(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    org = s.org.id
    cls, parents = s.chat_of_kind(teacher, "class")["id"], s.chat_of_kind(teacher, "class_parents")
    old = send(teacher, org, cls, "Собрание в понедельник")
    clock.advance(3 * 86400)
    mid = send(student, org, cls, "Собрание перенесли?")
    in_parents = send(teacher, org, parents["id"], "Собрание родителей")
    clock.advance(3 * 86400)
    new = send(teacher, org, cls, "Собрание завтра")
    q = "собрание"
    assert found_ids(teacher, org, q) == [new["id"], in_parents["id"], mid["id"], old["id"]]
    assert found_ids(teacher, org, q, chat_id=cls) == [new["id"], mid["id"], old["id"]]
    assert found_ids(teacher, org, q, chat_id=parents["id"]) == [in_parents["id"]]
    assert found_ids(teacher, org, q, author_id=s.students[0].account_id) == [mid["id"]]
    assert found_ids(teacher, org, q, author_id=s.students[1].account_id) == []
    at = datetime.fromisoformat(mid["created_at"])
    since, until = (at - timedelta(seconds=1)).isoformat(), (at + timedelta(days=1)).isoformat()
    assert found_ids(teacher, org, q, since=since, until=until) == [in_parents["id"], mid["id"]]
    assert found_ids(teacher, org, q, since=since) == [new["id"], in_parents["id"], mid["id"]]
    assert found_ids(teacher, org, q, until=since) == [old["id"]]
    # A time without a zone is UTC; `until` is exclusive.
    naive = at.replace(tzinfo=None).isoformat()
    assert found_ids(teacher, org, q, until=naive, chat_id=cls) == [old["id"]]
    assert found_ids(teacher, org, q, since=since, chat_id=cls, author_id=s.teacher.account_id) == [
        new["id"]
    ]


def test_pages_follow_the_cursor_newest_first(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    org, chat = s.org.id, s.chat_of_kind(teacher, "class")["id"]
    sent = []
    for i in range(7):
        sent.append(send(teacher, org, chat, f"Домашнее задание номер {i}")["id"])
        if i == 3:
            send(teacher, org, chat, "не про это")
    first = search(teacher, org, "задания", limit=3)
    assert [h["message_id"] for h in first["items"]] == sent[::-1][:3]
    assert first["next_cursor"]
    assert found_ids(teacher, org, "задания", limit=3) == sent[::-1]
    assert found_ids(teacher, org, "задания", limit=50) == sent[::-1]
    last = search(teacher, org, "задания", limit=7)
    assert len(last["items"]) == 7 and last["next_cursor"] is None


def test_deleted_messages_are_never_found_and_edits_by_new_text_only(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    org, chat = s.org.id, s.chat_of_kind(teacher, "class")["id"]
    gone = send(student, org, chat, "Ответы на контрольную: 1б 2а")
    kept = send(student, org, chat, "Я забыл тетрадь")
    base = f"/orgs/{org}/chats/{chat}/messages"
    assert found_ids(teacher, org, "контрольная") == [gone["id"]]
    assert student.delete(f"{base}/{gone['id']}").status_code == 204
    assert found_ids(teacher, org, "контрольная") == []
    assert found_ids(teacher, org, "ответы") == []
    r = student.patch(f"{base}/{kept['id']}", json={"body": "Я забыл дневник"})
    assert r.status_code == 200, r.text
    assert found_ids(teacher, org, "тетрадь") == []
    [hit] = search(teacher, org, "дневника")["items"]
    assert hit["message_id"] == kept["id"] and hit["edited"] is True
    assert hit["snippet"] == "Я забыл <mark>дневник</mark>"
    r = student.patch(f"{base}/{kept['id']}", json={"body": "Я забыл тетрадь и дневник"})
    assert r.status_code == 200, r.text
    assert found_ids(teacher, org, "тетрадь") == [kept["id"]]
    assert student.delete(f"{base}/{kept['id']}").status_code == 204
    assert found_ids(teacher, org, "дневник") == []
