"""The verified content catalogue in the browser: the operator verifies a teacher's item in
the console, a teacher of another school finds it by subject, grade and words, shares it
into a class chat, and a student sees it there and opens its file. A teacher submits an item
through the form and follows its review (rejected, with the reason); the operator adds an
item of their own. Students see no catalogue. axe-core finds no WCAG 2.2 A/AA violation on
each screen, in the light and the high-contrast themes."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.builders import Person, make_member, make_org, make_person, unique
from tests.catalogue.helpers import submit
from tests.chats.helpers import make_school
from tests.files.helpers import PDF
from tests.harness import Api, LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, sign_in


def signed_in_at(page: Any, server: LiveServer, person: Person, path: str) -> None:
    """Open `path` with a session made over the API (the operator's second factor included),
    so the console test does not depend on the sign-in screens, tested elsewhere."""
    api = Api(server.url)
    r = api.post("/auth/sign-in", json={"login": person.email, "password": person.password})
    if r.status_code == 401 and r.json()["error"]["code"] == "totp_required":
        from tests.builders import totp_code

        challenge = r.json()["error"]["fields"]["challenge"]
        code = totp_code(server, person.account_id)
        r = api.post("/auth/sign-in/totp", json={"challenge": challenge, "code": code})
    assert r.status_code == 200, r.text
    page.context.add_cookies(
        [{"name": c.name, "value": c.value or "", "url": server.url} for c in api.cookies.jar]
    )
    api.close()
    page.goto(server.url + path)


def open_section(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Чаты").get_by_role("link", name=name, exact=True).click()


def card(page: Any, title: str) -> Any:
    return page.locator("li.cat-card").filter(has=page.get_by_role("heading", name=title))


def test_sharing_a_verified_item_into_a_chat(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server, students=1)
    operator = make_person(server, "Оператор Каталога", operator=True)
    # A teacher of another school submits a worksheet.
    elsewhere = make_org(server, "Гимназия №2")
    author = make_member(server, elsewhere.id, "teacher")
    tag = unique("дроби")
    title = f"Дроби в картинках {tag}"
    r = submit(
        author.client(server),
        elsewhere.id,
        ("дроби.pdf", PDF),
        title=title,
        grades="5,6",
        description="Наглядные задачи на сложение дробей с разными знаменателями.",
    )
    assert r.status_code == 201, r.text

    # The operator verifies it in the console.
    op = new_page()
    signed_in_at(op, server, operator, "/operator/catalogue")
    expect(op.get_by_role("heading", level=1, name="Каталог материалов")).to_be_visible()
    item = card(op, title)
    expect(item).to_contain_text(f"Предложил(а) {author.name}, Гимназия №2")
    expect(item).to_contain_text("Математика")
    expect(item).to_contain_text("5–6 классы")
    assert axe_violations(op) == [], "review queue"
    shot(op, "catalogue-review")
    item.get_by_role("button", name=f"Одобрить {title}").click()
    expect(op.get_by_role("status").filter(has_text="одобрен")).to_be_visible()
    expect(card(op, title)).to_have_count(0)
    op.get_by_role("link", name="Проверенные").click()
    expect(card(op, title)).to_be_visible()

    # A teacher of this school finds it by subject, grade and words.
    teacher = new_page()
    sign_in(teacher, server, s.teacher)
    open_section(teacher, "Каталог")
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Каталог проверенных материалов")
    search = teacher.get_by_role("search", name="Поиск по каталогу")
    search.get_by_label("Предмет").select_option(label="Математика")
    search.get_by_label("Класс").select_option(label="6 класс")
    search.get_by_label("Слова из названия или описания").fill(tag)
    search.get_by_role("button", name="Найти").click()
    expect(teacher).to_have_url(re.compile(r"/catalogue\?subject=math&grade=6&q="))
    expect(teacher.get_by_role("heading", name="Найден 1 материал")).to_be_focused()
    found = card(teacher, title)
    expect(found).to_contain_text("Проверено")
    expect(found).to_contain_text("Наглядные задачи")
    assert axe_violations(teacher) == [], "browse"
    shot(teacher, "catalogue-browse")
    # Another grade does not find it.
    search.get_by_label("Класс").select_option(label="7 класс")
    search.get_by_role("button", name="Найти").click()
    expect(teacher.get_by_role("heading", name="Ничего не нашлось")).to_be_visible()
    teacher.go_back()
    card(teacher, title).get_by_role("link", name=title).click()

    # The item's page, and sharing it into the class chat with a comment.
    expect(teacher.get_by_role("heading", level=2, name=title)).to_be_focused()
    expect(teacher.locator(".cat-facts")).to_contain_text("дроби.pdf")
    assert axe_violations(teacher) == [], "item"
    teacher.get_by_role("button", name="Поделиться в чат").click()
    dialog = teacher.get_by_role("dialog", name=f"Поделиться «{title}»")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Найти чат")).to_be_focused()
    dialog.get_by_label("Найти чат").fill("5")
    dialog.get_by_role("radio", name="5А · Класс").check()
    dialog.get_by_label("Комментарий (необязательно)").fill("Разберём в четверг")
    assert axe_violations(teacher) == [], "share dialog"
    shot(teacher, "catalogue-share")
    dialog.get_by_role("button", name="Поделиться", exact=True).click()
    expect(dialog.get_by_text("Материал отправлен в чат «5А».")).to_be_visible()
    dialog.get_by_role("link", name="Открыть чат").click()
    expect(teacher.get_by_role("heading", level=1, name="5А")).to_be_visible()
    expect(message(teacher, title)).to_have_count(1)

    # A student sees it in the class chat and opens the file.
    student = new_page()
    sign_in(student, server, s.students[0])
    open_chat(student, "5А")
    shared = message(student, title)
    expect(shared).to_contain_text("Разберём в четверг")
    expect(shared).to_contain_text("проверенный материал")
    expect(shared.locator(".file-name")).to_have_text("дроби.pdf")
    href = shared.get_by_role("link", name=re.compile("дроби.pdf")).get_attribute("href")
    got = student.request.get(server.url + href)
    assert got.status == 200 and got.body() == PDF
    # Students have no catalogue.
    nav = student.get_by_role("navigation", name="Чаты")
    expect(nav.get_by_role("link", name="Каталог", exact=True)).to_have_count(0)
    student.goto(server.url + "/catalogue")
    expect(student.get_by_text("Каталог открыт подтверждённым учителям")).to_be_visible()


def test_a_teacher_submits_and_follows_the_review(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server, students=1)
    operator = make_person(server, "Оператор Проверки", operator=True)
    title = f"Карта рек России {unique('')}"

    teacher = new_page(theme="contrast")
    sign_in(teacher, server, s.teacher)
    open_section(teacher, "Каталог")
    teacher.get_by_role("navigation", name="Разделы каталога").get_by_role(
        "link", name="Предложить материал"
    ).click()
    expect(teacher.get_by_role("heading", level=2, name="Предложить материал")).to_be_visible()
    form = teacher.locator("form.cat-form")
    form.get_by_label("Название").fill(title)
    form.get_by_label("Предмет").select_option(label="География")
    # The form says what is missing before anything is sent.
    form.get_by_role("radio", name="Ссылку").check()
    form.get_by_role("button", name="Отправить на проверку").click()
    expect(form.get_by_text("Отметьте хотя бы один класс.")).to_be_visible()
    expect(form.get_by_text("Укажите адрес ссылки.")).to_be_visible()
    form.get_by_role("checkbox", name="8 класс").check()
    form.get_by_role("checkbox", name="9 класс").check()
    form.get_by_label("Описание").fill("Интерактивная карта с бассейнами рек.")
    form.get_by_label("Адрес").fill("javascript:alert(1)")
    form.get_by_role("button", name="Отправить на проверку").click()
    expect(
        form.get_by_text("Нужен полный адрес, начинающийся с https:// или http://.")
    ).to_be_visible()
    assert axe_violations(teacher) == [], "submit form (contrast)"
    shot(teacher, "catalogue-submit-contrast")
    form.get_by_label("Адрес").fill("https://geo.example.org/rivers")
    form.get_by_role("button", name="Отправить на проверку").click()
    expect(teacher).to_have_url(re.compile(r"/catalogue/mine"))
    expect(teacher.get_by_text("Материал отправлен на проверку.")).to_be_visible()
    mine = card(teacher, title)
    expect(mine).to_contain_text("На проверке")
    expect(mine).to_contain_text("8–9 классы")
    assert axe_violations(teacher) == [], "my submissions (contrast)"

    # The operator rejects it with a reason, and adds an item of their own.
    op = new_page(theme="contrast")
    signed_in_at(op, server, operator, "/operator/catalogue")
    card(op, title).get_by_role("button", name=f"Отклонить {title}").click()
    dialog = op.get_by_role("dialog", name=f"Отклонить «{title}»")
    expect(dialog.get_by_label("Причина")).to_be_focused()
    dialog.get_by_label("Причина").fill("Сайт требует регистрации")
    assert axe_violations(op) == [], "reject dialog (contrast)"
    dialog.get_by_role("button", name="Отклонить").click()
    expect(dialog).to_be_hidden()
    expect(op.get_by_role("status").filter(has_text="отклонён")).to_be_visible()

    own = f"Таблица Менделеева {unique('')}"
    op.get_by_role("button", name="Добавить материал").click()
    add = op.get_by_role("dialog", name="Новый материал каталога")
    add.get_by_label("Название").fill(own)
    add.get_by_label("Предмет").select_option(label="Химия")
    add.get_by_role("checkbox", name="8 класс").check()
    add.get_by_label("Файл материала").set_input_files(
        files=[{"name": "таблица.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(add.get_by_text(re.compile("Выбран файл: таблица.pdf"))).to_be_visible()
    assert axe_violations(op) == [], "add dialog (contrast)"
    shot(op, "catalogue-add-contrast")
    add.get_by_role("button", name="Добавить в каталог").click()
    expect(add).to_be_hidden()
    op.get_by_role("link", name="Проверенные").click()
    expect(card(op, own)).to_contain_text("Команда платформы")

    # The teacher sees the decision and its reason.
    teacher.reload()
    rejected = card(teacher, title)
    expect(rejected).to_contain_text("Отклонено")
    expect(rejected).to_contain_text("Причина отказа: Сайт требует регистрации")
    # The operator's item is in the catalogue for everyone.
    teacher.get_by_role("navigation", name="Разделы каталога").get_by_role(
        "link", name="Каталог"
    ).click()
    search = teacher.get_by_role("search", name="Поиск по каталогу")
    search.get_by_label("Слова из названия или описания").fill(own.split()[-1])
    search.get_by_role("button", name="Найти").click()
    expect(card(teacher, own)).to_contain_text("Химия")
    assert axe_violations(teacher) == [], "browse (contrast)"

    # Narrow screens: the section offers the way back to the chats.
    teacher.set_viewport_size({"width": 360, "height": 780})
    back = teacher.get_by_role("link", name="К списку чатов")
    expect(back).to_be_visible()
    back.click()
    expect(teacher.get_by_role("navigation", name="Чаты")).to_be_visible()
