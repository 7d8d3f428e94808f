"""The organisation admin console in the browser: invitations (a new student registers
through one in a second browser context), verifying a teacher (the badge in the console and
in the chat), the roster import preview with an error row, parent-link confirmation by the
class teacher, policies, and axe-core on every section (light and high contrast), with
screenshots of each section in light, dark and high contrast and at 360 px."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.builders import Person, make_member, unique
from tests.chats.helpers import make_group, make_school, post
from tests.harness import LiveServer
from tests.members.helpers import make_parent_link
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations

SECTIONS = {
    "members": "Участники",
    "parent-links": "Родители и дети",
    "invitations": "Приглашения",
    "structure": "Структура",
    "roster": "Импорт списков",
    "policies": "Правила",
    "integrations": "Интеграции",
    "audit": "Журнал действий",
}


def sign_in_to(page: Any, server: LiveServer, person: Person, path: str = "/") -> None:
    """Sign in through the form and land on `path` (the chat list by default)."""
    page.goto(server.url + path)
    page.wait_for_url("**/sign-in**")
    page.get_by_label("Почта, телефон или логин").fill(person.email)
    page.get_by_label("Пароль", exact=True).fill(person.password)
    page.get_by_role("button", name="Войти", exact=True).click()
    page.wait_for_url(lambda url: "/sign-in" not in url and urlparse(url).path.startswith(path))


def open_section(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Разделы управления").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def member_item(page: Any, name: str) -> Any:
    return page.locator("li.adm-item", has=page.locator(".adm-name", has_text=name))


def test_admin_invites_and_a_student_registers(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    admin = new_page()
    sign_in_to(admin, server, school.org.admin)
    admin.get_by_role("link", name="Управление").click()
    expect(admin).to_have_url(re.compile(r"/admin/members$"))
    open_section(admin, "Приглашения")

    form = admin.locator("section", has=admin.get_by_role("heading", name="Новое приглашение"))
    form.get_by_label("Кого приглашаем").select_option("student")
    form.get_by_label("Класс").select_option(label="5А")
    form.get_by_label("Срок действия").select_option(label="30 дней")
    uses = form.get_by_label("Сколько раз можно использовать")
    uses.fill("0")
    form.get_by_role("button", name="Создать приглашение").click()
    expect(form.get_by_text("Укажите целое число от 1 до 1000")).to_be_visible()
    expect(uses).to_have_attribute("aria-invalid", "true")
    uses.fill("30")
    form.get_by_label(re.compile("^Заметка")).fill("5А весна")
    form.get_by_role("button", name="Создать приглашение").click()

    item = admin.locator("li[data-invitation]").first
    expect(item).to_contain_text("Ученик · 5А · «5А весна»")
    expect(item).to_contain_text("Действует")
    expect(item).to_contain_text("использовано 0 из 30")
    link = item.get_by_label("Ссылка-приглашение")
    url = link.input_value()
    assert re.search(r"/invite/[\w-]+$", url), url
    admin.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    item.get_by_role("button", name="Копировать").click()
    expect(item.locator(".adm-status")).to_have_text("Ссылка скопирована.")
    assert admin.evaluate("navigator.clipboard.readText()") == url
    qr = item.get_by_role("img", name=re.compile("QR-код приглашения"))
    expect(qr).to_be_visible()
    loaded = "(img) => img.complete && img.naturalWidth > 0"
    admin.wait_for_function(loaded, arg=qr.element_handle())
    expect(item.get_by_text("Пока никто.")).to_be_visible()
    shot(admin, "admin-invitations")

    # A new student registers through the link in a second browser context.
    student = new_page()
    student.goto(url)
    expect(student.get_by_role("heading", level=1)).to_have_text(
        f"{school.org.name} приглашает вас"
    )
    student.get_by_label("Имя и фамилия").fill("Вера Новикова")
    student.get_by_label("Электронная почта").fill(unique("vera") + "@example.org")
    student.get_by_label("Придумайте пароль").fill("берёза лето речка")
    student.get_by_label("Я даю согласие на обработку персональных данных").check()
    student.get_by_role("button", name="Зарегистрироваться").click()
    expect(student.get_by_role("heading", level=1)).to_have_text(f"Готово! Вы в {school.org.name}.")

    # The administrator sees who used it; then revokes it (with a confirmation).
    admin.reload()
    item = admin.locator("li[data-invitation]").first
    expect(item).to_contain_text("использовано 1 из 30")
    item.get_by_role("button", name=re.compile("Ссылка и QR-код")).click()
    expect(item.get_by_role("listitem").filter(has_text="Вера Новикова")).to_contain_text("Ученик")
    item.get_by_role("button", name="Отозвать").click()
    dialog = admin.get_by_role("alertdialog", name="Отозвать приглашение?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Отмена")).to_be_focused()
    admin.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(item).to_contain_text("Действует")
    item.get_by_role("button", name="Отозвать").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Отозвать").click()
    expect(item).to_contain_text("Отозвано")
    expect(item.get_by_text("Ссылка больше не работает.")).to_be_visible()
    student2 = new_page()
    student2.goto(url)
    revoked = "Приглашение отозвано. Попросите новую ссылку."
    expect(student2.get_by_role("alert")).to_have_text(revoked)


def test_admin_verifies_a_teacher_and_the_badge_appears(
    server: LiveServer, new_page: NewPage
) -> None:
    school = make_school(server)
    newcomer = make_member(server, school.org.id, "teacher", verified=False)
    api = school.org.admin.client(server)
    chat = make_group(api, school.org.id, [newcomer], title="Методсовет")
    r = post(newcomer.client(server), school.org.id, chat["id"], "Здравствуйте, коллеги!")
    assert r.status_code == 201, r.text

    teacher = new_page()
    sign_in_to(teacher, server, newcomer)
    teacher.get_by_role("navigation", name="Чаты").get_by_role("link", name="Методсовет").click()
    msg = teacher.locator("article.msg", has_text="Здравствуйте, коллеги!")
    expect(msg).to_be_visible()
    expect(msg.get_by_text("Подтверждённый сотрудник школы")).to_have_count(0)
    # An unverified teacher has no console.
    expect(teacher.get_by_role("link", name="Управление")).to_have_count(0)

    admin = new_page()
    sign_in_to(admin, server, school.org.admin, "/admin/members")
    admin.get_by_label("Роль", exact=True).select_option("teacher")
    item = member_item(admin, newcomer.name)
    expect(item).to_contain_text("не подтверждён")
    expect(item.get_by_text("Подтверждён", exact=True)).to_have_count(0)
    item.get_by_role("button", name=f"Подтвердить: {newcomer.name}").click()
    expect(admin.get_by_role("status").filter(has_text="роль подтверждена")).to_be_visible()
    expect(item.locator(".adm-badge.ok")).to_have_text("✓ Подтверждён")
    expect(item.get_by_role("button", name=f"Снять подтверждение: {newcomer.name}")).to_be_visible()
    shot(admin, "admin-members")

    # The badge shows on the teacher's messages, for them and for others.
    teacher.reload()
    msg = teacher.locator("article.msg", has_text="Здравствуйте, коллеги!")
    expect(msg.get_by_text("Подтверждённый сотрудник школы")).to_have_count(1)
    admin.goto(server.url + "/")
    admin.get_by_role("navigation", name="Чаты").get_by_role("link", name="Методсовет").click()
    admin_view = admin.locator("article.msg", has_text="Здравствуйте, коллеги!")
    expect(admin_view.get_by_text("Подтверждённый сотрудник школы")).to_have_count(1)
    # Now verified, the teacher gets no console either (no class of their own), but the
    # verified class teacher does.
    members = api.get(f"/orgs/{school.org.id}/members/{newcomer.membership_id}").json()
    assert members["verified"] is True


ROSTER = (
    "Класс;ФИО ученика;E-mail родителя 1;E-mail ученика\n"
    "5А;Иванов Иван Иванович;mama.ivanova@example.org;\n"
    "12Б;Сидоров Пётр;;\n"
    "6В;Петрова Мария;;maria@example.org\n"
)


def drop_file(page: Any, selector: str, name: str, text: str) -> None:
    """Drag and drop a text file onto an element (a DataTransfer built in the page)."""
    page.locator(selector).evaluate(
        """(el, [name, text]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, {type: 'text/csv'}));
            for (const type of ['dragenter', 'dragover', 'drop']) {
                const init = {dataTransfer: dt, bubbles: true, cancelable: true};
                el.dispatchEvent(new DragEvent(type, init));
            }
        }""",
        [name, text],
    )


def test_roster_import_preview_with_an_error_row(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in_to(page, server, school.org.admin, "/admin/roster")
    expect(page.get_by_role("heading", level=1)).to_have_text("Импорт списков")

    # A file that is not a table: a clear error, nothing else.
    page.get_by_label("Файл со списком").set_input_files(
        {"name": "notes.csv", "mimeType": "text/csv", "buffer": "просто текст\n".encode()}
    )
    expect(page.get_by_role("alert")).to_contain_text("Не нашли столбцы")

    drop_file(page, "[data-testid=roster-drop]", "5-6.csv", ROSTER)
    preview = page.locator("section", has=page.get_by_role("heading", name=re.compile("Проверка")))
    expect(preview.get_by_role("heading")).to_have_text("Проверка: 5-6.csv")
    expect(preview.locator(".adm-summary")).to_contain_text("3 строки")
    expect(preview.locator(".adm-summary")).to_contain_text("2 без ошибок")
    expect(preview.locator(".adm-summary")).to_contain_text("1 с ошибкой")
    expect(preview.locator(".adm-summary")).to_contain_text("Новые классы: 6В")
    bad = preview.locator("tr.row-error")
    expect(bad).to_have_count(1)
    expect(bad).to_contain_text("Сидоров Пётр")
    expect(bad).to_contain_text("Ошибка")
    expect(bad).to_contain_text("12")
    shot(page, "admin-roster-preview")
    page.set_viewport_size({"width": 360, "height": 800})
    shot(page, "admin-roster-preview-360")
    page.set_viewport_size({"width": 1280, "height": 800})

    preview.get_by_role("button", name="Загрузить строки без ошибок (2)").click()
    done = page.get_by_role("heading", name=re.compile("Импорт выполнен"))
    result = page.locator("section", has=done)
    expect(result.get_by_role("status")).to_contain_text("Создано: 2")
    expect(result).to_contain_text("Новые классы: 6В.")
    download = result.get_by_role("link", name="Скачать ссылки (links.csv)")
    href = download.get_attribute("href")
    assert href
    csv = page.request.get(server.url + href)
    assert csv.status == 200
    text = csv.body().decode("utf-8-sig")
    assert "Иванов Иван Иванович" in text and "Петрова Мария" in text
    assert "Сидоров" not in text
    with page.expect_download() as got:
        download.click()
    assert got.value.suggested_filename.endswith(".csv")
    expect(page.get_by_role("listitem").filter(has_text="5-6.csv")).to_contain_text("Загружена")
    shot(page, "admin-roster-applied")
    # The new pending students are members now.
    page.get_by_role("link", name="Участники").click()
    page.get_by_label("Поиск по имени").fill("Петрова")
    expect(member_item(page, "Петрова Мария")).to_contain_text("Ждут регистрации")


def test_class_teacher_confirms_a_parent_link(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    kid = school.students[0]
    parent = make_member(server, school.org.id, "parent")
    stranger = make_member(server, school.org.id, "parent")
    assert parent.membership_id and kid.membership_id and stranger.membership_id
    make_parent_link(server, school.org.id, parent.membership_id, kid.membership_id)
    make_parent_link(server, school.org.id, stranger.membership_id, kid.membership_id)
    # The other class's request is not the class teacher's business.
    other = make_member(server, school.org.id, "parent")
    assert other.membership_id and school.other_student.membership_id
    make_parent_link(server, school.org.id, other.membership_id, school.other_student.membership_id)

    page = new_page()
    sign_in_to(page, server, school.teacher)
    page.get_by_role("link", name="Управление").click()
    nav = page.get_by_role("navigation", name="Разделы управления")
    expect(nav.get_by_role("link")).to_have_text(["Родители и дети", "Приглашения"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Родители и дети")
    items = page.locator("li.adm-item")
    expect(items).to_have_count(2)
    expect(page.get_by_text(other.name)).to_have_count(0)
    pair = f"{parent.name} — родитель ученика {kid.name}"
    expect(items.filter(has_text=pair)).to_contain_text("класс 5А")
    shot(page, "admin-parent-links")
    page.get_by_role("button", name=f"Подтвердить: {pair}").click()
    expect(page.get_by_role("status").filter(has_text="Связь подтверждена")).to_be_visible()
    expect(items).to_have_count(1)

    # Rejecting asks first (keyboard: Tab to the dialog's button, Enter).
    page.get_by_role("button", name=re.compile(f"^Отклонить: {re.escape(stranger.name)}")).click()
    dialog = page.get_by_role("alertdialog", name="Отклонить запрос?")
    expect(dialog).to_contain_text(stranger.name)
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Отклонить")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Новых запросов нет.")).to_be_visible()

    page.get_by_label("Подтверждённые").check()
    expect(items.filter(has_text=pair)).to_contain_text("решение")
    page.get_by_label("Отклонённые").check()
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(stranger.name)
    links = school.org.admin.client(server).get(
        f"/orgs/{school.org.id}/parent-links", params={"status": "confirmed"}
    )
    assert parent.name in [x["parent"]["name"] for x in links.json()]


def test_admin_changes_policies(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    api = school.org.admin.client(server)
    page = new_page()
    sign_in_to(page, server, school.org.admin, "/admin/policies")
    rule = page.get_by_label("Ученик — администрации и сотрудникам")
    expect(rule).not_to_be_checked()
    expect(page.get_by_label("Ученик — учителям")).to_be_checked()
    rule.check()
    page.get_by_label("Родитель — родителям одноклассников").uncheck()
    page.get_by_role("button", name="Сохранить правила").click()
    dm_heading = page.get_by_role("heading", name="Кто кому может написать лично")
    dm = page.locator("section", has=dm_heading)
    expect(dm.get_by_role("status")).to_have_text("Сохранено.")
    policy = api.get(f"/orgs/{school.org.id}/policies/direct-messages").json()
    assert policy["student_to_staff"] is True
    assert policy["parent_to_class_parents"] is False
    assert policy["student_to_teachers"] is True

    msgs = page.locator("section", has=page.get_by_role("heading", name="Сообщения"))
    receipts = msgs.get_by_label("Ученики видят отметки «прочитано»")
    expect(receipts).to_be_checked()
    receipts.uncheck()
    window = msgs.get_by_label("Сколько минут можно исправлять сообщение")
    expect(window).to_have_value("2880")
    window.fill("3")
    msgs.get_by_role("button", name="Сохранить настройки сообщений").click()
    expect(msgs.get_by_text("Укажите целое число минут от 5 до 10080.")).to_be_visible()
    expect(window).to_have_attribute("aria-invalid", "true")
    window.fill("30")
    msgs.get_by_role("button", name="Сохранить настройки сообщений").click()
    expect(msgs.get_by_role("status")).to_have_text("Сохранено.")
    settings = api.get(f"/orgs/{school.org.id}").json()["settings"]
    assert settings["read_receipts_students"] is False
    assert settings["edit_window_minutes"] == 30

    # A server-side error lands on its field.
    profile = page.locator("section", has=page.get_by_role("heading", name="Организация"))
    zone = profile.get_by_label("Часовой пояс")
    zone.fill("Mars/Olympus")
    profile.get_by_role("button", name="Сохранить").click()
    expect(profile.get_by_text("Такого часового пояса нет.")).to_be_visible()
    expect(zone).to_have_attribute("aria-invalid", "true")
    shot(page, "admin-policies")

    # The change is in the audit log, filterable by action.
    page.get_by_role("link", name="Журнал действий").click()
    page.get_by_label("Действие").select_option("policy.direct_changed")
    page.get_by_role("button", name="Показать").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Правила личных сообщений изменены")
    expect(rows.first).to_contain_text(school.org.admin.name)


def test_console_is_only_for_people_with_rights(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in_to(page, server, school.students[0])
    expect(page.get_by_role("link", name="Управление")).to_have_count(0)
    page.goto(server.url + "/admin/members")
    expect(page.get_by_text("В этой организации у вас нет прав на управление.")).to_be_visible()
    head = make_member(server, school.org.id, "head")
    page2 = new_page()
    sign_in_to(page2, server, head, "/admin")
    nav = page2.get_by_role("navigation", name="Разделы управления")
    expect(nav.get_by_role("link")).to_have_text(
        ["Участники", "Родители и дети", "Приглашения", "Журнал действий"]
    )
    # The head does not manage roles or remove people, but verifies.
    item = member_item(page2, school.teacher.name)
    expect(item.get_by_role("button", name=re.compile("Снять подтверждение"))).to_be_visible()
    expect(item.get_by_role("button", name=re.compile("Удалить"))).to_have_count(0)
    form = page2.locator("section", has=page2.get_by_role("heading", name="Новое приглашение"))
    page2.get_by_role("link", name="Приглашения").click()
    expect(form.get_by_label("Кого приглашаем")).to_be_visible()
    options = form.get_by_label("Кого приглашаем").locator("option").all_inner_texts()
    assert "Администратор" not in options and "Учитель" in options


@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_admin_console_has_no_axe_violations(
    server: LiveServer, new_page: NewPage, theme: str
) -> None:
    school = make_school(server)
    admin = school.org.admin.client(server)
    parent = make_member(server, school.org.id, "parent")
    assert parent.membership_id and school.students[1].membership_id
    make_parent_link(server, school.org.id, parent.membership_id, school.students[1].membership_id)
    admin.post(
        f"/orgs/{school.org.id}/invitations",
        json={"role": "parent", "class_id": school.cls.id, "label": "Собрание"},
    )
    page = new_page(theme=theme)
    sign_in_to(page, server, school.org.admin, "/admin/members")
    for path, title in SECTIONS.items():
        open_section(page, title)
        page.wait_for_selector(".adm-main .loading", state="detached")
        if path == "invitations":
            page.locator("li[data-invitation]").first.get_by_role(
                "button", name=re.compile("Ссылка и QR-код")
            ).click()
            expect(page.get_by_role("img", name=re.compile("QR-код"))).to_be_visible()
        if path == "structure":
            for summary in page.locator("details.adm-add > summary").all():
                summary.click()
        assert axe_violations(page) == [], f"{path} ({theme})"
        shot(page, f"admin-{path}-{theme}")
    # A confirmation dialog too.
    open_section(page, "Участники")
    item = member_item(page, school.students[0].name)
    item.get_by_role("button", name=re.compile("^Удалить")).click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert axe_violations(page) == [], f"dialog ({theme})"
    shot(page, f"admin-dialog-{theme}")


def test_admin_console_dark_and_narrow(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page(theme="dark")
    sign_in_to(page, server, school.org.admin, "/admin/members")
    for path, title in SECTIONS.items():
        open_section(page, title)
        page.wait_for_selector(".adm-main .loading", state="detached")
        shot(page, f"admin-{path}-dark")
    page.set_viewport_size({"width": 360, "height": 780})
    for path, title in SECTIONS.items():
        open_section(page, title)
        page.wait_for_selector(".adm-main .loading", state="detached")
        # Nothing wider than the screen: no horizontal scrolling of the page.
        width = page.evaluate("document.querySelector('.adm-main').scrollWidth")
        assert width <= 360, (path, width)
        shot(page, f"admin-{path}-360")
    assert axe_violations(page) == []
