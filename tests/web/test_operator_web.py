"""The public application form and the operator console end to end: a school applies with a
small generated PDF, an operator reviews it (document shown inline) and approves it, and the
applicant receives the mail; rejecting needs a reason; accessibility of the console."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.builders import Person, make_org, make_person, totp_code
from tests.harness import Api, LiveServer, body_of
from tests.operator.helpers import application_fields, png_bytes, submit
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations


def generated_pdf() -> bytes:
    """A real one-page PDF (made with Pillow), so the browser's viewer has something to show."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 555, 802), outline="black", width=2)
    for i, line in enumerate(
        ["ORDER No. 17", "", "Appointing the Parta administrator", "of the school."]
    ):
        draw.text((70, 80 + 28 * i), line, fill="black")
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=72)
    return buf.getvalue()


def operator_signs_in(page: Any, server: LiveServer, person: Person, path: str) -> None:
    page.goto(server.url + path)
    page.wait_for_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Почта, телефон или логин").fill(person.email)
    page.get_by_label("Пароль", exact=True).fill(person.password)
    page.get_by_role("button", name="Войти", exact=True).click()
    if person.totp:  # operators must have two-factor authentication
        page.get_by_label("Код из приложения").fill(totp_code(server, person.account_id))
        page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))


def fill_application(page: Any, fields: dict[str, str]) -> None:
    page.get_by_label("Полное название").fill(fields["org_name"])
    page.get_by_label("Тип организации").select_option("school")
    page.get_by_label("Регион").fill(fields["region"])
    page.get_by_label("Адрес").fill(fields["address"])
    page.get_by_label("ИНН организации").fill(fields["inn"])
    page.get_by_label("Фамилия, имя, отчество").fill(fields["admin_full_name"])
    page.get_by_label("Телефон").fill(fields["admin_phone"])
    page.get_by_label("Электронная почта").fill(fields["admin_email"])


