"""The web client end to end: sign in, live messages between two people, reply, reaction,
the offline queue, and accessibility (axe-core) of the main screens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, send, sign_in


def test_sign_in_as_teacher_shows_the_class_chat(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    page.goto(server.url + "/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Вход в Парту")
    shot(page, "sign-in")
    sign_in(page, server, school.teacher)
    nav = page.get_by_role("navigation", name="Чаты")
    expect(nav.get_by_role("link", name=re.compile("5А"))).to_have_count(2)  # class + parents
    open_chat(page, "5А")
    expect(page).to_have_url(re.compile(r"/chats/[0-9A-Z]{26}$"))
    expect(page.get_by_text("Здесь ещё не писали. Начните разговор.")).to_be_visible()
    # Deep links survive a reload (the server answers index.html for app paths).
    page.reload()
    expect(page.get_by_role("heading", level=1, name="5А")).to_be_visible()
    shot(page, "chat-empty")


def test_teacher_and_student_talk_live(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, school.teacher)
    sign_in(student, server, school.students[0])
    open_chat(teacher, "5А")
    open_chat(student, "5А")

    send(teacher, "Здравствуйте! Завтра контрольная по математике.")
    expect(message(student, "Завтра контрольная")).to_be_visible()
    expect(message(teacher, "Завтра контрольная")).to_have_count(1)

    # Reply from the student: the quote shows on the teacher's side.
    msg = message(student, "Завтра контрольная")
    msg.hover()
    msg.get_by_role("button", name="Ответить").click()
    expect(student.get_by_text("Ответ:")).to_be_visible()
    send(student, "Спасибо, поняла!")
    reply = message(teacher, "Спасибо, поняла!")
    expect(reply).to_be_visible()
    expect(reply.locator("blockquote")).to_contain_text("Завтра контрольная")

    # A reaction from the student appears on the teacher's message.
    msg.hover()
    msg.get_by_role("button", name="Реакция").click()
    student.get_by_role("button", name="Отреагировать: 👍").click()
    teacher_msg = message(teacher, "Завтра контрольная")
    expect(teacher_msg.get_by_role("button", name=re.compile("👍 — 1"))).to_be_visible()
    expect(
        message(student, "Завтра контрольная").get_by_role("button", name=re.compile("👍"))
    ).to_have_attribute("aria-pressed", "true")

    # Typing shows on the other side; the teacher edits, both see the change.
    student.get_by_role("textbox", name="Сообщение").fill("А можно…")
    expect(teacher.get_by_text(re.compile("печатает"))).to_be_visible()
    teacher_msg.hover()
    teacher_msg.get_by_role("button", name="Изменить").click()
    box = teacher.get_by_role("textbox", name="Сообщение")
    box.fill("Здравствуйте! Завтра контрольная по алгебре.")
    box.press("Enter")
    expect(message(student, "по алгебре")).to_contain_text("изменено")
    shot(teacher, "chat-teacher")
    shot(student, "chat-student")


def test_unread_badge_and_title(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, school.teacher)
    sign_in(student, server, school.students[0])
    open_chat(teacher, "5А")
    send(teacher, "Не забудьте дневники")
    link = student.get_by_role("navigation", name="Чаты").get_by_role("link", name=re.compile("5А"))
    expect(link.first).to_contain_text("1 непрочитанное")
    expect(student).to_have_title("(1) Парта")
    open_chat(student, "5А")
    expect(student).to_have_title("Парта")
    expect(student.locator(".new-marker")).to_have_text("Новые сообщения")


def test_messages_written_offline_are_sent_once_when_back(
    server: LiveServer, new_page: NewPage
) -> None:
    school = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, school.teacher)
    sign_in(student, server, school.students[0])
    open_chat(teacher, "5А")
    open_chat(student, "5А")
    teacher.context.set_offline(True)
    send(teacher, "Сообщение без связи")
    expect(teacher.get_by_text("Отправится, когда появится связь")).to_be_visible()
    teacher.context.set_offline(False)
    teacher.evaluate("window.dispatchEvent(new Event('online'))")
    expect(message(student, "Сообщение без связи")).to_have_count(1)
    expect(message(teacher, "Сообщение без связи")).to_have_count(1)
    expect(teacher.get_by_text("Отправится, когда появится связь")).to_have_count(0)


@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_no_axe_violations(server: LiveServer, new_page: NewPage, theme: str) -> None:
    school = make_school(server)
    page = new_page(theme=theme)
    page.goto(server.url + "/sign-in")
    page.get_by_role("heading", level=1).wait_for()
    assert axe_violations(page) == [], "sign-in"
    shot(page, f"sign-in-{theme}")

    sign_in(page, server, school.teacher)
    open_chat(page, "5А")
    send(page, "Добрый день! Расписание на неделю в закреплённом сообщении.")
    expect(message(page, "Добрый день")).to_be_visible()
    msg = message(page, "Добрый день")
    msg.hover()
    msg.get_by_role("button", name="Реакция").click()
    page.get_by_role("button", name="Отреагировать: ✅").click()
    expect(msg.get_by_role("button", name=re.compile("✅"))).to_be_visible()
    page.mouse.move(0, 0)
    assert axe_violations(page) == [], "chat view"
    shot(page, f"chat-{theme}")


def test_settings_change_language_theme_and_text_size(
    server: LiveServer, new_page: NewPage
) -> None:
    school = make_school(server)
    page = new_page()
    sign_in(page, server, school.teacher)
    open_chat(page, "5А")
    send(page, "Родительское собрание в четверг в 18:00.")
    page.get_by_role("button", name="Настройки").click()
    dialog = page.get_by_role("dialog", name="Настройки")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Тёмное").check()
    dialog.get_by_label("Крупный", exact=True).check()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("html")).to_have_attribute("data-text", "large")
    shot(page, "settings")
    dialog.get_by_label("English").check()
    english = page.get_by_role("dialog", name="Settings")
    expect(english.get_by_role("heading")).to_have_text("Settings")
    page.keyboard.press("Escape")
    expect(english).to_be_hidden()
    expect(page.get_by_role("navigation", name="Chats")).to_be_visible()
    assert axe_violations(page) == [], "dark theme"
    shot(page, "chat-dark-en")
    # Narrow screens show the list or the chat, with a way back.
    page.set_viewport_size({"width": 390, "height": 800})
    expect(page.get_by_role("link", name="Back to chats")).to_be_visible()
    shot(page, "chat-narrow")
