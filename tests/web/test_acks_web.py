"""Important messages in the browser: a teacher asks the parents' chat to confirm; a parent
confirms; the teacher's page shows "1 of N families" live and the details by family;
reminding works once and then says it is too soon; the reminded parent sees a notice.
axe-core finds no WCAG 2.2 A/AA violation on the details dialog."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, sign_in

TEXT = "Родительское собрание в четверг в 18:00"


def test_parent_confirms_and_teacher_sees_it_live(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = s.chat_of_kind(api, "class_parents")
    title = chat["title"]
    teacher, mum, other = new_page(), new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(mum, server, s.parents[0])
    sign_in(other, server, s.parents[1])
    for page in (teacher, mum, other):
        open_chat(page, title)

    toggle = teacher.get_by_label("Важное: попросить подтвердить")
    toggle.check()
    box = teacher.get_by_role("textbox", name="Сообщение")
    box.fill(TEXT)
    box.press("Enter")
    expect(toggle).not_to_be_checked()
    mine = message(teacher, TEXT)
    expect(mine).to_contain_text("Важное · просьба подтвердить")
    count = mine.locator(".ack-count")
    expect(count).to_have_text(re.compile(r"Подтвердили: 0 из \d+ сем"))
    total = int(re.findall(r"из (\d+)", count.inner_text())[0])
    assert total >= 2

    theirs = message(mum, TEXT)
    expect(theirs).to_contain_text("Важное · просьба подтвердить")
    theirs.get_by_role("button", name="Подтверждаю, что прочитал(а)").click()
    expect(theirs.get_by_text("Подтверждено ✓")).to_be_visible()
    expect(count).to_have_text(re.compile(rf"Подтвердили: 1 из {total} сем"))
    shot(teacher, "ack-author")

    mine.get_by_role("button", name="Кто подтвердил").click()
    dialog = teacher.get_by_role("dialog", name="Кто подтвердил")
    expect(dialog).to_be_visible()
    done = dialog.get_by_role("list", name=re.compile("Подтвердили"))
    left = dialog.get_by_role("list", name=re.compile("Ещё не подтвердили"))
    expect(done).to_contain_text(s.parents[0].name)
    expect(left).to_contain_text(s.parents[1].name)
    assert axe_violations(teacher) == []
    shot(teacher, "ack-details")
    dialog.get_by_role("button", name="Закрыть").click()
    expect(dialog).to_be_hidden()

    remind = mine.get_by_role("button", name="Напомнить тем, кто не подтвердил")
    remind.click()
    expect(mine.get_by_text(re.compile("Напоминание отправлено"))).to_be_visible()
    notice = other.get_by_role("region", name="Напоминания")
    expect(notice).to_contain_text(f"Пожалуйста, подтвердите: {TEXT}")
    expect(mum.get_by_role("region", name="Напоминания")).not_to_contain_text(TEXT)
    remind.click()
    expect(mine.get_by_text(re.compile("не чаще раза в час"))).to_be_visible()
    expect(remind).to_be_disabled()

    # The reminded parent confirms from the notice's link.
    notice.get_by_role("link", name="Открыть").click()
    message(other, TEXT).get_by_role("button", name="Подтверждаю, что прочитал(а)").click()
    expect(count).to_have_text(re.compile(rf"Подтвердили: 2 из {total} сем"))
