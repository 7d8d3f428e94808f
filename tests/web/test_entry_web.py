"""The screens before the app: the invitation landing (register and join) and the password
reset from the e-mailed link."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.builders import make_person, unique
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer, body_of
from tests.invites.helpers import invite
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations


def test_invitation_landing_registers_a_new_student(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    link = invite(school.org.admin.client(server), school.org.id, "student", class_id=school.cls.id)
    page = new_page()
    page.goto(f"{server.url}/invite/{link['token']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{school.org.name} приглашает вас")
    expect(page.locator(".facts")).to_contain_text("Ученик")
    expect(page.locator(".facts")).to_contain_text("5А")
    assert axe_violations(page) == []
    shot(page, "invite")

    page.get_by_label("Имя и фамилия").fill("Маша Иванова")
    page.get_by_label("Электронная почта").fill(unique("masha") + "@example.org")
    page.get_by_label("Придумайте пароль").fill("ромашка лето солнце")
    register = page.get_by_role("button", name="Зарегистрироваться")
    expect(register).to_be_disabled()  # consent first
    page.get_by_text("Текст согласия").click()
    expect(page.locator(".policy-text")).to_be_visible()
    page.get_by_label("Я даю согласие на обработку персональных данных").check()
    register.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Готово! Вы в {school.org.name}.")
    page.get_by_role("button", name="Открыть Парту").click()
    expect(page.get_by_role("navigation", name="Чаты")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))


def test_signed_in_person_joins_with_their_account(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    link = invite(school.org.admin.client(server), school.org.id, "parent")
    person = make_person(server, "Ольга Петрова")
    page = new_page()
    page.goto(f"{server.url}/invite/{link['token']}")
    page.get_by_label("У меня уже есть аккаунт").check()
    page.get_by_role("link", name="Войти и присоединиться").click()
    page.get_by_label("Почта, телефон или логин").fill(person.email)
    page.get_by_label("Пароль", exact=True).fill(person.password)
    page.get_by_role("button", name="Войти", exact=True).click()
    expect(page.get_by_text("Вы вошли как Ольга Петрова.")).to_be_visible()
    page.get_by_label("Я даю согласие на обработку персональных данных").check()
    page.get_by_role("button", name="Присоединиться с моим аккаунтом").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Готово! Вы в {school.org.name}.")


def test_dead_invitation_says_so(server: LiveServer, new_page: NewPage) -> None:
    page = new_page()
    page.goto(f"{server.url}/invite/not-a-real-token")
    expect(page.get_by_role("alert")).to_have_text("Такого приглашения нет. Проверьте ссылку.")


def test_password_reset_from_the_mailed_link(server: LiveServer, new_page: NewPage) -> None:
    person = make_person(server)
    with Api(server.url) as anon:
        r = anon.post("/auth/codes", json={"email": person.email, "purpose": "password_reset"})
        assert r.status_code == 202, r.text
    mail = server.mailbox.wait_for(person.email)
    found = re.search(r"https?://\S+/reset-password\?\S+", body_of(mail))
    assert found, body_of(mail)
    page = new_page()
    page.goto(found.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Новый пароль")
    expect(page.get_by_label("Электронная почта")).to_have_value(person.email)
    page.get_by_label("Новый пароль").fill("новый пароль для школы")
    page.get_by_label("Повторите пароль").fill("новый пароль для школы")
    shot(page, "reset-password")
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page.get_by_role("status")).to_contain_text("Пароль изменён")
    page.get_by_role("link", name="Ко входу").click()
    page.get_by_label("Почта, телефон или логин").fill(person.email)
    page.get_by_label("Пароль", exact=True).fill("новый пароль для школы")
    page.get_by_role("button", name="Войти", exact=True).click()
    expect(page.get_by_role("navigation", name="Чаты")).to_be_visible()


def test_english_interface_follows_the_browser(server: LiveServer, new_page: NewPage) -> None:
    page = new_page(locale="en-GB")
    page.goto(server.url + "/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Parta")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вход в Парту")
