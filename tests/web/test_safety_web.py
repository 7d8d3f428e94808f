"""Safety in the browser: a parent writing in the parents' chat during quiet hours is told
until when (and the message still goes); a student's message the word filter holds waits
as "waiting for a moderator", the class teacher approves it on the review page and it
appears in the chat for everyone. axe-core finds no WCAG 2.2 A/AA violation on either."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.safety.helpers import quiet_on, to_local
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, send, sign_in


def test_quiet_hours_notice_in_the_parents_chat(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    quiet_on(s.org.admin.client(server), s.org.id)
    title = s.chat_of_kind(teacher, "class_parents")["title"]
    to_local(20, 0)

    page = new_page()
    sign_in(page, server, s.parents[0])
    open_chat(page, title)
    notice = page.locator(".safety-notice")
    expect(notice).to_contain_text(re.compile(r"Тихие часы до .*08:00"))
    send(page, "Можно завтра забрать ребёнка пораньше?")
    expect(message(page, "Можно завтра забрать ребёнка пораньше?")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "safety-quiet-notice")


def test_a_held_message_is_approved_by_the_teacher(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    r = admin.post(
        f"/orgs/{s.org.id}/safety/word-lists",
        json={"name": "Опасное", "action": "hold", "words": ["гаражи"], "applies_to": "students"},
    )
    assert r.status_code == 201, r.text
    title = s.chat_of_kind(s.teacher.client(server), "class")["title"]
    text = "Встречаемся после уроков за гаражами"

    student, teacher, classmate = new_page(), new_page(), new_page()
    sign_in(student, server, s.students[0])
    sign_in(classmate, server, s.students[1])
    sign_in(teacher, server, s.teacher)
    open_chat(student, title)
    open_chat(classmate, title)
    send(student, text)
    waiting = student.locator("article.msg.pending.held", has_text=text)
    expect(waiting).to_contain_text("Ждёт проверки модератором")
    expect(message(classmate, text)).to_have_count(0)
    shot(student, "safety-held-waiting")

    teacher.goto(server.url + "/safety")
    teacher.get_by_role("heading", level=1, name="Проверка сообщений").wait_for()
    item = teacher.locator("article.safety-item", has_text=text)
    expect(item).to_contain_text("Фильтр нашёл: гаражи")
    expect(item).to_contain_text(s.students[0].name)
    assert axe_violations(teacher) == []
    shot(teacher, "safety-queue")
    item.get_by_role("button", name="Одобрить и отправить").click()
    expect(item).to_contain_text("одобрено")

    expect(message(classmate, text)).to_be_visible()
    expect(message(student, text)).to_be_visible()
    expect(waiting).to_have_count(0)
    teacher.get_by_role("tab", name="Решённые").click()
    expect(teacher.locator("article.safety-item", has_text=text)).to_contain_text("одобрено")


def test_administrator_sets_the_rules_and_a_word_list(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server)
    page = new_page()
    sign_in(page, server, s.org.admin)
    page.goto(server.url + "/admin/policies")
    safe = page.get_by_role("region", name="Безопасный режим для учеников")
    safe.get_by_label("Одноклассники могут звонить ученику").uncheck()
    safe.get_by_role("button", name="Сохранить").click()
    expect(safe.get_by_text("Сохранено")).to_be_visible()

    words = page.get_by_role("region", name="Фильтр слов")
    words.get_by_role("button", name="Новый список").click()
    words.get_by_label("Название").fill("Грубости")
    words.get_by_label("Слова и фразы (по одной в строке)").fill("дурак\nидиот*")
    words.get_by_label("Задержать до проверки модератором").check()
    words.get_by_role("button", name="Добавить список").click()
    expect(words.get_by_role("button", name="Грубости")).to_be_visible()
    words.get_by_label("Текст для проверки").fill("Сам ты дураком был, идиотский план")
    words.get_by_role("button", name="Проверить", exact=True).click()
    expect(words.get_by_text("Сообщение будет задержано до проверки.")).to_be_visible()
    expect(words).to_contain_text("«дураком» — запись «дурак» из списка «Грубости»")
    assert axe_violations(page) == []
    shot(page, "safety-admin")

    got = s.org.admin.client(server).get(f"/orgs/{s.org.id}/safety/settings").json()
    assert got["safe_mode"]["classmate_calls"] is False
