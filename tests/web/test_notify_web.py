"""Notifications beyond the app in the settings page: a clear explanation when the browser
refuses push notifications, what is pushed, and the e-mail digest choice — by keyboard and
mouse, with no axe violations."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, sign_in


def test_push_refused_by_the_browser_is_explained(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()  # headless Chromium: notifications are not granted to sites
    sign_in(page, server, school.parents[0])
    page.goto(server.url + "/settings/notifications")
    card = page.get_by_role("region", name="Уведомления на этом устройстве")
    expect(card.get_by_text("Выключены")).to_be_visible()
    card.get_by_role("button", name="Включить уведомления").click()
    alert = card.get_by_role("alert")
    expect(alert).to_contain_text("Браузер запретил уведомления для Парты")
    assert school.parents[0].client(server).get("/me/push/subscriptions").json() == []
    assert axe_violations(page) == []
    shot(page, "notify-push-refused")


def test_what_is_pushed_and_the_digest_are_saved(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    parent = school.parents[0]
    page = new_page()
    sign_in(page, server, parent)
    page.goto(server.url + "/settings/notifications")
    previews = page.get_by_role("checkbox", name="Показывать отправителя и текст", exact=False)
    expect(previews).to_be_checked()
    previews.focus()
    page.keyboard.press("Space")
    expect(previews).not_to_be_checked()
    api = parent.client(server)
    for _ in range(50):
        if api.get("/me/notifications").json()["push_previews"] is False:
            break
        page.wait_for_timeout(100)
    assert api.get("/me/notifications").json()["push_previews"] is False

    digest = page.get_by_role("group", name="Сводка на почту")
    expect(digest.get_by_role("radio", name="Не присылать")).to_be_checked()
    digest.get_by_role("radio", name="Каждый день").check()
    expect(digest.get_by_text("Сводка будет приходить каждый день.")).to_be_visible()
    expect(digest.get_by_text("Следующая сводка:")).to_be_visible()
    prefs = api.get("/me/notifications").json()
    assert prefs["digest"] == "daily" and prefs["digest_next_at"]
    assert axe_violations(page) == []
    shot(page, "notify-settings")
    digest.get_by_role("radio", name="Не присылать").check()
    expect(digest.get_by_text("Сводка выключена.")).to_be_visible()
    assert api.get("/me/notifications").json()["digest"] == "off"