def test_the_operator_approves_an_application(server: LiveServer, new_page: NewPage) -> None:
    fields = application_fields()
    operator = make_person(server, "Оператор Платформы", operator=True)

    # The applicant: from the sign-in page to the form, every field, a small PDF.
    applicant = new_page()
    applicant.goto(server.url + "/sign-in")
    applicant.get_by_role("link", name="Подключить школу").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Подключить школу к Парте")
    fill_application(applicant, fields)
    applicant.get_by_label("Документ о назначении администратора").set_input_files(
        files=[{"name": "приказ.pdf", "mimeType": "application/pdf", "buffer": generated_pdf()}]
    )
    expect(applicant.get_by_text(re.compile(r"Выбран файл: приказ\.pdf"))).to_be_visible()
    applicant.get_by_label("Сколько учеников (необязательно)").fill("840")
    applicant.get_by_role("button", name="Отправить заявку").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Заявка отправлена")
    expect(applicant.get_by_text(fields["admin_email"])).to_be_visible()
    assert axe_violations(applicant) == [], "confirmation"
    shot(applicant, "apply-done")
    server.mailbox.wait_for(fields["admin_email"], "получена")

    # The operator: the queue, the application with its document, approve.
    page = new_page()
    operator_signs_in(page, server, operator, "/operator/applications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Заявки")
    page.get_by_role("link", name=fields["org_name"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fields["org_name"])
    detail = page.locator(".op-detail")
    expect(detail).to_contain_text(fields["inn"])
    expect(detail).to_contain_text(fields["admin_email"])
    expect(detail).to_contain_text("840")
    frame = page.locator("iframe.op-doc-frame")
    expect(frame).to_have_attribute("title", "Документ заявки: приказ.pdf")
    expect(frame).to_have_attribute("src", re.compile(r"^blob:"))
    assert axe_violations(page) == [], "application detail"
    shot(page, "operator-application")

    page.get_by_role("button", name="Одобрить", exact=True).click()
    dialog = page.get_by_role("dialog", name="Одобрить заявку?")
    expect(dialog).to_contain_text(fields["admin_email"])
    shot(page, "operator-approve-dialog")
    dialog.get_by_role("button", name="Одобрить и создать организацию").click()
    expect(page.get_by_text("Заявка одобрена, организация создана")).to_be_visible()
    expect(page.locator(".op-detail-head")).to_contain_text("Одобрена")
    expect(page.get_by_role("button", name="Одобрить", exact=True)).to_have_count(0)

    mail = server.mailbox.wait_for(fields["admin_email"], "подключена")
    assert "reset-password?email=" in body_of(mail)

    # The organisation is in the list; the queue of waiting applications no longer has it.
    page.get_by_role("navigation", name="Разделы консоли").get_by_role(
        "link", name="Организации"
    ).click()
    expect(page.get_by_role("rowheader", name=fields["org_name"])).to_be_visible()
    page.get_by_role("link", name="Заявки").click()
    expect(page.get_by_role("link", name=fields["org_name"])).to_have_count(0)
    page.get_by_role("link", name="Одобренные").click()
    expect(page.get_by_role("link", name=fields["org_name"])).to_be_visible()


def test_rejecting_needs_a_reason_and_images_are_shown(
    server: LiveServer, new_page: NewPage
) -> None:
    fields = application_fields()
    with Api(server.url) as anon:
        r = submit(anon, fields, ("скан.png", png_bytes(), "image/png"))
        assert r.status_code == 201, r.text
        app_id = r.json()["id"]
    operator = make_person(server, "Оператор", operator=True)
    page = new_page()
    operator_signs_in(page, server, operator, f"/operator/applications/{app_id}")
    expect(page.get_by_role("img", name="Документ заявки: скан.png")).to_be_visible()

    page.get_by_role("button", name="Отклонить", exact=True).click()
    dialog = page.get_by_role("dialog", name="Отклонить заявку")
    reason = dialog.get_by_label("Причина")
    expect(reason).to_be_focused()
    dialog.get_by_role("button", name="Отклонить заявку").click()
    expect(dialog.get_by_text("Напишите причину — хотя бы 3 символа.")).to_be_visible()
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill("Документ не читается: пришлите скан приказа целиком.")
    dialog.get_by_role("button", name="Отклонить заявку").click()
    expect(page.get_by_text("Заявка отклонена, заявителю отправлено письмо.")).to_be_visible()
    expect(page.locator(".op-detail")).to_contain_text("пришлите скан приказа целиком")
    server.mailbox.wait_for(fields["admin_email"], "отклонена")


def test_the_console_is_hidden_from_others(server: LiveServer, new_page: NewPage) -> None:
    org = make_org(server)
    page = new_page()
    page.goto(server.url + "/sign-in")
    page.get_by_label("Почта, телефон или логин").fill(org.admin.email)
    page.get_by_label("Пароль", exact=True).fill(org.admin.password)
    page.get_by_role("button", name="Войти", exact=True).click()
    page.get_by_role("navigation", name="Чаты").wait_for()
    expect(page.get_by_role("link", name="Консоль оператора")).to_have_count(0)
    page.goto(server.url + "/operator/applications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Страница не найдена")


@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_operator_console_has_no_axe_violations(
    server: LiveServer, new_page: NewPage, theme: str
) -> None:
    with Api(server.url) as anon:
        document = ("устав.pdf", generated_pdf(), "application/pdf")
        assert submit(anon, application_fields(), document).status_code == 201
    operator = make_person(server, "Оператор", operator=True)
    page = new_page(theme=theme)
    operator_signs_in(page, server, operator, "/operator/applications")
    expect(page.locator(".op-card").first).to_be_visible()
    assert axe_violations(page) == [], "queue"
    shot(page, f"operator-queue-{theme}")
    page.locator(".op-card-title a").first.click()
    expect(page.locator("iframe.op-doc-frame")).to_be_visible()
    assert axe_violations(page) == [], "detail"
    shot(page, f"operator-detail-{theme}")
    for section, heading in (
        ("orgs", "Организации"),
        ("audit", "Журнал"),
        ("outbox", "Почта"),
    ):
        page.get_by_role("navigation", name="Разделы консоли").get_by_role(
            "link", name=heading
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator(".loading")).to_have_count(0)
        assert axe_violations(page) == [], section
        shot(page, f"operator-{section}-{theme}")
    page.locator(".op-mail summary").first.click()
    expect(page.locator(".op-mail-body").first).to_be_visible()
    assert axe_violations(page) == [], "mail body"
    page.set_viewport_size({"width": 360, "height": 780})
    page.get_by_role("link", name="Заявки").click()
    expect(page.locator(".op-card").first).to_be_visible()
    shot(page, f"operator-queue-360-{theme}")
