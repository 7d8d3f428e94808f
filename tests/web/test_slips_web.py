"""Permission slips in the browser: a teacher asks the parents' chat a yes/no question with a
deadline; a parent answers "No" with a comment; the teacher's page shows the counts live,
the comment in the answers dialog, and downloads the CSV. axe-core finds no WCAG 2.2 A/AA
violation on the composer's slip fields, the parent's answer form and the answers dialog."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, sign_in

TEXT = "Экскурсия в музей в субботу, сбор в 9:00 у школы"
QUESTION = "Разрешаете ли вы ребёнку поехать на экскурсию?"
COMMENT = "Ребёнок болеет, останется дома"


def test_parent_answers_no_and_teacher_exports(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    chat = s.chat_of_kind(s.teacher.client(server), "class_parents")
    teacher, mum = new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(mum, server, s.parents[0])
    for page in (teacher, mum):
        open_chat(page, chat["title"])

    teacher.get_by_label("Важное: попросить подтвердить").check()
    teacher.get_by_label("Задать вопрос «да / нет» (согласие родителей)").check()
    teacher.get_by_label("Вопрос", exact=True).fill(QUESTION)
    when = (datetime.now() + timedelta(days=2)).replace(hour=18, minute=0)
    teacher.get_by_label("Ответить до (необязательно)").fill(when.strftime("%Y-%m-%dT%H:%M"))
    assert axe_violations(teacher) == []
    shot(teacher, "slip-composer")
    box = teacher.get_by_role("textbox", name="Сообщение")
    box.fill(TEXT)
    box.press("Enter")
    expect(teacher.get_by_label("Вопрос", exact=True)).to_be_hidden()

    mine = message(teacher, TEXT)
    expect(mine).to_contain_text("Важное · просьба ответить")
    expect(mine).to_contain_text(QUESTION)
    count = mine.locator(".ack-count")
    expect(count).to_have_text(re.compile(r"Да 0 · Нет 0 · Нет ответа \d+"))
    total = int(re.findall(r"Нет ответа (\d+)", count.inner_text())[0])
    assert total >= 2

    theirs = message(mum, TEXT)
    expect(theirs).to_contain_text(QUESTION)
    expect(theirs).to_contain_text("Ответить до")
    assert axe_violations(mum) == []
    theirs.get_by_label("Комментарий (необязательно)").fill(COMMENT)
    theirs.get_by_role("button", name="Нет", exact=True).click()
    expect(theirs).to_contain_text(f"Ваша семья ответила: Нет ({s.parents[0].name})")
    expect(theirs).to_contain_text(COMMENT)
    shot(mum, "slip-answered")
    expect(count).to_have_text(f"Да 0 · Нет 1 · Нет ответа {total - 1}")
    # The answer can be changed until the deadline.
    expect(theirs.get_by_role("button", name="Изменить ответ")).to_be_visible()

    mine.get_by_role("button", name="Ответы").click()
    dialog = teacher.get_by_role("dialog", name="Ответы")
    expect(dialog).to_be_visible()
    done = dialog.get_by_role("list", name=re.compile("Ответили"))
    expect(done).to_contain_text(s.students[0].name)
    expect(done).to_contain_text(COMMENT)
    left = dialog.get_by_role("list", name=re.compile("Ещё не ответили"))
    expect(left).to_contain_text(s.students[1].name)
    assert axe_violations(teacher) == []
    shot(teacher, "slip-answers")
    with teacher.expect_download() as got:
        dialog.get_by_role("link", name="Скачать CSV").click()
    data = Path(got.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert QUESTION in text and COMMENT in text
    row = next(line for line in text.splitlines() if line.startswith(s.students[0].name))
    assert row.split(";")[2:5] == ["Нет", COMMENT, s.parents[0].name]
