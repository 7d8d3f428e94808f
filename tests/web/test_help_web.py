"""Help and support in the browser: a parent writes to the school's administrators with a
file, an administrator answers (and leaves an internal note the parent never sees), the
parent sees the answer arrive live and closes the request; the operator answers a request
passed on to the platform and publishes a how-to that teachers read in the knowledge base.
axe-core finds no violations on these screens (light and high contrast, and at 360 px)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.builders import Person, make_member, make_org, make_person, totp_code
from tests.files.helpers import png
from tests.harness import LiveServer
from tests.support.helpers import escalate, opened
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, sign_in


def sign_in_to(page: Any, server: LiveServer, person: Person, path: str) -> None:
    page.goto(server.url + path)
    page.wait_for_url("**/sign-in**")
    page.get_by_label("Почта, телефон или логин").fill(person.email)
    page.get_by_label("Пароль", exact=True).fill(person.password)
    page.get_by_role("button", name="Войти", exact=True).click()
    page.wait_for_url(
        lambda url: "/sign-in" not in url and urlparse(url).path.startswith(path), timeout=30_000
    )


def operator_signs_in(page: Any, server: LiveServer, person: Person, path: str) -> None:
    """The operator signs in with the password and the second factor (operators always have
    one) through the page's own request context, so the session cookie is the page's."""
    api = server.url + "/api/v1"
    body = {"login": person.email, "password": person.password}
    r = page.request.post(api + "/auth/sign-in", data=body)
    if r.status == 401:
        challenge = r.json()["error"]["fields"]["challenge"]
        code = totp_code(server, person.account_id)
        r = page.request.post(
            api + "/auth/sign-in/totp", data={"challenge": challenge, "code": code}
        )
    assert r.ok, r.text()
    page.goto(server.url + path)


def entry(page: Any, text: str) -> Any:
    return page.locator("li.help-entry", has_text=text)


def test_member_writes_admin_answers_member_sees_it(server: LiveServer, new_page: NewPage) -> None:
    org = make_org(server)
    parent = make_member(server, org.id, "parent")

    # The parent writes from the help section, with a screenshot.
    p = new_page()
    sign_in(p, server, parent)
    p.get_by_role("navigation", name="Чаты").get_by_role("link", name="Помощь").click()
    expect(p.get_by_role("heading", level=1, name="Помощь и поддержка")).to_be_visible()
    expect(p.get_by_text("Обращений пока нет.")).to_be_visible()
    # Teachers' knowledge base and webinars are not offered to parents.
    tabs = p.get_by_role("navigation", name="Разделы помощи")
    expect(tabs.get_by_role("link", name="База знаний")).to_have_count(0)
    tabs.get_by_role("link", name="Новое обращение").click()
    p.get_by_role("button", name="Отправить обращение").click()
    expect(p.get_by_text("Заполните это поле.").first).to_be_visible()
    assert axe_violations(p) == [], "new request form"
    p.get_by_label("Тема").fill("Не вижу расписание")
    p.get_by_label("Опишите вопрос").fill("После обновления пропало **расписание** сына.")
    p.get_by_label(re.compile("^Прикрепить файлы")).set_input_files(
        [{"name": "экран.png", "mimeType": "image/png", "buffer": png()}]
    )
    expect(p.get_by_text("экран.png")).to_be_visible()
    p.get_by_role("button", name="Отправить обращение").click()
    expect(p).to_have_url(re.compile(r"/help/requests/[0-9A-Z]{26}$"))
    expect(p.get_by_role("heading", level=2, name="Не вижу расписание")).to_be_focused()
    first = entry(p, "пропало")
    expect(first.locator("strong", has_text="расписание")).to_be_visible()
    expect(first.get_by_role("link", name="экран.png")).to_be_visible()
    expect(p.locator(".help-facts")).to_contain_text("Ждёт ответа")
    assert axe_violations(p) == [], "thread (requester)"
    shot(p, "help-thread-requester")

    # An administrator answers from the console's inbox, and leaves a note for staff.
    a = new_page()
    sign_in_to(a, server, org.admin, "/admin/support")
    expect(a.get_by_role("heading", level=1, name="Обращения")).to_be_visible()
    card = a.locator("li.help-card", has_text="Не вижу расписание")
    expect(card).to_contain_text(parent.name)
    assert axe_violations(a) == [], "admin inbox"
    card.get_by_role("link", name="Не вижу расписание").click()
    expect(a.get_by_role("heading", level=2, name="Не вижу расписание")).to_be_visible()
    expect(a.locator(".help-facts")).to_contain_text("родитель")
    a.get_by_label("Внутренняя заметка — автор обращения её не увидит").check()
    a.get_by_label("Заметка для сотрудников").fill("Проверить настройки класса")
    a.get_by_role("button", name="Сохранить заметку").click()
    expect(entry(a, "Проверить настройки класса")).to_contain_text("заметка для сотрудников")
    a.get_by_label("Ваш ответ").fill("Расписание вернули, обновите страницу.")
    a.get_by_role("button", name="Отправить", exact=True).click()
    expect(a.locator(".help-facts")).to_contain_text("Есть ответ")
    assert axe_violations(a) == [], "thread (admin)"
    shot(a, "help-thread-admin")

    # The parent's open page shows the answer as it arrives — and never the note.
    answer = entry(p, "Расписание вернули")
    expect(answer).to_be_visible()
    expect(answer).to_contain_text(f"{org.admin.name}, администратор")
    expect(p.locator(".help-facts")).to_contain_text("Есть ответ")
    expect(p.get_by_text("Проверить настройки класса")).to_have_count(0)
    p.get_by_role("button", name="Закрыть обращение").click()
    expect(p.locator("li.help-event", has_text="Обращение закрыто")).to_be_visible()
    expect(p.get_by_role("button", name="Открыть снова")).to_be_visible()

    # My requests list, in high contrast and on a phone: the way back to the chats is there.
    p.get_by_role("link", name="К моим обращениям").click()
    expect(p.locator("li.help-card", has_text="Не вижу расписание")).to_contain_text("Закрыто")
    p.set_viewport_size({"width": 360, "height": 780})
    back = p.get_by_role("link", name="К списку чатов")
    expect(back).to_be_visible()
    width = p.evaluate("document.querySelector('.help-page').scrollWidth")
    assert width <= 360, width
    assert axe_violations(p) == [], "my requests at 360 px"
    shot(p, "help-requests-360")
    back.click()
    expect(p).to_have_url(re.compile(r"/$"))

    c = new_page(theme="contrast")
    sign_in_to(c, server, parent, "/help")
    expect(c.locator("li.help-card", has_text="Не вижу расписание")).to_be_visible()
    assert axe_violations(c) == [], "my requests (contrast)"


def test_operator_answers_the_platform_and_teachers_read_posts(
    server: LiveServer, new_page: NewPage
) -> None:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher")
    operator = make_person(server, "Оператор Платформы", operator=True)
    t = opened(teacher.client(server), org.id, subject="Не работает экспорт журнала")
    r = escalate(org.admin.client(server), org.id, t["id"], "Воспроизводится у всех")
    assert r.status_code == 200, r.text

    o = new_page()
    operator_signs_in(o, server, operator, "/operator/support")
    expect(o.get_by_role("heading", level=1, name="Поддержка")).to_be_visible()
    card = o.locator("li.help-card", has_text="Не работает экспорт журнала")
    expect(card).to_contain_text(org.name)
    card.get_by_role("link", name="Не работает экспорт журнала").click()
    expect(o.get_by_role("heading", level=1, name="Не работает экспорт журнала")).to_be_visible()
    expect(entry(o, "Воспроизводится у всех")).to_contain_text("заметка для сотрудников")
    o.get_by_label("Ваш ответ").fill("Исправлено в новой версии.")
    o.get_by_role("button", name="Отправить", exact=True).click()
    expect(entry(o, "Исправлено в новой версии")).to_be_visible()
    assert axe_violations(o) == [], "operator thread"

    # A how-to for teachers, written and published in the console.
    o.get_by_role("navigation", name="Разделы консоли").get_by_role(
        "link", name="Публикации"
    ).click()
    o.get_by_role("link", name="Новая публикация").click()
    o.get_by_label("Заголовок").fill("Как выгрузить журнал")
    o.get_by_label("Вид").select_option("howto")
    o.get_by_label("Текст").fill("# Шаги\n1. Откройте журнал\n2. Нажмите «Выгрузить»")
    o.get_by_role("button", name="Сохранить", exact=True).click()
    expect(o).to_have_url(re.compile(r"/operator/news/[0-9A-Z]{26}$"))
    expect(o.locator(".help-preview h2", has_text="Шаги")).to_be_visible()
    o.get_by_role("button", name="Опубликовать").click()
    expect(o.locator(".help-said")).to_have_text("Публикация видна читателям.")
    expect(o.locator(".help-pill", has_text="Опубликовано")).to_be_visible()
    assert axe_violations(o) == [], "post editor"

    # The teacher sees the platform's answer in the thread and the how-to in the knowledge base.
    w = new_page()
    sign_in_to(w, server, teacher, f"/help/requests/{t['id']}")
    answer = entry(w, "Исправлено в новой версии")
    expect(answer).to_contain_text("Поддержка платформы")
    expect(answer).not_to_contain_text("Оператор Платформы")
    expect(w.get_by_text("Воспроизводится у всех")).to_have_count(0)
    w.get_by_role("navigation", name="Разделы помощи").get_by_role(
        "link", name="База знаний"
    ).click()
    w.get_by_label("Поиск").fill("выгрузить")
    w.get_by_role("button", name="Найти").click()
    w.get_by_role("link", name="Как выгрузить журнал").click()
    expect(w.get_by_role("heading", level=2, name="Как выгрузить журнал")).to_be_visible()
    expect(w.locator(".help-post li", has_text="Откройте журнал")).to_be_visible()
    assert axe_violations(w) == [], "knowledge base post"
    shot(w, "help-kb-post")
