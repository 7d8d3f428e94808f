"""Channels in the browser: an administrator turns comments on and posts in the school's
channel; a parent opens the channel, sees the post with its views and comments on it; the
administrator's page shows the comment count change live. An administrator creates a
channel for an audience, schedules a post and publishes it now. axe-core finds no WCAG 2.2
A/AA violation on the channel view, the comments panel and the channel dialogs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, open_chat, sign_in


def post_card(page: Any, text: str) -> Any:
    """The post in the feed (not its copy among the pinned ones)."""
    feed = page.get_by_role("feed")
    return feed.locator("article.post").filter(has=page.locator(".post-body", has_text=text))


def test_channel_post_with_comments_live(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    admin, parent = new_page(), new_page()
    sign_in(admin, server, s.org.admin)
    open_chat(admin, s.org.name)

    # Comments are off until a moderator turns them on in the channel's settings.
    admin.get_by_role("button", name="Настройки канала").click()
    dialog = admin.get_by_role("dialog", name="Настройки канала")
    expect(dialog.get_by_text("Это канал всей организации")).to_be_visible()
    assert axe_violations(admin) == []
    dialog.get_by_label("Участники могут комментировать посты").check()
    dialog.get_by_role("button", name="Сохранить").click()
    expect(dialog).to_be_hidden()

    text = "Завтра **линейка** в 9:00 на школьном дворе"
    admin.get_by_label("Текст поста").fill(text)
    admin.get_by_role("button", name="Опубликовать", exact=True).click()
    card = post_card(admin, "линейка")
    expect(card).to_have_count(1)
    expect(card.locator(".post-body strong")).to_have_text("линейка")
    expect(card.get_by_role("button", name="Комментировать")).to_be_visible()
    assert axe_violations(admin) == []
    shot(admin, "channel-admin")

    sign_in(parent, server, s.parents[0])
    open_chat(parent, s.org.name)
    mine = post_card(parent, "линейка")
    expect(mine).to_have_count(1)
    # Nobody but moderators writes posts here: no composer for the parent.
    expect(parent.get_by_label("Текст поста")).to_have_count(0)
    # Seen by the administrator (who wrote it) and now the parent: each counted once.
    expect(mine.locator(".post-views")).to_contain_text("2 просмотра")
    mine.get_by_role("button", name="Комментировать").click()
    panel = parent.get_by_role("complementary", name="Комментарии")
    expect(panel).to_be_visible()
    expect(panel.get_by_text("Комментариев пока нет")).to_be_visible()
    box = panel.get_by_role("textbox", name="Ваш комментарий")
    box.fill("Спасибо! А форма парадная?")
    box.press("Enter")
    expect(panel.locator("article.comment")).to_have_count(1)
    expect(panel.locator("article.comment")).to_contain_text("Спасибо! А форма парадная?")
    expect(box).to_have_value("")
    assert axe_violations(parent) == []
    shot(parent, "channel-comments-parent")

    # The administrator's page follows without a reload.
    expect(card.get_by_role("button", name="1 комментарий")).to_be_visible()
    card.get_by_role("button", name="1 комментарий").click()
    admin_panel = admin.get_by_role("complementary", name="Комментарии")
    expect(admin_panel.locator("article.comment")).to_contain_text(s.parents[0].name)
    # A second comment arrives live in the open panel and in the count.
    box.fill("Будем!")
    box.press("Enter")
    expect(admin_panel.locator("article.comment")).to_have_count(2)
    expect(card.get_by_role("button", name="2 комментария")).to_be_visible()
    # Escape closes the panel and gives focus back to the button that opened it.
    admin_panel.press("Escape")
    expect(admin_panel).to_be_hidden()
    expect(card.get_by_role("button", name="2 комментария")).to_be_focused()
    # Comments stay out of the channel's history: the chat list preview is still the post.
    expect(parent.get_by_role("navigation", name="Чаты")).to_contain_text("линейка")


def test_admin_creates_a_channel_and_schedules_a_post(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server)
    admin, parent = new_page(), new_page()
    sign_in(admin, server, s.org.admin)
    admin.get_by_role("button", name="Канал").click()
    dialog = admin.get_by_role("dialog", name="Новый канал")
    dialog.get_by_label("Название").fill("Спортивный клуб")
    dialog.get_by_label("Выбранные группы").check()
    dialog.get_by_label("Родители").check()
    dialog.get_by_label(s.cls.label, exact=True).check()
    expect(dialog.get_by_label(s.teacher.name)).to_be_visible()
    assert axe_violations(admin) == []
    shot(admin, "channel-new")
    dialog.get_by_role("button", name="Создать канал").click()
    admin.get_by_role("heading", level=1, name="Спортивный клуб").wait_for()

    admin.get_by_label("Текст поста").fill("Соревнования переносятся на субботу")
    admin.get_by_label("Опубликовать позже").check()
    admin.get_by_label("Когда").fill(
        (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%dT10:00")
    )
    admin.get_by_role("button", name="Запланировать").click()
    scheduled = admin.get_by_role("button", name="Запланирован 1 пост")
    expect(scheduled).to_be_visible()
    scheduled.click()
    item = admin.locator("article.scheduled-item")
    expect(item).to_contain_text("Соревнования переносятся на субботу")
    expect(item).to_contain_text("Выйдет")
    assert axe_violations(admin) == []

    sign_in(parent, server, s.parents[0])
    open_chat(parent, "Спортивный клуб")
    expect(parent.get_by_text("В канале пока нет постов.")).to_be_visible()
    item.get_by_role("button", name="Опубликовать сейчас").click()
    expect(admin.get_by_role("button", name="Запланирован 1 пост")).to_have_count(0)
    # The parent's open channel receives it live.
    expect(post_card(parent, "Соревнования переносятся")).to_have_count(1)
    expect(post_card(admin, "Соревнования переносятся")).to_have_count(1)
    assert axe_violations(parent) == []
