"""The materials library in the browser: a class teacher makes a folder in the class's
library, uploads a file into it, adds, edits, moves and deletes a link, and saves a file of
a chat message into the folder; a parent of the class sees it all read-only, a student of
another class does not see the library at all. axe-core finds no WCAG 2.2 A/AA violation on
the library and its dialogs, in the light and the high-contrast themes."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.files.helpers import PDF, class_chat, send, uploaded
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, sign_in


def open_materials(page: Any) -> None:
    nav = page.get_by_role("navigation", name="Чаты")
    nav.get_by_role("link", name="Материалы", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Материалы")).to_be_visible()


def open_place(page: Any, title: str) -> None:
    page.get_by_role("navigation", name="Библиотеки").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()


def item(page: Any, title: str) -> Any:
    return page.locator("li.mat-item").filter(has=page.get_by_role("link", name=title, exact=False))


def test_class_library_folders_files_links_and_who_sees_them(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server, students=1)
    teacher = new_page()
    sign_in(teacher, server, s.teacher)
    open_materials(teacher)
    # The organisation's library opens first; only administrators add there.
    expect(teacher).to_have_url(re.compile(r"/materials/org/"))
    expect(teacher.get_by_role("heading", level=2, name=s.org.name)).to_be_visible()
    expect(teacher.get_by_role("button", name="Новая папка")).to_have_count(0)
    open_place(teacher, "5А")
    expect(teacher.get_by_text("В этой папке пока ничего нет. Создайте папку")).to_be_visible()
    assert axe_violations(teacher) == [], "empty library"

    # A folder.
    teacher.get_by_role("button", name="Новая папка").click()
    dialog = teacher.get_by_role("dialog", name="Новая папка")
    expect(dialog.get_by_label("Название папки")).to_be_focused()
    dialog.get_by_label("Название папки").fill("Контрольные работы")
    assert axe_violations(teacher) == [], "folder dialog"
    dialog.get_by_role("button", name="Создать").click()
    expect(dialog).to_be_hidden()
    note = teacher.get_by_role("status").filter(has_text="Папка «Контрольные работы» создана")
    expect(note).to_be_visible()
    teacher.get_by_role("link", name="Контрольные работы").click()
    expect(teacher.get_by_role("heading", level=2, name="Контрольные работы")).to_be_focused()
    crumbs = teacher.get_by_role("navigation", name="Путь к папке")
    expect(crumbs.get_by_role("link", name="5А")).to_be_visible()
    expect(crumbs.locator("[aria-current=page]")).to_have_text("Контрольные работы")

    # A file, uploaded through the button.
    with teacher.expect_file_chooser() as chooser:
        teacher.get_by_role("button", name="Загрузить файлы").click()
    chooser.value.set_files(
        files=[{"name": "контрольная-1.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    note = teacher.get_by_role("status").filter(has_text="Файл «контрольная-1.pdf» загружен")
    expect(note).to_be_visible()
    pdf = item(teacher, "контрольная-1.pdf")
    expect(pdf).to_contain_text("Файл · 77 байт")
    expect(pdf).to_contain_text(f"Добавил(а) {s.teacher.name}")

    # A link: a disguised address is refused next to the field, then a real one.
    teacher.get_by_role("button", name="Добавить ссылку").click()
    dialog = teacher.get_by_role("dialog", name="Новая ссылка")
    dialog.get_by_label("Адрес").fill("javascript:alert(1)")
    dialog.get_by_label("Название").fill("РЭШ")
    dialog.get_by_role("button", name="Добавить").click()
    expect(
        dialog.get_by_text("Нужен полный адрес, начинающийся с https:// или http://.")
    ).to_be_visible()
    expect(dialog.get_by_label("Адрес")).to_have_attribute("aria-invalid", "true")
    dialog.get_by_label("Адрес").fill("https://resh.edu.ru/subject/12/")
    dialog.get_by_role("button", name="Добавить").click()
    expect(dialog).to_be_hidden()
    link = item(teacher, "РЭШ")
    expect(link).to_contain_text("Ссылка · resh.edu.ru")
    expect(link.get_by_role("link", name=re.compile("РЭШ"))).to_have_attribute(
        "href", "https://resh.edu.ru/subject/12/"
    )
    # Edit it, then move it up to the library's top.
    link.get_by_role("button", name="Изменить РЭШ").click()
    dialog = teacher.get_by_role("dialog", name="Изменить ссылку")
    dialog.get_by_label("Название").fill("РЭШ: математика, 5 класс")
    dialog.get_by_role("button", name="Сохранить").click()
    expect(dialog).to_be_hidden()
    link = item(teacher, "РЭШ: математика, 5 класс")
    link.get_by_role("button", name="Переместить РЭШ: математика, 5 класс").click()
    dialog = teacher.get_by_role("dialog", name="Переместить «РЭШ: математика, 5 класс»")
    expect(dialog).to_contain_text("Выбрана папка: 5А / Контрольные работы")
    expect(dialog.get_by_role("button", name="Переместить сюда")).to_be_disabled()
    dialog.get_by_role("button", name="На уровень выше").click()
    expect(dialog).to_contain_text("Выбрана папка: 5А")
    assert axe_violations(teacher) == [], "move dialog"
    shot(teacher, "materials-move")
    dialog.get_by_role("button", name="Переместить сюда").click()
    expect(dialog).to_be_hidden()
    expect(item(teacher, "РЭШ: математика, 5 класс")).to_have_count(0)
    crumbs.get_by_role("link", name="5А").click()
    expect(item(teacher, "РЭШ: математика, 5 класс")).to_be_visible()
    expect(item(teacher, "Контрольные работы")).to_contain_text("Папка")
    assert axe_violations(teacher) == [], "library with items"
    shot(teacher, "materials-class")

    # A parent of the class sees it all, read-only (high contrast).
    parent = new_page(theme="contrast")
    sign_in(parent, server, s.parents[0])
    open_materials(parent)
    open_place(parent, "5А")
    expect(parent.get_by_role("button", name="Новая папка")).to_have_count(0)
    expect(parent.get_by_role("button", name=re.compile("^Удалить"))).to_have_count(0)
    parent.get_by_role("link", name="Контрольные работы").click()
    file_item = item(parent, "контрольная-1.pdf")
    expect(file_item).to_be_visible()
    href = file_item.get_by_role("link", name=re.compile("^Скачать")).get_attribute("href")
    got = parent.request.get(server.url + href)
    assert got.status == 200 and got.body() == PDF
    assert axe_violations(parent) == [], "read-only library (contrast)"
    shot(parent, "materials-parent-contrast")

    # A student of another class: no such library, not even by its address.
    other = new_page()
    sign_in(other, server, s.other_student)
    open_materials(other)
    places = other.get_by_role("navigation", name="Библиотеки")
    expect(places.get_by_role("link", name="6Б")).to_be_visible()
    expect(places.get_by_role("link", name="5А")).to_have_count(0)
    other.goto(server.url + f"/materials/class/{s.cls.id}")
    expect(other.get_by_text("Библиотека или папка не найдена")).to_be_visible()

    # The teacher deletes the link (asked first).
    link = item(teacher, "РЭШ: математика, 5 класс")
    link.get_by_role("button", name="Удалить РЭШ: математика, 5 класс").click()
    confirm = teacher.get_by_role("alertdialog", name="Удалить «РЭШ: математика, 5 класс»?")
    confirm.get_by_role("button", name="Удалить").click()
    expect(teacher.get_by_role("status").filter(has_text="удалено")).to_be_visible()
    expect(item(teacher, "РЭШ: математика, 5 класс")).to_have_count(0)


def test_save_a_chat_file_to_materials(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server, students=1)
    api = s.teacher.client(server)
    chat = class_chat(s, api)
    folder = api.post(
        f"/orgs/{s.org.id}/materials/folders",
        json={"place": "class", "place_id": s.cls.id, "title": "Домашние задания"},
    )
    assert folder.status_code == 201, folder.text
    sheet = uploaded(api, s.org.id, chat, "задание-12.pdf", PDF)
    r = send(api, s.org.id, chat, [sheet["id"]], "Задание на понедельник")
    assert r.status_code == 201, r.text

    teacher = new_page(theme="contrast")
    sign_in(teacher, server, s.teacher)
    open_chat(teacher, "5А")
    msg = message(teacher, "Задание на понедельник")
    msg.hover()
    msg.get_by_role("button", name="Ещё").click()
    msg.get_by_role("button", name="Сохранить в материалы").click()
    dialog = teacher.get_by_role("dialog", name="Сохранить в материалы")
    expect(dialog).to_contain_text("Файл: задание-12.pdf")
    dialog.get_by_label("Библиотека").select_option(label="5А")
    dialog.get_by_role("button", name="Открыть папку «Домашние задания»").click()
    expect(dialog).to_contain_text("Выбрана папка: 5А / Домашние задания")
    assert axe_violations(teacher) == [], "save dialog (contrast)"
    shot(teacher, "materials-save-contrast")
    dialog.get_by_role("button", name="Сохранить").click()
    expect(dialog.get_by_text("1 файл сохранён в материалы «5А».")).to_be_visible()
    dialog.get_by_role("link", name="Открыть материалы").click()
    expect(teacher).to_have_url(re.compile(rf"/materials/class/{s.cls.id}/{folder.json()['id']}$"))
    expect(item(teacher, "задание-12.pdf")).to_be_visible()

    # Students cannot add to a library, so their message actions do not offer it.
    student = new_page()
    sign_in(student, server, s.students[0])
    open_chat(student, "5А")
    smsg = message(student, "Задание на понедельник")
    smsg.hover()
    smsg.get_by_role("button", name="Ещё").click()
    expect(smsg.get_by_role("button", name="Переслать")).to_be_visible()
    expect(smsg.get_by_role("button", name="Сохранить в материалы")).to_have_count(0)

    # Narrow screens: the section has its way back to the chats.
    teacher.set_viewport_size({"width": 360, "height": 780})
    back = teacher.get_by_role("link", name="К списку чатов")
    expect(back).to_be_visible()
    width = teacher.evaluate("document.querySelector('.mat').scrollWidth")
    assert width <= 360, width
    back.click()
    expect(teacher.get_by_role("navigation", name="Чаты")).to_be_visible()
