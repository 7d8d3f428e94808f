"""Two-factor authentication in the browser: a teacher turns it on in the settings (the key
read off the page into pyotp, as an app would), keeps the recovery codes, signs out, and
signs in again with the code step; a recovery code works there too; accessibility of each
screen; an administrator's policy card."""

from __future__ import annotations

import re
from dataclasses import replace

import pyotp
from playwright.sync_api import expect

from parta.kit.clock import utcnow
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, sign_in


def _password_step(page: object, email: str, password: str) -> None:
    page.get_by_label("Почта, телефон или логин").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Пароль", exact=True).fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Войти", exact=True).click()  # type: ignore[attr-defined]


def test_turn_on_two_factor_and_sign_in_with_a_code(server: LiveServer, new_page: NewPage) -> None:
    teacher = make_school(server, students=1).teacher
    page = new_page()
    sign_in(page, server, teacher)
    page.goto(server.url + "/settings/twofactor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Двухфакторная аутентификация")
    expect(page.get_by_text(re.compile("^Выключена"))).to_be_visible()
    assert axe_violations(page) == [], "off"

    page.get_by_label("Пароль от Парты").fill(teacher.password)
    page.get_by_role("button", name="Включить").click()
    expect(page.get_by_role("img", name="QR-код для приложения-аутентификатора")).to_be_visible()
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    uri = page.locator(".totp-uri").inner_text()
    assert pyotp.parse_uri(uri).secret == secret
    assert axe_violations(page) == [], "set-up"
    shot(page, "totp-setup")
    app = pyotp.TOTP(secret)
    page.get_by_label("Код из приложения").fill(app.at(utcnow()))
    page.get_by_role("button", name="Включить").click()
    expect(page.get_by_role("heading", name="Резервные коды")).to_be_focused()
    codes = page.locator(".totp-code-list code").all_inner_texts()
    assert len(codes) == 10
    expect(page.get_by_text("Двухфакторная аутентификация включена.")).to_be_visible()
    assert axe_violations(page) == [], "recovery codes"
    shot(page, "totp-codes")
    page.get_by_role("button", name="Я сохранил(а) коды").click()
    expect(page.get_by_text("Осталось 10 резервных кодов.")).to_be_visible()

    # A new browser: the password alone is not enough.
    other = new_page()
    other.goto(server.url + "/sign-in?next=/settings/twofactor")
    _password_step(other, teacher.email, teacher.password)
    expect(other.get_by_role("heading", name="Подтверждение входа")).to_be_visible()
    expect(other.get_by_label("Код из приложения")).to_be_focused()
    assert axe_violations(other) == [], "code step"
    shot(other, "totp-sign-in")
    other.get_by_label("Код из приложения").fill("000000" if app.now() != "000000" else "111111")
    other.get_by_role("button", name="Подтвердить").click()
    expect(other.get_by_role("alert")).to_contain_text("Код не подошёл")
    # The code of the next step: the one used for the set-up cannot be used twice.
    other.get_by_label("Код из приложения").fill(app.at(utcnow().timestamp() + 30))
    other.get_by_role("button", name="Подтвердить").click()
    other.wait_for_url(re.compile(r"/settings/twofactor$"))
    expect(other.get_by_text("Осталось 10 резервных кодов.")).to_be_visible()

    # A recovery code instead of the app, in a third browser.
    third = new_page()
    third.goto(server.url + "/sign-in")
    _password_step(third, teacher.email, teacher.password)
    third.get_by_label("Код из приложения").fill(codes[0])
    third.get_by_role("button", name="Подтвердить").click()
    third.get_by_role("navigation", name="Чаты").get_by_role("link").first.wait_for()
    api = replace(teacher, totp=True).client(server)
    assert api.get("/me/totp").json()["recovery_codes_left"] == 9


def test_the_administrators_policy_card(server: LiveServer, new_page: NewPage) -> None:
    org = make_school(server, students=1).org
    page = new_page()
    sign_in(page, server, org.admin)
    page.goto(server.url + "/admin/policies")
    card = page.get_by_role("region", name="Двухфакторная аутентификация администраторов")
    card.get_by_label("Требовать от администраторов код из приложения при входе").check()
    card.get_by_role("button", name="Сохранить").click()
    # Not on for this administrator yet: the server refuses, and the page says why.
    expect(card.get_by_role("alert")).to_contain_text("Сначала включите")
    assert axe_violations(page) == [], "policy"


def test_the_console_tells_an_operator_without_it_what_to_do(
    server: LiveServer, new_page: NewPage
) -> None:
    from tests.builders import make_person

    operator = make_person(server, "Оператор", operator=True, totp=False)
    page = new_page()
    page.goto(server.url + "/operator/applications")
    page.wait_for_url(re.compile(r"/sign-in\?next="))
    _password_step(page, operator.email, operator.password)
    page.wait_for_url(re.compile(r"/operator/applications$"))
    expect(page.get_by_role("alert").first).to_contain_text(
        "включите двухфакторную аутентификацию в настройках"
    )
