"""The author's CSV: who chose what for public polls, counts only for anonymous ones."""

from __future__ import annotations

import csv
import io

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.polls.helpers import chat_id_of, code, create, voted


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_public_poll_csv_has_one_row_per_voter(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(
        teacher,
        s.org.id,
        chat_id,
        question="Что взять на экскурсию?",
        options=["Обед", "=Зонт", "Фотоаппарат"],
        multiple=True,
        anonymous=False,
    )["poll"]
    lunch, umbrella, camera = (o["id"] for o in poll["options"])
    voted(a, s.org.id, poll["id"], lunch, camera)
    voted(b, s.org.id, poll["id"], umbrella)
    r = teacher.get(f"/orgs/{s.org.id}/polls/{poll['id']}/results.csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == f'attachment; filename="poll-{poll["id"]}.csv"'
    rows = _rows(r.content)
    assert rows[0] == ["Что взять на экскурсию?"]
    assert rows[1] == ["Участник", "Обед", "'=Зонт", "Фотоаппарат"]  # no formulas
    body = sorted(rows[2:])
    assert body == sorted([[s.students[0].name, "1", "", "1"], [s.students[1].name, "", "1", ""]])


def test_quiz_csv_marks_right_answers(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(teacher, s.org.id, chat_id, anonymous=False, quiz=True, correct_option=1)["poll"]
    voted(a, s.org.id, poll["id"], poll["options"][1]["id"])
    voted(b, s.org.id, poll["id"], poll["options"][0]["id"])
    rows = _rows(teacher.get(f"/orgs/{s.org.id}/polls/{poll['id']}/results.csv").content)
    assert rows[1][-1] == "Верно"
    assert sorted(r[0] + ":" + r[-1] for r in rows[2:]) == sorted(
        [f"{s.students[0].name}:да", f"{s.students[1].name}:нет"]
    )


def test_anonymous_poll_csv_has_counts_only_and_is_for_the_author(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    a, b = (p.client(server) for p in s.students)
    admin = s.org.admin.client(server)
    chat_id = chat_id_of(s, teacher, "class")
    poll = create(teacher, s.org.id, chat_id, options=["Да", "Нет", "Не знаю"])["poll"]
    voted(a, s.org.id, poll["id"], poll["options"][0]["id"])
    voted(b, s.org.id, poll["id"], poll["options"][0]["id"])
    url = f"/orgs/{s.org.id}/polls/{poll['id']}/results.csv"
    r = teacher.get(url)
    assert r.status_code == 200, r.text
    assert _rows(r.content) == [
        ["Когда собрание?"],
        ["Вариант", "Голосов"],
        ["Да", "2"],
        ["Нет", "0"],
        ["Не знаю", "0"],
        ["Проголосовало", "2"],
    ]
    text = r.content.decode("utf-8-sig")
    assert not any(p.name in text or p.account_id in text for p in s.students)
    # Voters, and the organisation's admin (not in the class chat), get nothing.
    r = a.get(url)
    assert r.status_code == 403 and code(r) == "not_author"
    assert admin.get(url).status_code == 404
