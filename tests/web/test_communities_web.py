"""Communities in the browser: a teacher of school A starts a community and invites school B
by its exact name; B's administrator approves, choosing a teacher and a class; B's teacher
posts, and A's teacher sees the post arrive live and replies, which B's teacher sees live.
axe-core finds no WCAG 2.2 A/AA violation on the community's conversation, its
organisations tab and the administrator's approval screen."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.communities.helpers import school_a, school_b
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, sign_in

TITLE = "Проект «Наш край»"


def open_communities(page: Any) -> None:
    page.get_by_role("navigation", name="Чаты").get_by_role("link", name="Сообщества").click()
    page.get_by_role("heading", level=1, name="Сообщества").wait_for()


def test_two_schools_meet_in_a_community(server: LiveServer, new_page: NewPage) -> None:
    a, b = school_a(server), school_b(server)
    teacher_a = new_page()
    sign_in(teacher_a, server, a.teacher)
    open_communities(teacher_a)
    expect(teacher_a.get_by_text("Вы пока не участвуете ни в одном сообществе.")).to_be_visible()

    # A's teacher starts the community.
    teacher_a.get_by_text("Создать сообщество").click()
    teacher_a.get_by_label("Название").fill(TITLE)
    teacher_a.get_by_label("Вид").select_option(label="Совместный проект")
    teacher_a.get_by_label("Описание").fill("Совместный проект 7А двух школ")
    teacher_a.get_by_role("button", name="Создать", exact=True).click()
    expect(teacher_a.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(teacher_a.get_by_text("Сообщений пока нет. Начните обсуждение!")).to_be_visible()

    # ...and invites B by its exact name.
    teacher_a.get_by_role("tab", name="Организации").click()
    teacher_a.get_by_label("Точное название организации").fill(b.org.name)
    teacher_a.get_by_role("button", name="Пригласить", exact=True).click()
    expect(
        teacher_a.get_by_text(f"Приглашение отправлено администратору: {b.org.name}.")
    ).to_be_visible()
    orgs = teacher_a.get_by_role("list", name="Организации")
    expect(orgs.get_by_role("listitem").filter(has_text=b.org.name)).to_contain_text("приглашена")
    assert axe_violations(teacher_a) == []
    teacher_a.get_by_role("tab", name="Обсуждение").click()

    # B's administrator approves, sending the chosen teacher and the students of 7А.
    admin_b = new_page()
    sign_in(admin_b, server, b.org.admin)
    open_communities(admin_b)
    card = admin_b.get_by_role("listitem").filter(has=admin_b.get_by_role("heading", name=TITLE))
    expect(card).to_contain_text("приглашена")
    expect(card).to_contain_text(f"Пригласил(а): {a.teacher.name}")
    card.get_by_role("button", name=f"Одобрить участие: {TITLE}").click()
    form = admin_b.get_by_role("form", name=f"Кого направить: {TITLE}")
    form.get_by_role("checkbox", name=re.compile(re.escape(b.chosen.name))).check()
    form.get_by_role("checkbox", name="7А").check()
    assert axe_violations(admin_b) == []
    shot(admin_b, "communities-approval")
    form.get_by_role("button", name="Одобрить участие").click()
    expect(admin_b.get_by_text("Участие одобрено.", exact=True)).to_be_visible()
    expect(card).to_contain_text("участвует")
    expect(card).to_contain_text("Направлено людей: 2")

    # B's teacher finds the community and posts.
    teacher_b = new_page()
    sign_in(teacher_b, server, b.chosen)
    open_communities(teacher_b)
    teacher_b.get_by_role("link", name=TITLE).click()
    expect(teacher_b.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    teacher_b.get_by_label("Новое сообщение").fill("Здравствуйте! Наш 7А готов начать.")
    teacher_b.get_by_role("button", name="Отправить").click()

    # A's teacher sees it arrive live, with B's name and school, and replies.
    posts_a = teacher_a.get_by_role("list", name="Сообщения сообщества")
    post = posts_a.get_by_role("article").filter(has_text="Наш 7А готов начать")
    expect(post).to_be_visible()
    expect(post).to_contain_text(b.chosen.name)
    expect(post).to_contain_text(b.org.name)
    post.get_by_role("button", name="Ответить").click()
    teacher_a.get_by_label("Ваш ответ").fill("Отлично, начинаем в понедельник.")
    teacher_a.get_by_label("Ваш ответ").press("Control+Enter")
    expect(post).to_contain_text("Отлично, начинаем в понедельник.")
    assert axe_violations(teacher_a) == []
    shot(teacher_a, "communities-conversation")

    # B's teacher sees the reply counted live, and opens it.
    mine = teacher_b.get_by_role("list", name="Сообщения сообщества").get_by_role("article").first
    expect(mine.get_by_role("button", name="1 ответ")).to_be_visible()
    mine.get_by_role("button", name="1 ответ").click()
    expect(mine).to_contain_text("Отлично, начинаем в понедельник.")

    # The members tab shows both schools, names and organisations only.
    teacher_b.get_by_role("tab", name="Участники").click()
    members = teacher_b.get_by_role("list", name="Участники")
    expect(members.get_by_role("listitem")).to_have_count(3)
    expect(members).to_contain_text(a.org.name)
    expect(members).not_to_contain_text("@")
    assert axe_violations(teacher_b) == []

    # On a narrow screen the section offers the way back to the chats.
    teacher_b.set_viewport_size({"width": 390, "height": 800})
    back = teacher_b.get_by_role("link", name="К списку чатов")
    expect(back).to_be_visible()
    back.click()
    expect(teacher_b.get_by_role("navigation", name="Чаты")).to_be_visible()
