"""Moderation in the browser: a student reports a classmate's message from the message
menu, the school's designated safeguarding teacher (not a member of the chat) finds it in
the moderation section with its context, deletes the message and closes the report with a
reply, and the student reads the outcome in Settings → Safety. axe-core finds no
violations on these screens."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.builders import make_member
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.moderation.helpers import designate, said
from tests.web.conftest import NewPage, shot
from tests.web.helpers import axe_violations, message, open_chat, sign_in


def test_report_handled_by_the_safeguarding_teacher(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    lead = make_member(server, org, "teacher")
    designate(s.org.admin.client(server), org, staff_ids=[lead.membership_id])
    bully = s.students[0].client(server)
    chat = s.chat_of_kind(bully, "class")
    said(bully, org, chat["id"], "Ты самая глупая в классе")

    # The student reports the message from its menu.
    st = new_page()
    sign_in(st, server, s.students[1])
    open_chat(st, chat["title"])
    msg = message(st, "Ты самая глупая в классе")
    expect(msg).to_be_visible()
    msg.hover()
    msg.get_by_role("button", name="Ещё").click()
    msg.get_by_role("button", name="Пожаловаться").click()
    dialog = st.get_by_role("dialog", name="Жалоба на сообщение")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Отправить жалобу").click()
    expect(dialog.get_by_text("Выберите причину.")).to_be_visible()
    dialog.get_by_role("radio", name="Травля, оскорбления").check()
    dialog.get_by_label(re.compile("^Комментарий")).fill("Она так пишет каждый день")
    assert axe_violations(st) == [], "report dialog"
    dialog.get_by_role("button", name="Отправить жалобу").click()
    expect(dialog.get_by_text(re.compile("^Жалоба отправлена"))).to_be_visible()
    dialog.get_by_role("button", name="Закрыть").click()
    expect(dialog).to_have_count(0)

    # The safeguarding teacher handles it from the moderation section.
    lt = new_page()
    sign_in(lt, server, lead)
    lt.get_by_role("navigation", name="Чаты").get_by_role("link", name="Модерация").click()
    expect(lt.get_by_role("heading", level=1, name="Модерация и безопасность")).to_be_visible()
    card = lt.locator("li.help-card", has_text="Травля, оскорбления")
    expect(card).to_contain_text(s.students[0].name)
    expect(card).to_contain_text("Ты самая глупая в классе")
    assert axe_violations(lt) == [], "queue"
    card.get_by_role("link").click()
    expect(lt.get_by_role("heading", level=2, name="Жалоба: Травля, оскорбления")).to_be_focused()
    reported = lt.locator(".mod-reported")
    expect(reported).to_contain_text("Ты самая глупая в классе")
    expect(lt.get_by_text("Она так пишет каждый день")).to_be_visible()
    assert axe_violations(lt) == [], "report (handler)"
    lt.once("dialog", lambda d: d.accept())
    lt.get_by_role("button", name="Удалить сообщение").click()
    expect(lt.locator(".mod-history")).to_contain_text("удалил(а) сообщение")
    # The evidence stays, marked as deleted since.
    expect(lt.get_by_text(re.compile("удалено после жалобы"))).to_be_visible()
    expect(reported).to_contain_text("Ты самая глупая в классе")
    lt.get_by_role("radio", name="Приняты меры").check()
    lt.get_by_label("Заметка для модераторов").fill("Поговорила с классным руководителем")
    lt.get_by_label("Ответ тому, кто пожаловался").fill("Спасибо, что сообщила. Мы разобрались.")
    lt.get_by_role("button", name="Закрыть жалобу").click()
    expect(lt.locator(".help-facts")).to_contain_text("Приняты меры")
    assert axe_violations(lt) == [], "closed report (handler)"
    shot(lt, "moderation-report-handler")

    # The message is gone from the chat; the student reads the outcome and the reply.
    expect(st.get_by_text("Сообщение удалено").first).to_be_visible()
    st.goto(server.url + "/settings/safety")
    expect(st.get_by_role("heading", level=1, name="Безопасность")).to_be_visible()
    mine = st.locator("li.help-card", has_text="Травля, оскорбления")
    expect(mine).to_contain_text("Приняты меры")
    expect(mine).to_contain_text("Спасибо, что сообщила. Мы разобрались.")
    expect(st.get_by_text("Поговорила с классным руководителем")).to_have_count(0)
    expect(st.get_by_text("Вы никого не заблокировали.")).to_be_visible()
    assert axe_violations(st) == [], "settings: safety"
    shot(st, "moderation-my-reports")


def test_trust_line_and_blocking_from_a_persons_card(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    psychologist = make_member(server, org, "staff")
    admin = s.org.admin.client(server)
    admin.patch(f"/orgs/{org}/members/{psychologist.membership_id}", json={"title": "Психолог"})
    designate(admin, org, trust_responder_ids=[psychologist.membership_id])

    # A student writes to the trust line without their name.
    st = new_page()
    sign_in(st, server, s.students[0])
    st.get_by_role("navigation", name="Чаты").get_by_role("link", name="Телефон доверия").click()
    expect(st.get_by_role("heading", level=1, name="Телефон доверия")).to_be_visible()
    expect(st.get_by_role("radio", name=re.compile("Психолог"))).to_be_checked()
    switch = st.get_by_role("switch", name="Не показывать моё имя")
    expect(switch).to_be_checked()
    expect(st.get_by_text(re.compile("«Синий кит 27»"))).to_be_visible()
    assert axe_violations(st) == [], "trust line: new conversation"
    shot(st, "trust-line-new")
    st.get_by_label("Сообщение", exact=True).fill("Меня дразнят на переменах")
    st.get_by_role("button", name="Отправить").click()
    expect(st).to_have_url(re.compile(r"/trust/[0-9A-Z]{26}$"))
    expect(st.locator("li.help-entry")).to_contain_text("Меня дразнят на переменах")
    assert axe_violations(st) == [], "trust line: conversation (writer)"

    # The psychologist sees a pseudonym, never the name, and answers.
    ps = new_page()
    sign_in(ps, server, psychologist)
    ps.get_by_role("navigation", name="Чаты").get_by_role("link", name="Модерация").click()
    ps.get_by_role("navigation", name="Разделы модерации").get_by_role(
        "link", name=re.compile("Телефон доверия")
    ).click()
    card = ps.locator("li.help-card", has_text="Меня дразнят на переменах")
    expect(card).to_contain_text("Аноним · ")
    expect(ps.get_by_text(s.students[0].name)).to_have_count(0)
    assert axe_violations(ps) == [], "trust line: inbox"
    card.get_by_role("link").click()
    ps.get_by_label("Ответ").fill("Спасибо, что написал(а). Давай разберёмся вместе.")
    ps.get_by_role("button", name="Отправить").click()
    expect(ps.locator("li.help-entry.mine")).to_contain_text("Давай разберёмся")
    assert axe_violations(ps) == [], "trust line: conversation (responder)"
    shot(ps, "trust-line-responder")
    expect(st.locator("li.help-entry", has_text="Давай разберёмся")).to_be_visible()

    # On a person's card in a chat: block, then the direct chat refuses.
    other = s.students[1]
    st.goto(server.url + "/")
    open_chat(st, s.chat_of_kind(s.students[0].client(server), "class")["title"])
    st.get_by_role("button", name="О чате").click()
    info = st.get_by_role("dialog")
    info.get_by_role("button", name=f"Действия: {other.name}").click()
    st.once("dialog", lambda d: d.accept())
    info.get_by_role("button", name="Заблокировать").click()
    expect(info.locator(".chip", has_text="заблокирован(а)")).to_be_visible()
    expect(info.get_by_role("button", name="Разблокировать")).to_have_count(0)  # menu closed
    assert axe_violations(st) == [], "chat info with a blocked person"
    r = (
        s.students[1]
        .client(server)
        .post(f"/orgs/{org}/chats/direct", json={"account_id": s.students[0].account_id})
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "blocked"
    st.goto(server.url + "/settings/safety")
    row = st.locator(".mod-blocked li", has_text=other.name)
    row.get_by_role("button", name=f"Разблокировать: {other.name}").click()
    expect(st.get_by_text("Вы никого не заблокировали.")).to_be_visible()
