"""The public application form: every field labelled, errors per field (the browser's checks
and the server's), the document's type checked by content, accessibility and narrow screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.harness import LiveServer
from tests.operator.helpers import application_fields
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations
from tests.web.test_operator_web import fill_application


def test_errors_are_shown_per_field(server: LiveServer, new_page: NewPage) -> None:
    page = new_page()
    page.goto(server.url + "/apply")
    expect(page.get_by_role("heading", level=1)).to_have_text("Подключить школу к Парте")
    page.get_by_role("button", name="Отправить заявку").click()
    expect(page.get_by_role("alert")).to_have_text("Исправьте 8 полей — они отмечены ниже.")
    name = page.get_by_label("Полное название")
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Приложите документ: PDF, JPEG, PNG или WebP.")).to_be_visible()

    fields = application_fields(inn="1234567890")
    fill_application(page, fields)
    doc = page.get_by_label("Документ о назначении администратора")
    doc.set_input_files(
        files=[{"name": "order.docx", "mimeType": "application/msword", "buffer": b"PK\x03\x04"}]
    )
    expect(page.get_by_text("Подойдут только PDF, JPEG, PNG или WebP.")).to_be_visible()
    # A web page named like a PDF passes the browser's check; the server sniffs the content.
    doc.set_input_files(
        files=[{"name": "order.pdf", "mimeType": "application/pdf", "buffer": b"<html>hi</html>"}]
    )
    page.get_by_role("button", name="Отправить заявку").click()
    inn = page.get_by_label("ИНН организации")
    expect(inn).to_be_focused()
    expect(page.get_by_text("ИНН не прошёл проверку")).to_be_visible()
    inn.fill(application_fields()["inn"])
    page.get_by_role("button", name="Отправить заявку").click()
    expect(page.get_by_text("Подойдут только PDF, JPEG, PNG или WebP.")).to_be_visible()
    expect(doc).to_be_focused()
    expect(doc).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    shot(page, "apply-errors")


@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_application_form_has_no_axe_violations(
    server: LiveServer, new_page: NewPage, theme: str
) -> None:
    page = new_page(theme=theme)
    page.goto(server.url + "/apply")
    page.get_by_role("heading", level=1).wait_for()
    assert axe_violations(page) == []
    page.screenshot(path=f"test-artifacts/apply-{theme}.png", full_page=True)
    page.get_by_role("button", name="Отправить заявку").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == [], "with errors"
    page.set_viewport_size({"width": 360, "height": 780})
    page.get_by_label("Полное название").focus()
    shot(page, f"apply-360-{theme}")


def test_dark_theme_and_keyboard_only(server: LiveServer, new_page: NewPage) -> None:
    page = new_page(theme="dark")
    page.goto(server.url + "/sign-in")
    link = page.get_by_role("link", name="Подключить школу")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Подключить школу к Парте")
    page.get_by_label("Полное название").focus()
    page.keyboard.type("Гимназия № 1")
    # Tab order follows the page: name, type, region.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Тип организации")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Регион")).to_be_focused()
    for _ in range(6):
        page.keyboard.press("Tab")
    expect(page.get_by_label("Документ о назначении администратора")).to_be_focused()
    shot(page, "apply-dark-file-focus")
