"""Polls in the browser: a teacher creates a public poll in the class chat, two students
vote in their own browsers and the teacher's page follows live (counts, percentages, names);
an anonymous poll shows no names anywhere and its author closes it, which every page sees.
axe-core finds no WCAG 2.2 A/AA violation on the poll dialog and the poll card (light and
high contrast)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, open_chat, sign_in


def poll_card(page: Any, question: str) -> Any:
    q = page.locator(".poll-question", has_text=question)
    return page.locator("article.msg[data-msg-id]").filter(has=q)


def vote(page: Any, question: str, option: str) -> None:
    card = poll_card(page, question)
    card.get_by_role("radio", name=option).check()
    card.get_by_role("button", name="Голосовать").click()


def test_public_poll_votes_live_with_names(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    teacher, anna, boris = new_page(), new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    open_chat(teacher, "5А")

    teacher.get_by_role("button", name="Опрос").click()
    dialog = teacher.get_by_role("dialog", name="Новый опрос")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Вопрос").fill("Когда родительское собрание?")
    dialog.get_by_role("textbox", name="Вариант 1").fill("Во вторник")
    dialog.get_by_role("textbox", name="Вариант 2").fill("В четверг")
    dialog.get_by_role("button", name="Добавить вариант").click()
    dialog.get_by_role("textbox", name="Вариант 3").fill("В субботу")
    dialog.get_by_role("button", name="Убрать вариант 3").click()
    expect(dialog.get_by_role("textbox", name="Вариант 3")).to_have_count(0)
    expect(dialog.get_by_text("Никто, даже администраторы, не увидит")).to_be_visible()
    dialog.get_by_label("Анонимный опрос").uncheck()
    assert axe_violations(teacher) == []
    shot(teacher, "poll-dialog")
    dialog.get_by_role("button", name="Создать опрос").click()
    expect(dialog).to_be_hidden()

    question = "Когда родительское собрание?"
    card = poll_card(teacher, question)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Открытый опрос")
    expect(card).to_contain_text("Пока никто не проголосовал")

    for page, who in ((anna, s.students[0]), (boris, s.students[1])):
        sign_in(page, server, who)
        open_chat(page, "5А")
        expect(poll_card(page, question).get_by_role("radio", name="Во вторник")).to_be_visible()
    vote(anna, question, "Во вторник")
    expect(poll_card(teacher, question)).to_contain_text("1 человек проголосовал")
    vote(boris, question, "В четверг")
    expect(poll_card(teacher, question)).to_contain_text("2 человека проголосовали")
    expect(poll_card(teacher, question).get_by_text("50% · 1 голос")).to_have_count(2)
    # Anna's own page: her choice marked, the other vote arrived live too.
    expect(poll_card(anna, question)).to_contain_text("ваш выбор")
    expect(poll_card(anna, question)).to_contain_text("2 человека проголосовали")

    # Public: the names behind each option, on request.
    card = poll_card(teacher, question)
    card.get_by_role("button", name="Кто как проголосовал").click()
    expect(card.locator(".poll-voters", has_text=s.students[0].name)).to_be_visible()
    expect(card.locator(".poll-voters", has_text=s.students[1].name)).to_be_visible()
    assert axe_violations(teacher) == []
    shot(teacher, "poll-card-public")

    # Boris changes his mind; everyone follows.
    bcard = poll_card(boris, question)
    bcard.get_by_role("button", name="Изменить голос").click()
    bcard.get_by_role("radio", name="Во вторник").check()
    bcard.get_by_role("button", name="Голосовать").click()
    expect(poll_card(teacher, question).get_by_text("100% · 2 голоса")).to_be_visible()
    expect(poll_card(anna, question).get_by_text("100% · 2 голоса")).to_be_visible()


def test_anonymous_poll_shows_no_names_and_author_closes_it(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = s.chat_of_kind(api, "class")
    r = api.post(
        f"/orgs/{s.org.id}/chats/{chat['id']}/polls",
        json={
            "client_id": str(uuid.uuid4()),
            "question": "Нужна ли консультация перед контрольной?",
            "options": ["Да", "Нет"],
        },
    )
    assert r.status_code == 201, r.text
    question = "Нужна ли консультация перед контрольной?"
    # The author in the high-contrast theme (axe checks it there), the voter in the light one.
    teacher, anna = new_page(theme="contrast"), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(anna, server, s.students[0])
    open_chat(teacher, "5А")
    open_chat(anna, "5А")
    vote(anna, question, "Да")
    card = poll_card(teacher, question)
    expect(card).to_contain_text("1 человек проголосовал")
    expect(card).to_contain_text("Анонимный опрос")
    expect(card.get_by_text("100% · 1 голос")).to_be_visible()
    expect(card.get_by_role("button", name="Кто как проголосовал")).to_have_count(0)
    expect(card).not_to_contain_text(s.students[0].name)
    assert axe_violations(teacher) == []
    shot(teacher, "poll-card-anonymous")

    # Anna may take her vote back and vote again.
    acard = poll_card(anna, question)
    acard.get_by_role("button", name="Отменить голос").click()
    expect(card).to_contain_text("Пока никто не проголосовал")
    vote(anna, question, "Нет")
    expect(card.get_by_text("100% · 1 голос")).to_be_visible()

    # The author closes it; the voter's page shows it closed, without voting actions.
    card.get_by_role("button", name="Завершить опрос").click()
    card.get_by_role("button", name="Да, завершить").click()
    expect(card).to_contain_text("Опрос завершён")
    expect(acard).to_contain_text("Опрос завершён")
    expect(acard.get_by_role("button", name="Изменить голос")).to_have_count(0)
    # The author's export.
    with teacher.expect_download() as dl:
        card.get_by_role("link", name=re.compile("Скачать результаты")).click()
    assert dl.value.suggested_filename.endswith(".csv")


def test_quiz_shows_whether_my_answer_was_right(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = s.chat_of_kind(api, "class")
    question = "Столица Франции?"
    r = api.post(
        f"/orgs/{s.org.id}/chats/{chat['id']}/polls",
        json={
            "client_id": str(uuid.uuid4()),
            "question": question,
            "options": ["Лион", "Париж", "Марсель"],
            "quiz": True,
            "correct_option": 1,
        },
    )
    assert r.status_code == 201, r.text
    anna = new_page()
    sign_in(anna, server, s.students[0])
    open_chat(anna, "5А")
    card = poll_card(anna, question)
    expect(card).to_contain_text("Викторина")
    card.get_by_role("radio", name="Лион").check()
    card.get_by_role("button", name="Отправить ответ").click()
    expect(card).to_contain_text("Неверно. Правильный ответ отмечен.")
    expect(card.locator(".poll-result.correct")).to_contain_text("Париж")
    expect(card.locator(".poll-result.wrong")).to_contain_text("Лион")
    # A quiz answer is final.
    expect(card.get_by_role("button", name="Изменить голос")).to_have_count(0)
    expect(card.get_by_role("button", name="Отменить голос")).to_have_count(0)
