"""Profile and settings: name, language and theme; the photo (shown in the header); sessions
(ending another one); muting a chat from its header; accessibility of every section."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.builders import make_member, make_org
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, open_chat, sign_in

SECTIONS = [
    ("profile", "Профиль"),
    ("appearance", "Язык и оформление"),
    ("email", "Электронная почта"),
    ("password", "Пароль"),
    ("sessions", "Сеансы"),
    ("notifications", "Уведомления"),
]


def photo() -> bytes:
    img = Image.new("RGB", (480, 320), (40, 110, 200))
    for x in range(160, 320):
        for y in range(80, 240):
            img.putpixel((x, y), (250, 200, 60))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def me_link(page: Page) -> Locator:
    return page.get_by_role("link", name=re.compile(r"^Профиль: "))


def test_profile_name_language_and_theme(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in(page, server, school.teacher)
    me_link(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Профиль")
    name = page.get_by_label("Имя и фамилия")
    expect(name).to_have_value(school.teacher.name)
    name.fill("Анна Сергеевна Петрова")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.get_by_text("Сохранено.")).to_be_visible()
    api = school.teacher.client(server)
    assert api.get("/me").json()["display_name"] == "Анна Сергеевна Петрова"

    nav = page.get_by_role("navigation", name="Разделы настроек")
    nav.get_by_role("link", name="Язык и оформление").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Язык и оформление")
    page.get_by_label("Тёмное").check()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.get_by_label("Крупный", exact=True).check()
    expect(page.locator("html")).to_have_attribute("data-text", "large")
    assert axe_violations(page) == [], "dark"
    shot(page, "settings-appearance-dark")
    page.get_by_label("English").check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Language and appearance")
    expect(page.get_by_role("navigation", name="Settings sections")).to_be_visible()
    deadline_ok = False
    for _ in range(50):
        if api.get("/me").json()["language"] == "en":
            deadline_ok = True
            break
        page.wait_for_timeout(100)
    assert deadline_ok, "the language is saved to the account"
    # Back in the chats, the header shows the new name.
    page.get_by_role("link", name="To chats").click()
    expect(page.get_by_role("link", name="Profile: Анна Сергеевна Петрова")).to_be_visible()


def test_avatar_upload_shows_in_the_header(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in(page, server, school.teacher)
    header_avatar = me_link(page).locator(".avatar")
    expect(header_avatar).to_have_attribute("data-initials", re.compile(r"^\w+$"))
    me_link(page).click()
    page.get_by_label("Выбрать фото").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    expect(page.get_by_role("img", name="Предпросмотр нового фото")).to_be_visible()
    shot(page, "settings-avatar-preview")
    page.get_by_role("button", name="Сохранить фото").click()
    expect(page.get_by_text("Фото сохранено.")).to_be_visible()
    expect(page.get_by_label("Заменить фото")).to_be_attached()
    page.get_by_role("link", name="К чатам").click()
    img = me_link(page).locator("img.avatar")
    expect(img).to_have_attribute("src", re.compile(r"^/api/v1/avatars/[0-9A-Z]{26}$"))
    page.wait_for_function("() => document.querySelector('.me-link img')?.naturalWidth === 256")
    shot(page, "header-avatar")
    # A colleague sees it in their direct chat with the teacher.
    student = school.students[0].client(server)
    r = student.post(
        f"/orgs/{school.org.id}/chats/direct", json={"account_id": school.teacher.account_id}
    )
    assert r.json()["peer"]["avatar_url"] == img.get_attribute("src")

    me_link(page).click()
    page.get_by_role("button", name="Удалить фото").click()
    expect(page.get_by_text("Фото удалено.")).to_be_visible()
    page.get_by_role("link", name="К чатам").click()
    expect(me_link(page).locator("img")).to_have_count(0)


def test_session_list_ends_another_session(server: LiveServer, new_page: NewPage) -> None:
    org = make_org(server)
    person = make_member(server, org.id, "teacher")
    other = Api(server.url)
    other.sign_in(person.email, person.password)
    third = Api(server.url)
    third.sign_in(person.email, person.password)
    page = new_page()
    sign_in(page, server, person)
    page.goto(server.url + "/settings/sessions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Сеансы")
    sessions = page.locator(".session")
    expect(sessions).to_have_count(3)
    current = page.locator(".session.current")
    expect(current).to_contain_text("Этот сеанс")
    expect(current).to_contain_text("Chrome, Linux")
    assert axe_violations(page) == []
    shot(page, "settings-sessions")

    page.get_by_role("button", name="Завершить сеанс: Приложение или программа").first.click()
    expect(page.get_by_text("Сеанс завершён.")).to_be_visible()
    expect(sessions).to_have_count(2)
    codes = sorted([other.get("/me").status_code, third.get("/me").status_code])
    assert codes == [200, 401]

    page.get_by_role("button", name="Завершить все другие сеансы").click()
    expect(page.get_by_text("Завершён 1 сеанс.")).to_be_visible()
    expect(sessions).to_have_count(1)
    assert other.get("/me").status_code == 401
    assert third.get("/me").status_code == 401
    expect(page.get_by_text("Других сеансов нет.")).to_be_visible()
    # This session is still alive.
    page.reload()
    expect(page.locator(".session.current")).to_be_visible()


def test_mute_a_chat_from_its_header(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in(page, server, school.teacher)
    open_chat(page, "5А")
    page.get_by_role("button", name="Выключить уведомления чата").click()
    expect(page.get_by_role("button", name="Включить уведомления чата")).to_be_visible()
    api = school.teacher.client(server)
    chat = next(c for c in school.chats(api) if c["title"] == "5А" and c["kind"] == "class")
    assert chat["muted"] is True
    shot(page, "chat-muted")
    # The settings page lists it as muted, and unmuting there is saved at once.
    page.goto(server.url + "/settings/notifications")
    box = page.get_by_role("checkbox", name="5А", exact=True)
    expect(box).to_be_checked()
    box.uncheck()
    page.wait_for_timeout(300)
    chat = next(c for c in school.chats(api) if c["id"] == chat["id"])
    assert chat["muted"] is False


@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_settings_have_no_axe_violations(server: LiveServer, new_page: NewPage, theme: str) -> None:
    school = make_school(server)
    page = new_page(theme=theme)
    sign_in(page, server, school.teacher)
    for slug, title in SECTIONS:
        page.goto(server.url + ("/settings" if slug == "profile" else f"/settings/{slug}"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator(".loading")).to_have_count(0)
        assert axe_violations(page) == [], slug
        shot(page, f"settings-{slug}-{theme}")
    page.goto(server.url + "/settings/email")
    page.get_by_role("button", name="Сменить адрес").click()
    expect(page.get_by_label("Новый адрес")).to_be_focused()
    assert axe_violations(page) == [], "email change form"
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(server.url + "/settings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Профиль")
    shot(page, f"settings-360-{theme}")
