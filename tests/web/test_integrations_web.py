"""Integrations in the admin console: an administrator creates a bot, adds it to the class
chat and issues a token (shown once) that then posts over the bot API, and revokes it; an
incoming webhook whose address, posted to with httpx, puts the gradebook's message into the
class chat where a student sees it; an outgoing webhook that delivers a new message to a
local receiver, with the delivery in its log. axe-core finds no WCAG 2.2 A/AA violation on
each tab, in the light and the high-contrast themes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from tests.chats.helpers import make_school, post
from tests.harness import LiveServer
from tests.integrations.helpers import Receiver
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, sign_in


@pytest.fixture
def receiver(server: LiveServer) -> Iterator[Receiver]:
    # The receiver listens on 127.0.0.1: allowed here as an operator would for a local system.
    server.settings.webhooks_allow_private = True
    r = Receiver()
    yield r
    r.close()
    server.settings.webhooks_allow_private = False


def open_tab(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Виды интеграций").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()


def test_bot_token_and_incoming_webhook(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server, students=1)
    page = new_page()
    sign_in(page, server, s.org.admin)
    page.get_by_role("link", name="Управление").click()
    page.get_by_role("navigation", name="Разделы управления").get_by_role(
        "link", name="Интеграции"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Интеграции")
    expect(page.get_by_role("heading", level=2, name="Боты")).to_be_visible()

    # A bot, in the class chat (the administrator is not a member of it).
    page.get_by_text("Новый бот").click()
    page.get_by_label("Имя бота").fill("Электронный журнал")
    page.get_by_role("button", name="Создать бота").click()
    bot = page.locator("li.adm-item").filter(
        has=page.get_by_role("heading", name="Электронный журнал")
    )
    expect(bot).to_contain_text("Бот пока не добавлен ни в один чат.")
    bot.get_by_role("button", name="Изменить Электронный журнал").click()
    bot.get_by_label("Описание (необязательно)").fill("Оценки и домашние задания")
    bot.get_by_role("button", name="Сохранить").click()
    expect(bot.locator(".adm-meta").first).to_have_text("Оценки и домашние задания")
    bot.get_by_label("Добавить «Электронный журнал» в чат").select_option(label="5А — Класс")
    bot.get_by_role("button", name="Добавить в чат").click()
    expect(bot.get_by_role("button", name="Убрать из чата 5А")).to_be_visible()

    # A token with the right to post, shown once.
    bot.get_by_text("Токены доступа").click()
    tokens = bot.locator("details.adm-sub")
    tokens.get_by_label("Для чего токен (необязательно)").fill("Сервер журнала")
    expect(tokens.get_by_role("checkbox", name="Писать в свои чаты messages:write")).to_be_checked()
    tokens.get_by_role("button", name="Выдать токен").click()
    secret = tokens.get_by_label("Токен бота «Электронный журнал»")
    expect(secret).to_be_focused()
    token = secret.input_value()
    assert token.startswith("pbt_")
    expect(tokens.get_by_text("Показываем только сейчас.")).to_be_visible()
    assert axe_violations(page) == [], "bots"
    shot(page, "integrations-bots")
    chat_id = s.chat_of_kind(s.teacher.client(server), "class")["id"]
    with httpx.Client(base_url=server.url + "/api/v1") as raw:
        auth = {"Authorization": f"Bearer {token}"}
        body = {"client_id": str(uuid.uuid4()), "body": "Оценки за четверть выставлены"}
        r = raw.post(f"/bot/chats/{chat_id}/messages", json=body, headers=auth)
        assert r.status_code == 201, r.text
        # Revoked: the token stops working.
        tokens.get_by_role("button", name="Я сохранил(а), скрыть").click()
        expect(secret).to_have_count(0)
        tokens.get_by_role("button", name="Отозвать Сервер журнала").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Отозвать").click()
        expect(tokens.get_by_text("отозван", exact=True)).to_be_visible()
        r = raw.post(f"/bot/chats/{chat_id}/messages", json=body, headers=auth)
        assert r.status_code == 401, r.text

    # An incoming webhook into the class chat; its address posts there.
    open_tab(page, "Входящие вебхуки")
    page.get_by_text("Новый входящий вебхук").click()
    page.get_by_label("Имя автора сообщений").fill("Дневник")
    page.get_by_label("В какой чат писать").select_option(label="5А — Класс")
    page.get_by_role("button", name="Создать вебхук").click()
    expect(page.get_by_text("Вебхук «Дневник» создан: он пишет в чат «5А».")).to_be_visible()
    url = page.get_by_label("Адрес вебхука").input_value()
    assert "/api/v1/hooks/phk_" in url
    expect(page.locator("pre.int-pre")).to_contain_text(url)
    assert axe_violations(page) == [], "incoming"
    shot(page, "integrations-incoming")
    hook = server.url + urlsplit(url).path
    text = {"text": "**Новое домашнее задание** по алгебре: № 112", "client_id": "hw-1"}
    r = httpx.post(hook, json=text)
    assert r.status_code == 201, r.text
    assert r.json()["created"] is True

    student = new_page()
    sign_in(student, server, s.students[0])
    open_chat(student, "5А")
    posted = message(student, "Новое домашнее задание")
    expect(posted).to_contain_text("Дневник")
    expect(posted.locator("strong")).to_have_text("Новое домашнее задание")
    expect(message(student, "Оценки за четверть выставлены")).to_contain_text("Электронный журнал")

    # Deleting the webhook turns its address off.
    page.get_by_role("button", name="Я сохранил(а), скрыть").click()
    row = page.locator("li.adm-item").filter(has=page.get_by_role("heading", name="Дневник"))
    expect(row).to_contain_text("Пишет в чат «5А»")
    row.get_by_role("button", name="Удалить Дневник").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Удалить").click()
    expect(row).to_have_count(0)
    assert httpx.post(hook, json=text).status_code == 404


def test_outgoing_webhook_and_its_delivery_log(
    server: LiveServer, new_page: NewPage, receiver: Receiver
) -> None:
    s = make_school(server, students=1)
    page = new_page(theme="contrast")
    sign_in(page, server, s.org.admin)
    page.goto(server.url + "/admin/integrations?tab=outgoing")
    expect(page.get_by_role("heading", level=2, name="Исходящие вебхуки")).to_be_visible()
    page.get_by_text("Новый исходящий вебхук").click()
    page.get_by_label("Название").fill("Журнал: лента класса")
    page.get_by_label("Адрес получателя").fill(receiver.url)
    expect(page.get_by_role("checkbox", name="Новое сообщение message.new")).to_be_checked()
    page.get_by_role("checkbox", name="Опрос обновлён poll.updated").check()
    page.get_by_role("checkbox", name="5А — Класс").check()
    assert axe_violations(page) == [], "outgoing form (contrast)"
    page.get_by_role("button", name="Создать вебхук").click()
    secret = page.get_by_label("Секрет подписи вебхука «Журнал: лента класса»")
    expect(secret).to_be_focused()
    assert secret.input_value().startswith("whsec_")

    hook = page.locator("li.adm-item").filter(
        has=page.get_by_role("heading", name="Журнал: лента класса")
    )
    expect(hook).to_contain_text("включён")
    expect(hook).to_contain_text("События: Новое сообщение, Опрос обновлён")
    expect(hook).to_contain_text("Чаты: 5А")

    # A message in the class chat is delivered, and the log says so.
    chat_id = s.chat_of_kind(s.teacher.client(server), "class")["id"]
    r = post(s.teacher.client(server), s.org.id, chat_id, "Завтра контрольная")
    assert r.status_code == 201, r.text
    got = receiver.wait_for(1)
    assert got[0].headers["parta-event"] == "message.new"
    hook.get_by_text("Журнал доставок").click()
    for _ in range(20):
        hook.get_by_role("button", name="Обновить").click()
        if hook.locator("tr[data-delivery=delivered]").count():
            break
        page.wait_for_timeout(250)
    row = hook.locator("tr[data-delivery=delivered]")
    expect(row).to_contain_text("Новое сообщение")
    expect(row).to_contain_text("Доставлено")
    expect(row).to_contain_text("HTTP 200")
    assert axe_violations(page) == [], "delivery log (contrast)"
    shot(page, "integrations-outgoing-contrast")

    # Turned off: nothing more is sent.
    hook.get_by_role("button", name="Выключить Журнал: лента класса").click()
    expect(hook).to_contain_text("выключен")
    r = post(s.teacher.client(server), s.org.id, chat_id, "Это уже не уйдёт")
    assert r.status_code == 201, r.text
    page.wait_for_timeout(500)
    assert len(receiver.got) == 1
