"""More of the admin console in the browser: moving a student between classes, who is in a
study group or a department, classes of another academic year, the school's grades, roster
errors in the interface language; and people's pictures next to messages and in member
lists. axe-core runs on each changed screen."""

from __future__ import annotations

import re
from contextlib import closing
from typing import Any

from playwright.sync_api import expect

from tests.avatars.test_avatars import png
from tests.builders import make_member
from tests.chats.helpers import make_group, make_school, post
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations
from tests.web.test_admin_console import ROSTER, drop_file, sign_in_to


def class_item(page: Any, label: str) -> Any:
    return page.locator(f"li.adm-item[data-class='{label}']")


def test_admin_moves_a_student_to_another_class(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    kid = school.students[0]
    page = new_page()
    sign_in_to(page, server, school.org.admin, "/admin/structure")
    five = class_item(page, "5А")
    expect(five).to_contain_text("2 ученика")
    five.locator("summary", has_text="Ученики").click()
    row = five.locator(f"li[data-student='{kid.name}']")
    move = row.get_by_role("button", name=f"Перевести: {kid.name}")
    expect(move).to_be_disabled()
    row.get_by_label(f"Перевести {kid.name} в класс").select_option(label="6Б")
    assert axe_violations(page) == []
    shot(page, "admin-structure-students")
    move.click()
    note = page.locator("section", has=page.get_by_role("heading", name="Классы", exact=True))
    expect(note.get_by_role("status")).to_have_text(f"{kid.name}: теперь в классе 6Б.")
    expect(row).to_have_count(0)
    expect(five).to_contain_text("1 ученик")
    expect(class_item(page, "6Б")).to_contain_text("2 ученика")
    with closing(school.org.admin.client(server)) as api:
        moved = api.get(f"/orgs/{school.org.id}/members/{kid.membership_id}").json()
    assert moved["class_id"] == school.other_cls.id


def test_admin_edits_group_and_department_members(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    kid = school.students[1]
    org = school.org.id
    with closing(school.org.admin.client(server)) as api:
        group = api.post(f"/orgs/{org}/groups", json={"kind": "study", "name": "Робототехника"})
        assert group.status_code == 201, group.text
        dept = api.post(
            f"/orgs/{org}/groups", json={"kind": "department", "name": "Кафедра языков"}
        )
        assert dept.status_code == 201, dept.text
    page = new_page()
    sign_in_to(page, server, school.org.admin, "/admin/structure")
    item = page.locator("li[data-group='Робототехника']")
    item.locator("summary", has_text="Участники").click()
    expect(item.get_by_text("В группе пока никого нет.")).to_be_visible()
    item.get_by_label("Добавить в «Робототехника»: поиск по имени").fill(kid.name)
    item.get_by_role("button", name=f"Добавить {kid.name} в «Робототехника»").click()
    members = item.get_by_role("list", name="Участники «Робототехника»")
    expect(members.get_by_role("listitem")).to_have_count(1)
    expect(members).to_contain_text(kid.name)
    expect(item.locator(".adm-meta").first).to_contain_text("1 участник")
    expect(page.get_by_role("status").filter(has_text="теперь в «Робототехника»")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "admin-group-members")

    # A department offers staff only: the student is not found, the teacher is.
    d = page.locator("li[data-group='Кафедра языков']")
    d.locator("summary", has_text="Участники").click()
    search = d.get_by_label("Добавить в «Кафедра языков»: поиск по имени")
    search.fill(kid.name)
    expect(d.get_by_text("Никого не нашли.")).to_be_visible()
    search.fill(school.teacher.name)
    d.get_by_role("button", name=f"Добавить {school.teacher.name} в «Кафедра языков»").click()
    expect(d.get_by_role("list", name="Участники «Кафедра языков»")).to_contain_text(
        school.teacher.name
    )

    members.get_by_role("button", name=f"Убрать {kid.name} из «Робототехника»").click()
    expect(item.get_by_text("В группе пока никого нет.")).to_be_visible()
    with closing(school.org.admin.client(server)) as api:
        in_group = api.get(f"/orgs/{org}/groups/{group.json()['id']}/members").json()
        in_dept = api.get(f"/orgs/{org}/groups/{dept.json()['id']}/members").json()
    assert in_group == []
    assert [m["membership_id"] for m in in_dept] == [school.teacher.membership_id]


def test_classes_of_another_academic_year(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    org = school.org.id
    with closing(school.org.admin.client(server)) as api:
        nxt = api.post(
            f"/orgs/{org}/academic-years", json={"starts_on": "2027-09-01", "ends_on": "2028-05-31"}
        )
        assert nxt.status_code == 201, nxt.text
        year = nxt.json()
        made = api.post(
            f"/orgs/{org}/classes", json={"grade": 7, "letter": "В", "year_id": year["id"]}
        )
        assert made.status_code == 201, made.text
    page = new_page()
    sign_in_to(page, server, school.org.admin, "/admin/structure")
    section = page.locator("section", has=page.get_by_role("heading", name="Классы", exact=True))
    expect(class_item(page, "5А")).to_be_visible()
    expect(class_item(page, "7В")).to_have_count(0)
    chooser = section.get_by_label("Учебный год")
    expect(chooser.locator("option:checked")).to_have_text(re.compile(r"\(текущий\)$"))
    chooser.select_option(label=year["name"])
    expect(class_item(page, "7В")).to_be_visible()
    expect(class_item(page, "5А")).to_have_count(0)
    expect(section.get_by_text(f"Классы учебного года {year['name']}.")).to_be_visible()

    # A class added here belongs to the chosen year, not the current one.
    section.locator("summary", has_text=f"Добавить класс в {year['name']}").click()
    section.get_by_label("Параллель").select_option("8")
    section.get_by_label("Буква").fill("а")
    section.get_by_role("button", name="Добавить класс").click()
    expect(section.get_by_role("status")).to_have_text("Класс 8А добавлен.")
    expect(class_item(page, "8А")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "admin-structure-other-year")
    with closing(school.org.admin.client(server)) as api:
        labels = {
            c["label"]
            for c in api.get(f"/orgs/{org}/classes", params={"year_id": year["id"]}).json()
        }
        current = {c["label"] for c in api.get(f"/orgs/{org}/classes").json()}
    assert labels == {"7В", "8А"}
    assert "8А" not in current

    chooser.select_option(index=0)
    expect(class_item(page, "5А")).to_be_visible()
    expect(class_item(page, "8А")).to_have_count(0)


def test_admin_sets_the_schools_grades(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in_to(page, server, school.org.admin, "/admin/policies")
    section = page.locator("section", has=page.get_by_role("heading", name="Параллели"))
    expect(section.get_by_label("Последний класс школы")).to_have_value("11")
    expect(section.get_by_label("1 класс", exact=True)).to_be_checked()
    expect(section.get_by_label("5 класс", exact=True)).not_to_be_checked()
    section.get_by_label("Последний класс школы").select_option("9")
    expect(section.get_by_label("10 класс", exact=True)).to_have_count(0)
    section.get_by_label("4 класс", exact=True).uncheck()
    section.get_by_role("button", name="Сохранить параллели").click()
    expect(section.get_by_role("status")).to_have_text("Сохранено.")
    with closing(school.org.admin.client(server)) as api:
        settings = api.get(f"/orgs/{school.org.id}").json()["settings"]
    assert settings["max_grade"] == 9
    assert settings["primary_grades"] == [1, 2, 3]
    assert axe_violations(page) == []
    shot(page, "admin-policies-grades")
    # The structure page offers grades up to the new last one.
    page.get_by_role("link", name="Структура").click()
    add = page.locator("section", has=page.get_by_role("heading", name="Классы", exact=True))
    add.locator("summary", has_text="Добавить класс").click()
    options = add.get_by_label("Параллель").locator("option").all_inner_texts()
    assert options[-1] == "9"


def test_roster_errors_in_the_interface_language(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    text = ROSTER + "5А;;bad-mail;\n"
    for lang, expected in (
        ("ru", ["Класс «12Б»: параллель должна быть от 1 до 11.", "Не указано ФИО ученика."]),
        (
            "en",
            ["Class “12Б”: the grade must be between 1 and 11.", "The student's name is missing."],
        ),
    ):
        page = new_page()
        sign_in_to(page, server, school.org.admin, "/admin/roster")
        if lang == "en":
            page.evaluate("localStorage.setItem('parta.lang', 'en')")
            page.reload()
        drop_file(page, "[data-testid=roster-drop]", "list.csv", text)
        bad = page.locator("tr.row-error")
        expect(bad).to_have_count(2)
        for sentence in expected:
            expect(page.locator("table")).to_contain_text(sentence)
        if lang == "ru":
            expect(bad.last).to_contain_text("Адрес родителя «bad-mail» написан с ошибкой.")
            assert axe_violations(page) == []
            shot(page, "admin-roster-errors-ru")


def test_avatars_next_to_messages_and_in_member_lists(
    server: LiveServer, new_page: NewPage
) -> None:
    school = make_school(server)
    teacher, kid = school.teacher, school.students[0]
    org = school.org.id
    with closing(teacher.client(server)) as api:
        url = api.put("/me/avatar", files={"image": ("t.png", png(), "image/png")}).json()[
            "avatar_url"
        ]
        chat = make_group(api, org, [kid], title="Кружок чтения")
        for body in ("Первое сообщение", "Второе подряд"):
            assert post(api, org, chat["id"], body).status_code == 201
    with closing(kid.client(server)) as api:
        assert post(api, org, chat["id"], "Ответ ученика").status_code == 201
    with closing(teacher.client(server)) as api:
        assert post(api, org, chat["id"], "Снова учитель").status_code == 201

    page = new_page()
    sign_in_to(page, server, kid)
    page.get_by_role("navigation", name="Чаты").get_by_role("link", name="Кружок чтения").click()
    first = page.locator("article.msg[data-msg-id]", has_text="Первое сообщение")
    expect(first.locator(".msg-head img.avatar")).to_have_attribute("src", url)
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0",
        arg=first.locator("img.avatar").element_handle(),
    )
    # The next message of the same author continues the run: no second picture.
    expect(page.locator("article.msg", has_text="Второе подряд").locator(".avatar")).to_have_count(
        0
    )
    # My own messages carry none; the teacher's after mine starts a new run.
    expect(page.locator("article.msg", has_text="Ответ ученика").locator(".avatar")).to_have_count(
        0
    )
    again = page.locator("article.msg", has_text="Снова учитель")
    expect(again.locator("img.avatar")).to_have_attribute("src", url)
    assert axe_violations(page) == []
    shot(page, "chat-avatars")

    page.get_by_role("button", name="О чате").click()
    members = page.get_by_role("dialog").locator(".member-list")
    teacher_row = members.locator("li.member", has_text=teacher.name)
    expect(teacher_row.locator("img.avatar")).to_have_attribute("src", url)
    kid_row = members.locator("li.member", has_text=kid.name)
    expect(kid_row.locator(".avatar-initials")).to_have_count(1)
    assert axe_violations(page) == []
    shot(page, "chat-info-avatars")

    # The admin's member list shows the picture too, initials otherwise.
    admin = new_page()
    sign_in_to(admin, server, school.org.admin, "/admin/members")
    admin.get_by_label("Поиск по имени").fill(teacher.name)
    row = admin.locator("li.adm-item", has=admin.locator(".adm-name", has_text=teacher.name))
    expect(row.locator("img.avatar")).to_have_attribute("src", url)
    other = make_member(server, org, "teacher")
    admin.get_by_label("Поиск по имени").fill(other.name)
    row = admin.locator("li.adm-item", has=admin.locator(".adm-name", has_text=other.name))
    expect(row.locator(".avatar-initials")).to_have_count(1)
