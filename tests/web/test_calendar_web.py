"""The calendar in the browser: a teacher organises a parent meeting for her class in the
form; a parent finds it in the month and list views, answers "going", and the teacher's
answers page shows it live; a cancellation reaches the parent's open page. A sign-up event
fills up, the next person lands on the waiting list and moves up when a place frees. The
personal feed's address is shown and serves VCALENDAR text until it is turned off. The
Journal and Diary links reach the right roles. axe-core finds no WCAG 2.2 A/AA violation on
the month, week and list views, the form, an event, the answers and the feed (light, dark
and high contrast)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, sign_in

MOSCOW = ZoneInfo("Europe/Moscow")


def soon(days: int) -> datetime:
    """`days` from today at 18:00, Moscow time."""
    today = datetime.now(MOSCOW).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, 18, 0, tzinfo=MOSCOW)


def open_calendar(page: Any) -> None:
    page.get_by_role("navigation", name="Чаты").get_by_role("link", name="Календарь").click()
    expect(page.get_by_role("heading", level=1, name="Календарь")).to_be_visible()


def show_month_of(page: Any, when: datetime) -> None:
    """Step the month view forward to the month of `when` (today's month or the next)."""
    if when.month != datetime.now(MOSCOW).month:
        page.get_by_role("button", name="Следующий месяц").click()
    month = page.get_by_role("grid")
    expect(month.locator(f'[data-day="{when.date().isoformat()}"]')).to_be_visible()


def no_violations(page: Any) -> None:
    found = axe_violations(page)
    assert found == [], found


def test_parent_meeting_from_form_to_answers(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    r = admin.patch(
        f"/orgs/{s.org.id}",
        json={
            "settings": {
                "gradebook_url": "https://journal.example/school",
                "diary_url": "https://diary.example/school",
            }
        },
    )
    assert r.status_code == 200, r.text
    teacher = new_page(timezone_id="Europe/Moscow")
    parent = new_page(theme="contrast", timezone_id="Europe/Moscow")
    sign_in(teacher, server, s.teacher)
    sign_in(parent, server, s.parents[0])

    # Journal for the verified teacher, Diary for the parent: new tab, no opener.
    journal = teacher.get_by_role("link", name=re.compile("^Журнал"))
    expect(journal).to_have_attribute("href", "https://journal.example/school")
    expect(journal).to_have_attribute("target", "_blank")
    expect(journal).to_have_attribute("rel", "noopener noreferrer")
    expect(teacher.get_by_role("link", name=re.compile("^Дневник"))).to_have_count(0)
    diary = parent.get_by_role("link", name=re.compile("^Дневник"))
    expect(diary).to_have_attribute("href", "https://diary.example/school")
    expect(parent.get_by_role("link", name=re.compile("^Журнал"))).to_have_count(0)

    # The teacher organises the meeting in the form.
    when = soon(3)
    open_calendar(teacher)
    teacher.get_by_role("link", name="Новое событие", exact=True).click()
    form = teacher.get_by_role("form", name="Новое событие")
    expect(form).to_be_visible()
    form.get_by_label("Название").fill("Родительское собрание 5А")
    form.get_by_label("Тип").select_option(label="Родительское собрание")
    expect(form.get_by_role("radio", name="Класс")).to_be_checked()
    expect(form.get_by_label("Какой класс")).to_have_value(s.cls.id)
    form.get_by_label("Дата начала").fill(when.date().isoformat())
    form.get_by_label("Время начала").fill("18:00")
    form.get_by_label("Время окончания").fill("19:30")
    form.get_by_label("Место").fill("Кабинет 21")
    form.get_by_label("Описание").fill("Повестка: **экскурсия**")
    form.get_by_role("button", name="Убрать напоминание «за 1 час»").click()
    form.get_by_label("Добавить напоминание").select_option(label="за 2 дня")
    form.get_by_role("button", name="Добавить", exact=True).click()
    no_violations(teacher)
    shot(teacher, "calendar-form")
    form.get_by_role("button", name="Создать событие").click()
    expect(teacher.get_by_role("heading", level=1, name="Родительское собрание 5А")).to_be_visible()
    page = teacher.get_by_role("article")
    expect(page).to_contain_text("Класс 5А")
    expect(page).to_contain_text("Кабинет 21")
    expect(page).to_contain_text("за 2 дня, за 1 день")
    expect(page.locator(".cal-desc strong")).to_have_text("экскурсия")
    event_id = teacher.url.rsplit("/", 1)[1]
    r = s.teacher.client(server).get(f"/orgs/{s.org.id}/events/{event_id}")
    assert r.json()["starts_at"].startswith(
        when.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M")
    )
    assert r.json()["reminders"] == [2880, 1440]
    no_violations(teacher)

    # The teacher watches the answers come in.
    teacher.get_by_role("link", name="Ответы").click()
    expect(teacher.get_by_role("heading", level=1, name=re.compile("Ответы"))).to_be_visible()
    going = teacher.get_by_role("region", name=re.compile(r"^Идут"))
    expect(going).to_contain_text("Никого")

    # The parent (high contrast) sees it in the month view, then in the list.
    open_calendar(parent)
    show_month_of(parent, when)
    grid = parent.get_by_role("grid")
    chip = grid.get_by_role("link", name=re.compile("Родительское собрание 5А"))
    expect(chip).to_be_visible()
    expect(chip).to_contain_text("18:00")
    no_violations(parent)
    shot(parent, "calendar-month-contrast")
    # Keyboard: the chosen day is the one tab stop; arrows move it, Enter goes to its events.
    day_cell = grid.locator(f'[data-day="{when.date().isoformat()}"]')
    day_cell.click(position={"x": 6, "y": 6})
    expect(day_cell).to_have_attribute("aria-selected", "true")
    day_cell.press("ArrowRight")
    after = (when.date() + timedelta(days=1)).isoformat()
    expect(grid.locator(f'[data-day="{after}"]')).to_be_focused()
    parent.keyboard.press("ArrowLeft")
    expect(day_cell).to_be_focused()
    parent.keyboard.press("Enter")
    panel_link = parent.locator("#cal-day-panel").get_by_role(
        "link", name=re.compile("Родительское собрание 5А")
    )
    expect(panel_link).to_be_focused()

    parent.get_by_role("button", name="Неделя").click()
    expect(
        parent.get_by_role("grid").get_by_role("link", name=re.compile("Родительское собрание 5А"))
    ).to_be_visible()
    no_violations(parent)
    shot(parent, "calendar-week-contrast")
    parent.get_by_role("button", name="Список").click()
    row = parent.locator(".cal-agenda").get_by_role(
        "link", name=re.compile("Родительское собрание 5А")
    )
    expect(row).to_be_visible()
    no_violations(parent)
    shot(parent, "calendar-agenda-contrast")
    row.click()
    expect(parent.get_by_role("heading", level=1, name="Родительское собрание 5А")).to_be_visible()
    expect(parent.locator(".cal-status")).to_have_text("Вы ещё не ответили.")
    parent.get_by_role("button", name="Пойду", exact=True).click()
    expect(parent.locator(".cal-status")).to_have_text("Вы идёте.")
    expect(parent.get_by_role("button", name="Пойду", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    no_violations(parent)
    shot(parent, "calendar-event-contrast")

    # Live on the teacher's answers page.
    expect(going).to_contain_text(s.parents[0].name)
    expect(teacher.get_by_role("heading", name="Идут (1)")).to_be_visible()
    families = teacher.get_by_role("table")
    expect(families.get_by_role("row", name=re.compile(s.students[0].name))).to_contain_text("Идут")
    no_violations(teacher)
    shot(teacher, "calendar-answers")

    # The parent's colour follows the answer back in the calendar.
    parent.get_by_role("link", name="К календарю").click()
    expect(
        parent.get_by_role("grid").get_by_role(
            "link", name=re.compile("Родительское собрание 5А.*вы идёте")
        )
    ).to_be_visible()

    # The teacher cancels; the parent's open event page shows it at once.
    parent.get_by_role("grid").get_by_role(
        "link", name=re.compile("Родительское собрание 5А")
    ).click()
    expect(parent.get_by_role("heading", level=1, name="Родительское собрание 5А")).to_be_visible()
    teacher.get_by_role("link", name="К событию").click()
    teacher.get_by_role("button", name="Отменить событие").click()
    dialog = teacher.get_by_role("alertdialog", name="Отменить событие?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Да, отменить").click()
    expect(teacher.get_by_text("Событие отменено", exact=False).first).to_be_visible()
    expect(parent.locator(".cal-cancelled")).to_contain_text("Событие отменено")
    expect(parent.get_by_role("button", name="Пойду", exact=True)).to_have_count(0)
    notices = parent.get_by_role("region", name="Уведомления о событиях")
    expect(notices).to_contain_text("Отменено: Родительское собрание 5А")


def test_sign_up_fills_and_the_waiting_list_moves_up(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    start = soon(2)
    r = s.teacher.client(server).post(
        f"/orgs/{s.org.id}/events",
        json={
            "scope": "class",
            "class_id": s.cls.id,
            "kind": "club",
            "title": "Консультация по проекту",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(minutes=45)).isoformat(),
            "capacity": 1,
        },
    )
    assert r.status_code == 201, r.text
    event_id = r.json()["id"]
    first, second = new_page(theme="dark"), new_page(theme="contrast")
    teacher = new_page()
    for page, who in ((first, s.parents[0]), (second, s.parents[1]), (teacher, s.teacher)):
        sign_in(page, server, who)
        page.goto(f"{server.url}/calendar/e/{event_id}")
        expect(page.get_by_role("heading", level=1, name="Консультация по проекту")).to_be_visible()

    expect(first.get_by_text("Мест: 1, свободно: 1.")).to_be_visible()
    first.get_by_role("button", name="Записаться").click()
    expect(first.locator(".cal-status")).to_have_text("Вы записаны, место за вами.")
    no_violations(first)
    shot(first, "calendar-signup-dark")

    second.reload()
    expect(second.get_by_text("Мест: 1, свободных нет")).to_be_visible()
    second.get_by_role("button", name="Встать в лист ожидания").click()
    expect(second.locator(".cal-status")).to_contain_text("Вы в листе ожидания: 1-й по очереди.")
    no_violations(second)

    teacher.get_by_role("link", name="Ответы").click()
    queue = teacher.get_by_role("region", name=re.compile("^Лист ожидания"))
    expect(queue).to_contain_text(s.parents[1].name)
    expect(queue).to_contain_text("1-й в очереди")
    expect(teacher.get_by_role("region", name=re.compile(r"^Идут"))).to_contain_text(
        s.parents[0].name
    )

    # The first drops out: the second gets the place, live, with a notice.
    first.get_by_role("button", name="Не пойду").click()
    expect(first.locator(".cal-status")).to_have_text("Вы не идёте.")
    expect(second.locator(".cal-status")).to_have_text("Вы записаны, место за вами.")
    expect(second.get_by_role("region", name="Уведомления о событиях")).to_contain_text(
        "Для вас освободилось место: Консультация по проекту"
    )
    expect(teacher.get_by_role("region", name=re.compile(r"^Идут"))).to_contain_text(
        s.parents[1].name
    )
    expect(teacher.get_by_role("heading", name="Лист ожидания (0)")).to_be_visible()


def test_feed_address_is_shown_and_serves_the_calendar(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server)
    start = soon(5)
    r = s.teacher.client(server).post(
        f"/orgs/{s.org.id}/events",
        json={
            "scope": "class",
            "class_id": s.cls.id,
            "title": "Экскурсия в музей",
            "kind": "excursion",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(),
        },
    )
    assert r.status_code == 201, r.text
    parent = new_page()
    sign_in(parent, server, s.parents[0])
    open_calendar(parent)
    parent.get_by_role("link", name="Подписка для телефона").click()
    expect(parent.get_by_role("heading", level=1, name="Подписка на календарь")).to_be_visible()
    parent.get_by_role("button", name="Получить адрес").click()
    box = parent.get_by_label("Адрес вашего календаря")
    expect(box).to_have_value(re.compile(r"/api/v1/calendar/[\w-]+\.ics$"))
    url = box.input_value()
    expect(parent.get_by_role("link", name="Открыть в приложении календаря")).to_have_attribute(
        "href", url.replace("http://", "webcal://")
    )
    parent.get_by_text("iPhone и iPad").click()
    expect(parent.get_by_text("Подписной календарь", exact=False)).to_be_visible()
    no_violations(parent)
    shot(parent, "calendar-feed")

    got = httpx.get(url)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/calendar")
    assert got.text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Экскурсия в музей" in got.text

    # On a phone the section replaces the chat list, with a way back to it.
    parent.set_viewport_size({"width": 390, "height": 844})
    parent.get_by_role("link", name="К календарю").click()
    show_month_of(parent, start)
    expect(parent.get_by_role("navigation", name="Чаты")).to_be_hidden()
    no_violations(parent)
    shot(parent, "calendar-month-phone")
    parent.get_by_role("button", name="Список").click()
    expect(parent.get_by_role("link", name=re.compile("Экскурсия в музей"))).to_be_visible()
    shot(parent, "calendar-agenda-phone")
    parent.get_by_role("link", name="К списку чатов").click()
    expect(parent.get_by_role("navigation", name="Чаты")).to_be_visible()
    parent.set_viewport_size({"width": 1280, "height": 800})
    open_calendar(parent)
    parent.get_by_role("link", name="Подписка для телефона").click()

    parent.get_by_role("button", name="Отключить адрес").click()
    parent.get_by_role("alertdialog").get_by_role("button", name="Отключить адрес").click()
    expect(parent.get_by_text("Адрес отключён.")).to_be_visible()
    expect(parent.get_by_role("button", name="Получить адрес")).to_be_visible()
    assert httpx.get(url).status_code == 404
