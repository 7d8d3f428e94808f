"""The full chat screen in the browser: live reply, reaction, edit and deletion on the
other side; no message lost when the socket drops; keyboard-only use; forwarding, mention
autocomplete, the pinned bar, jump to message from search; a 10,000-message chat stays a
small DOM; accessibility (axe) of the chat list, chat view and search in light and high
contrast; the first screen's load time and JavaScript size (docs/benchmarks.md)."""

from __future__ import annotations

import gzip
import json
import re
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.kit.ids import new_id
from parta.models import Chat, Message
from tests.builders import Person
from tests.chats.helpers import School, make_school
from tests.harness import Api, LiveServer
from tests.web.conftest import ARTIFACTS, NewPage, shot
from tests.web.helpers import WCAG, message, open_chat, send, sign_in

HOOKS = "localStorage.setItem('parta.testHooks', '1');"


def with_hooks(page: Any) -> Any:
    page.context.add_init_script(HOOKS)
    return page


def class_chat(api: Api, s: School) -> dict[str, Any]:
    return s.chat_of_kind(api, "class")


def post(api: Api, org: str, chat: str, body: str) -> dict[str, Any]:
    r = api.post(
        f"/orgs/{org}/chats/{chat}/messages", json={"client_id": secrets.token_hex(8), "body": body}
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def seed(server: LiveServer, who: Person, org: str, chat: str, bodies: list[str]) -> None:
    """Send many messages through the API, a few connections at once (order not kept)."""
    clients = [who.client(server) for _ in range(6)]

    def run(k: int) -> None:
        for i in range(k, len(bodies), len(clients)):
            post(clients[k], org, chat, bodies[i])

    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(run, range(len(clients))))


def bulk_history(server: LiveServer, who: Person, chat_id: str, n: int) -> None:
    """A long existing history, written straight into the database in one transaction
    (n messages through the API would take minutes on SQLite): numbered like real ones
    under the chat's sequence, so history pages and later sends continue from it."""

    async def _go(db: AsyncSession) -> None:
        chat = (
            await db.execute(sa.select(Chat).where(Chat.id == chat_id).with_for_update())
        ).scalar_one()
        start = utcnow() - timedelta(days=30)
        rows: list[dict[str, object]] = [
            {
                "id": new_id(),
                "chat_id": chat.id,
                "org_id": chat.org_id,
                "seq": chat.seq + 1 + i,
                "author_id": who.account_id,
                "client_id": None,
                "kind": "text",
                "body": f"Сообщение номер {i}",
                "html": f"<p>Сообщение номер {i}</p>",
                "mentions": [],
                "mentions_all": False,
                "created_at": start + timedelta(minutes=4 * i),
            }
            for i in range(n)
        ]
        await db.execute(sa.insert(Message), rows)
        chat.seq += n

    server.db(_go)


def axe(page: Any) -> list[dict[str, Any]]:
    """axe-core WCAG 2.2 A/AA on the page. `.me-link` (the profile link in the top bar,
    owned by the profile screen) is left out here; it is checked by its own tests."""
    from tests.web.helpers import AXE

    page.evaluate(AXE.read_text())
    result: dict[str, Any] = page.evaluate(
        """async (tags) => await axe.run({exclude: [['.me-link']]},
            {runOnly: {type: 'tag', values: tags}})""",
        WCAG,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def focused(page: Any) -> str:
    return str(
        page.evaluate(
            """() => { const e = document.activeElement; if (!e) return '';
            const text = e.textContent?.slice(0, 60) || '';
            return `${e.tagName} ${e.getAttribute('aria-label') || ''} ${text} ${e.id}`; }"""
        )
    )


def tab_to(page: Any, js_test: str, limit: int = 60, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `js_test(document.activeElement)` holds."""
    for _ in range(limit):
        if page.evaluate(
            f"(() => {{ const e = document.activeElement; return !!e && ({js_test}); }})()"
        ):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"focus never reached {js_test}; now on {focused(page)}")


def more(msg: Any) -> None:
    # Under load older pages may still be re-rendering the rows: hover again until it holds.
    for _ in range(5):
        try:
            msg.scroll_into_view_if_needed(timeout=3000)
            msg.hover(timeout=3000)
            break
        except PlaywrightError:
            msg.page.wait_for_timeout(300)
    msg.get_by_role("button", name="Ещё").click()


def test_reply_reaction_edit_and_delete_appear_live(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(student, server, s.students[0])
    open_chat(teacher, "5А")
    open_chat(student, "5А")
    send(teacher, "Контрольная в пятницу")
    msg = message(student, "Контрольная в пятницу")
    expect(msg).to_be_visible()
    msg.hover()
    msg.get_by_role("button", name="Ответить").click()
    send(student, "А можно в понедельник?")
    reply = message(teacher, "А можно в понедельник?")
    expect(reply.locator("blockquote")).to_contain_text("Контрольная в пятницу")
    msg.hover()
    msg.get_by_role("button", name="Реакция").click()
    student.get_by_role("button", name="Отреагировать: 🔥").click()
    expect(
        message(teacher, "Контрольная в пятницу").get_by_role("button", name=re.compile("🔥 — 1"))
    ).to_be_visible()
    mine = message(student, "А можно в понедельник?")
    mine.hover()
    mine.get_by_role("button", name="Изменить").click()
    box = student.get_by_role("textbox", name="Сообщение")
    box.fill("А можно во вторник?")
    box.press("Enter")
    expect(message(teacher, "А можно во вторник?")).to_contain_text("изменено")
    student.once("dialog", lambda d: d.accept())
    mine = message(student, "А можно во вторник?")
    more(mine)
    mine.get_by_role("button", name="Удалить").click()
    expect(teacher.get_by_text("Сообщение удалено").first).to_be_visible()
    expect(message(teacher, "А можно во вторник?")).to_have_count(0)


def test_socket_dropped_and_restored_loses_nothing(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = class_chat(api, s)
    student = with_hooks(new_page())
    sign_in(student, server, s.students[0])
    open_chat(student, "5А")
    post(api, s.org.id, chat["id"], "До обрыва")
    expect(message(student, "До обрыва")).to_have_count(1)
    student.evaluate("window.__parta.dropSocket(4000)")
    expect(student.get_by_text(re.compile("Нет соединения"))).to_be_visible()
    sent = [f"Пока вас не было {i}" for i in range(5)]
    for text in sent:
        post(api, s.org.id, chat["id"], text)
    # Not delivered while away…
    time.sleep(1)
    expect(message(student, "Пока вас не было 0")).to_have_count(0)
    # …and each exactly once after the socket is back (resumed by cursors).
    expect(student.get_by_text(re.compile("Нет соединения"))).to_be_hidden(timeout=15_000)
    for text in sent:
        expect(message(student, text)).to_have_count(1)
    post(api, s.org.id, chat["id"], "После обрыва")
    expect(message(student, "После обрыва")).to_have_count(1)
    ids = student.evaluate(
        "() => [...document.querySelectorAll('article.msg[data-msg-id]')].map(e => e.dataset.msgId)"
    )
    assert len(ids) == len(set(ids)) == 7


def test_keyboard_only_sign_in_send_reply_react(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.students[0].client(server)
    chat = class_chat(api, s)
    post(api, s.org.id, chat["id"], "Кто знает домашнее задание?")
    page = new_page()
    page.goto(server.url + "/")
    page.wait_for_url("**/sign-in")
    kb = page.keyboard
    tab_to(page, "e.tagName === 'INPUT' && e.type !== 'password' && e.type !== 'checkbox'")
    kb.type(s.teacher.email)
    tab_to(page, "e.type === 'password'")
    kb.type(s.teacher.password)
    kb.press("Enter")
    page.get_by_role("navigation", name="Чаты").get_by_role("link").first.wait_for()
    # The skip link, then the chat list.
    tab_to(
        page,
        "e.tagName === 'A' && e.textContent.startsWith('5А') && !e.textContent.includes('род')",
    )
    kb.press("Enter")
    page.get_by_role("heading", level=1, name="5А").wait_for()
    tab_to(page, "e.tagName === 'TEXTAREA'")
    kb.type("Параграф 12, задачи 1–5.")
    kb.press("Enter")
    expect(message(page, "Параграф 12")).to_be_visible()
    # Into the history: the newest message holds the roving focus; ArrowUp goes back.
    tab_to(page, "e.matches('article.msg')", back=True)
    kb.press("End")
    kb.press("ArrowUp")
    expect(page.locator("article.msg:focus")).to_contain_text("Кто знает домашнее задание?")
    kb.press("Tab")
    assert "Ответить" in focused(page)
    kb.press("Enter")
    expect(page.get_by_text("Ответ:")).to_be_visible()
    kb.type("Смотрите сообщение выше.")
    kb.press("Enter")
    reply = message(page, "Смотрите сообщение выше.")
    expect(reply.locator("blockquote")).to_contain_text("Кто знает домашнее задание?")
    # React to the student's question.
    tab_to(page, "e.matches('article.msg')", back=True)
    kb.press("Home")
    expect(page.locator("article.msg:focus")).to_contain_text("Кто знает домашнее задание?")
    kb.press("Tab")
    kb.press("Tab")
    assert "Реакция" in focused(page)
    kb.press("Enter")
    kb.press("Enter")  # the picker opens on 👍
    question = message(page, "Кто знает домашнее задание?")
    expect(question.get_by_role("button", name=re.compile("👍 — 1"))).to_be_visible()
    kb.press("Escape")
    shot(page, "chat-keyboard")
    # The student sees the reaction too.
    r = api.get(f"/orgs/{s.org.id}/chats/{chat['id']}/messages")
    first = next(m for m in r.json()["messages"] if m["body"].startswith("Кто знает"))
    assert first["reactions"][0]["emoji"] == "👍"


def test_forward_to_another_chat(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    page = new_page()
    sign_in(page, server, s.teacher)
    open_chat(page, "5А")
    send(page, "Экскурсия в музей в среду")
    msg = message(page, "Экскурсия в музей")
    more(msg)
    msg.get_by_role("button", name="Переслать").click()
    dialog = page.get_by_role("dialog", name="Переслать сообщение")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Найти чат").fill("родит")
    shot(page, "chat-forward")
    dialog.get_by_role("button", name="Переслать в «5А — родители»").click()
    expect(dialog.get_by_text("Сообщение переслано")).to_be_visible()
    dialog.get_by_role("link", name="Открыть чат").click()
    page.get_by_role("heading", level=1, name="5А — родители").wait_for()
    fwd = message(page, "Экскурсия в музей")
    expect(fwd).to_contain_text("Переслано от")


def test_mention_autocomplete(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(student, server, s.students[0])
    open_chat(teacher, "5А")
    name = s.students[0].name
    box = teacher.get_by_role("textbox", name="Сообщение")
    box.click()
    box.press_sequentially("Ответь, пожалуйста, @" + name[:4].lower())
    listbox = teacher.get_by_role("listbox", name=re.compile("Кого упомянуть"))
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option", name=re.compile(re.escape(name)))).to_be_visible()
    shot(teacher, "chat-mention")
    # Arrow to the right person, Enter inserts the name (not the token).
    options = listbox.get_by_role("option")
    for i in range(options.count()):
        if name in options.nth(i).inner_text():
            break
        box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value(f"Ответь, пожалуйста, @{name} ")
    expect(listbox).to_be_hidden()
    box.press_sequentially("до завтра")
    box.press("Enter")
    sent = message(teacher, "до завтра")
    expect(sent.locator(f".mention[data-account-id='{s.students[0].account_id}']")).to_have_text(
        f"@{name}"
    )
    # The student's list counts the mention.
    link = student.get_by_role("navigation", name="Чаты").get_by_role("link", name=re.compile("5А"))
    expect(link.first).to_contain_text("1 упоминание")


def test_pinned_bar_and_jump(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = class_chat(api, s)
    post(api, s.org.id, chat["id"], "Расписание: пн — математика, вт — русский")
    seed(server, s.teacher, s.org.id, chat["id"], [f"Сообщение {i}" for i in range(80)])
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(student, server, s.students[0])
    open_chat(student, "5А")
    open_chat(teacher, "5А")
    msg = message(teacher, "Расписание:")
    for _ in range(20):  # scroll up until the older page with it is in
        if msg.count():
            break
        teacher.evaluate("document.querySelector('.history').scrollTop = 0")
        teacher.wait_for_timeout(200)
    for _ in range(10):  # older pages may still be arriving and re-rendering the rows
        try:
            msg.scroll_into_view_if_needed(timeout=3000)
            break
        except PlaywrightError:
            teacher.wait_for_timeout(200)
    more(msg)
    msg.get_by_role("button", name="Закрепить").click()
    bar = student.get_by_role("region", name="Закреплённое сообщение")
    expect(bar).to_contain_text("Расписание:")
    shot(student, "chat-pinned")
    bar.get_by_role("button", name=re.compile("Показать закреплённое")).click()
    target = message(student, "Расписание:")
    expect(target).to_have_class(re.compile("highlight"))
    expect(target).to_be_in_viewport()
    expect(target).to_be_focused()
    # The teacher unpins from the bar: it disappears on both sides.
    teacher.get_by_role("region", name="Закреплённое сообщение").get_by_role(
        "button", name="Открепить"
    ).click()
    expect(bar).to_be_hidden()


def test_search_and_jump_to_result(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = class_chat(api, s)
    post(api, s.org.id, chat["id"], "Не забудьте принести гербарий на биологию")
    seed(server, s.teacher, s.org.id, chat["id"], [f"Обычное сообщение {i}" for i in range(250)])
    page = new_page()
    sign_in(page, server, s.students[0])
    page.get_by_role("link", name="Поиск").click()
    page.get_by_role("heading", level=1, name="Поиск по сообщениям").wait_for()
    page.get_by_label("Что найти").fill("гербарии")
    page.get_by_role("button", name="Найти").click()
    results = page.get_by_role("list", name="Результаты")
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results.locator("mark")).to_have_text("гербарий")
    expect(page.get_by_text("Найдено 1 сообщение")).to_be_visible()
    shot(page, "search-light")
    # Filters: another author finds nothing.
    page.get_by_label("Чат", exact=True).select_option(label="5А")
    page.get_by_label("Автор").select_option(label="Я")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_text("Ничего не нашлось")).to_be_visible()
    page.go_back()
    expect(results.get_by_role("listitem")).to_have_count(1)
    results.get_by_role("link", name=re.compile("Открыть в чате")).click()
    page.get_by_role("heading", level=1, name="5А").wait_for()
    target = message(page, "гербарий")
    expect(target).to_have_class(re.compile("highlight"))
    expect(target).to_be_in_viewport()
    expect(target).to_be_focused()
    assert "?msg=" not in page.url
    shot(page, "chat-jump")
    # Far back in history: the newer messages load when scrolling down, then "to latest".
    expect(page.get_by_role("button", name="Показать более поздние")).to_be_visible()
    page.get_by_role("button", name=re.compile("К последним сообщениям|ниже")).click()
    expect(message(page, "Обычное сообщение").last).to_be_visible()
    expect(page.get_by_role("button", name="Показать более поздние")).to_have_count(0)


def test_new_direct_chat_offers_only_allowed_people(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    page = new_page()
    sign_in(page, server, s.students[0])
    expect(page.get_by_role("button", name="Новая группа")).to_have_count(0)  # staff only
    page.get_by_role("button", name="Написать лично").click()
    dialog = page.get_by_role("dialog", name="Новый личный чат")
    picks = dialog.get_by_role("list").get_by_role("button")
    expect(picks).to_have_count(3)  # two verified teachers and the classmate
    names = " ".join(picks.all_inner_texts())
    assert s.students[1].name in names and s.teacher.name in names
    assert s.other_student.name not in names and s.parents[0].name not in names
    shot(page, "chat-new-direct")
    dialog.get_by_label("Имя").fill(s.students[1].name[-6:].upper())
    expect(picks).to_have_count(1)
    picks.first.click()
    page.get_by_role("heading", level=1, name=s.students[1].name).wait_for()
    send(page, "Привет! Что задали?")
    expect(message(page, "Привет! Что задали?")).to_be_visible()


def test_group_dialog_and_chat_info(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    page = new_page()
    sign_in(page, server, s.teacher)
    page.get_by_role("button", name="Новая группа").click()
    dialog = page.get_by_role("dialog", name="Новая группа")
    dialog.get_by_label("Название группы").fill("Кружок робототехники")
    dialog.get_by_label("Имя").fill(s.students[0].name)
    dialog.get_by_role("checkbox", name=re.compile(re.escape(s.students[0].name))).check()
    expect(dialog.get_by_text("Выбран 1 человек")).to_be_visible()
    dialog.get_by_role("button", name="Создать группу").click()
    page.get_by_role("heading", level=1, name="Кружок робототехники").wait_for()
    page.get_by_role("button", name="О чате").click()
    info = page.get_by_role("dialog", name="Кружок робототехники")
    expect(info.get_by_text("Владелец")).to_be_visible()
    expect(info.get_by_role("listitem").filter(has_text=s.students[0].name)).to_contain_text(
        "Ученик"
    )
    info.get_by_label("Только модераторы").check()
    info.get_by_label("Медленный режим").select_option(label="30 секунд")
    info.get_by_role("button", name="Сохранить настройки").click()
    expect(info.get_by_text("Настройки сохранены.")).to_be_visible()
    assert axe(page) == [], "chat info"
    shot(page, "chat-info")
    info.get_by_label("Без звука").check()
    page.keyboard.press("Escape")
    api = s.teacher.client(server)
    group = next(c for c in s.chats(api) if c["title"] == "Кружок робототехники")
    assert group["settings"]["who_may_post"] == "moderators"
    assert group["settings"]["slow_mode_seconds"] == 30
    assert group["muted"] is True


def test_drafts_are_saved_per_chat(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    page = new_page()
    sign_in(page, server, s.teacher)
    open_chat(page, "5А")
    page.get_by_role("textbox", name="Сообщение").fill("Черновик объявления")
    open_chat(page, "Учительская")
    link = page.get_by_role("navigation", name="Чаты").get_by_role("link", name=re.compile("^5А"))
    expect(link.first).to_contain_text("Черновик: Черновик объявления")
    # Another device (a fresh page) gets it from the server.
    other = new_page()
    sign_in(other, server, s.teacher)
    open_chat(other, "5А")
    expect(other.get_by_role("textbox", name="Сообщение")).to_have_value("Черновик объявления")


@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_axe_chat_list_view_and_search(server: LiveServer, new_page: NewPage, theme: str) -> None:
    s = make_school(server)
    api = s.students[0].client(server)
    chat = class_chat(api, s)
    post(api, s.org.id, chat["id"], f"Вопрос про <@{s.teacher.account_id}> и контрольную")
    page = new_page(theme=theme)
    sign_in(page, server, s.teacher)
    assert axe(page) == [], "chat list"
    shot(page, f"chat-list-{theme}")
    open_chat(page, "5А")
    send(page, "Контрольная **в пятницу**, повторите дроби")
    msg = message(page, "повторите дроби")
    more(msg)
    msg.get_by_role("button", name="Закрепить").click()
    expect(page.get_by_role("region", name="Закреплённое сообщение")).to_be_visible()
    page.mouse.move(0, 0)
    assert axe(page) == [], "chat view"
    shot(page, f"chat-view-{theme}")
    page.get_by_role("link", name="Поиск", exact=True).click()
    page.get_by_label("Что найти").fill("контрольная")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("list", name="Результаты").get_by_role("listitem")).to_have_count(2)
    assert axe(page) == [], "search"
    shot(page, f"search-{theme}")
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, f"search-360-{theme}")
    page.go_back()
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="5А")).to_be_visible()
    shot(page, f"chat-360-{theme}")


def test_ten_thousand_messages_stay_a_small_dom(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = class_chat(api, s)
    n = 10_000
    started = time.monotonic()
    bulk_history(server, s.teacher, chat["id"], n - 100)
    # The newest hundred through the API, as people write them.
    seed(
        server, s.teacher, s.org.id, chat["id"], [f"Сообщение номер {i}" for i in range(n - 100, n)]
    )
    seeded = time.monotonic() - started
    page = with_hooks(new_page())
    sign_in(page, server, s.teacher)
    open_chat(page, "5А")
    expect(page.locator("article.msg[data-msg-id]").first).to_be_visible()
    t0 = time.monotonic()
    loaded = page.evaluate(f"window.__parta.loadAll({json.dumps(chat['id'])})")
    load_all_s = time.monotonic() - t0
    assert loaded == n
    rows = page.locator("ol.messages > li").count()
    assert rows < 120, rows
    # Scroll: fast wheel-like steps of 400 px a frame through a stretch of history, and
    # jumps across the whole list (each frame a fresh set of rows); frame times meanwhile.
    metrics = page.evaluate(
        """async () => {
          const el = document.querySelector('.history');
          const frame = () => new Promise(r => requestAnimationFrame(r));
          const stats = (xs) => { xs.sort((a, b) => a - b);
            const at = (q) => xs[Math.floor(xs.length * q)];
            return {median: at(0.5), p95: at(0.95)}; };
          let maxNodes = 0;
          const run = async (positions) => {
            const times = [];
            let last = performance.now();
            for (const y of positions) {
              el.scrollTop = y;
              await frame();
              const now = performance.now();
              times.push(now - last);
              last = now;
              maxNodes = Math.max(maxNodes, document.querySelectorAll('ol.messages > li').length);
            }
            return stats(times);
          };
          const max = el.scrollHeight - el.clientHeight;
          const start = max * 0.4;
          await frame();
          const wheel = await run(Array.from({length: 200}, (_, i) => start + 400 * i));
          const jumps = await run(Array.from({length: 60}, (_, i) => max * (i / 59)));
          return {wheel, jumps, maxNodes, domNodes: document.getElementsByTagName('*').length};
        }"""
    )
    assert metrics["maxNodes"] < 120, metrics
    assert metrics["domNodes"] < 3000, metrics
    # At the top: the very first message; the keyboard End goes back to the newest.
    # Hold the list at the top (as a person keeps scrolling up) while rows get measured.
    page.wait_for_function(
        """() => {
          document.querySelector('.history').scrollTop = 0;
          return Number(document.querySelector('article.msg[data-msg-id]')?.dataset.seq) <= 5;
        }""",
        polling=200,
        timeout=30_000,
    )
    expect(page.get_by_text("Начало переписки")).to_be_visible()
    page.locator("article.msg[data-msg-id]").first.focus()
    page.keyboard.press("End")
    expect(page.locator("article.msg:focus")).to_be_in_viewport(timeout=15_000)
    last_seq = page.locator("article.msg:focus").get_attribute("data-seq")
    assert last_seq is not None and int(last_seq) >= n
    shot(page, "chat-10k")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "chat-10k-metrics.json").write_text(
        json.dumps(
            {"seed_s": round(seeded, 1), "load_all_s": round(load_all_s, 2), **metrics}, indent=2
        )
    )
    # Frame times are measurements, not pass/fail (a shared 2-core machine runs other work):
    # they go to test-artifacts/ and docs/benchmarks.md; only a stall fails the test.
    assert metrics["wheel"]["p95"] < 500, metrics


def test_first_screen_load_time_and_javascript_size(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    api = s.teacher.client(server)
    chat = class_chat(api, s)
    seed(server, s.teacher, s.org.id, chat["id"], [f"Сообщение {i}" for i in range(60)])
    page = new_page()
    sign_in(page, server, s.teacher)
    url = f"{server.url}/chats/{chat['id']}"
    page.goto(url)
    page.get_by_role("heading", level=1, name="5А").wait_for()
    timings = []
    scripts: dict[str, int] = {}
    for run in range(3):
        ctx_page = new_page()
        ctx_page.context.add_cookies(page.context.cookies())
        if run == 0:

            def on_response(resp: Any) -> None:
                if resp.request.resource_type == "script":
                    scripts[resp.url] = len(gzip.compress(resp.body(), 9))

            ctx_page.on("response", on_response)
        t0 = time.monotonic()
        ctx_page.goto(url)
        ctx_page.locator("article.msg[data-msg-id]").last.wait_for()
        timings.append(time.monotonic() - t0)
        nav = ctx_page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
        )
        assert nav["dcl"] > 0
    js_gz = sum(scripts.values())
    median_load_s = sorted(timings)[1]
    result = {
        "load_s": [round(x, 3) for x in timings],
        "median_load_s": median_load_s,
        "js_gzip_bytes": js_gz,
        "scripts": {re.sub(r".*/assets/", "", k): v for k, v in scripts.items()},
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "web-first-screen.json").write_text(json.dumps(result, indent=2))
    # The 1.5 s budget is measured on a quiet machine and recorded in docs/benchmarks.md (run
    # this test alone); here, beside the rest of the suite, only a gross regression fails.
    assert median_load_s < 5.0, result
    assert js_gz < 250 * 1024, result
