"""Calls in the browser, with real media: Chromium pages (fake camera and microphone) run in
a network namespace with Janus (and coturn), because WebRTC skips 127.0.0.1 candidates
(shared/notes/calls.md). The Parta server stays in the test's own namespace; a bridge gives
the pages the very same URL inside, so cookies and the Origin stay right.

- a group call in the class chat: the teacher and two students each decode the two others'
  video through Janus;
- a direct call rings, is answered and connects peer to peer, video decoded both ways;
- a relay-only direct call goes through TURN (the selected candidate pair is a relay);
- a lesson: a student waits, the teacher admits them, mutes them, and their unmute button is
  disabled; attendance afterwards; axe finds nothing on the call window and the incoming
  call.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.calls.janus_server import JanusUnderTest, janus_for, running_janus
from tests.calls.turn_server import running_turn
from tests.chats.helpers import make_school, open_direct
from tests.events.helpers import class_event_with_call
from tests.harness import LiveServer
from tests.netns import Bridge, namespace
from tests.web.conftest import _FAILED, CHROMIUM, CHROMIUM_ARGS, shot
from tests.web.helpers import axe_violations, open_chat, sign_in

MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]

# Inbound videos that are decoding now (frames decoded grow within 0.4 s), over the page's
# peer connections (window.__partaCall).
DECODED = """async () => {
  const frames = async () => {
    const out = new Map();
    for (const pc of (window.__partaCall ? window.__partaCall.pcs() : [])) {
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') out.set(s.id, s.framesDecoded || 0);
      });
    }
    return out;
  };
  const a = await frames();
  await new Promise((r) => setTimeout(r, 400));
  const b = await frames();
  let n = 0;
  b.forEach((v, id) => { if (v > 0 && v > (a.get(id) ?? 0)) n++; });
  return n;
}"""

# The local candidate type of each connection's selected pair.
PAIRS = """async () => {
  const out = [];
  for (const pc of (window.__partaCall ? window.__partaCall.pcs() : [])) {
    const stats = await pc.getStats();
    const byId = new Map();
    stats.forEach((s) => byId.set(s.id, s));
    stats.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        out.push({local: byId.get(s.localCandidateId)?.candidateType,
                  remote: byId.get(s.remoteCandidateId)?.candidateType});
      }
    });
  }
  return out;
}"""


@pytest.fixture(scope="module")
def ns() -> Iterator[str]:
    with namespace() as name:
        yield name


@pytest.fixture(scope="module")
def janus(tmp_path_factory: pytest.TempPathFactory, ns: str) -> Iterator[JanusUnderTest]:
    with running_janus(tmp_path_factory.mktemp("janus"), netns=ns, ice_enforce_list="pa0") as j:
        yield j


@pytest.fixture
def in_ns(server: LiveServer, janus: JanusUnderTest, ns: str) -> Iterator[None]:
    """The server's own address inside the namespace, and the server pointed at Janus."""
    bridge = Bridge(("127.0.0.1", server.port), listen_ns=ns, listen=("127.0.0.1", server.port))
    try:
        with janus_for(server, janus):
            yield
    finally:
        bridge.close()


@pytest.fixture
def browser_ns(web_build: None, ns: str, tmp_path: Path) -> Iterator[Any]:
    """Chromium inside the namespace: a wrapper script as the executable."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    wrapper = tmp_path / "chromium-in-ns"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {ns} {CHROMIUM} "$@"\n')
    wrapper.chmod(0o700)  # root runs the tests; nobody else needs it
    pw = sync_playwright().start()
    b = pw.chromium.launch(
        executable_path=str(wrapper), headless=True, args=CHROMIUM_ARGS + MEDIA_ARGS
    )
    yield b
    b.close()
    pw.stop()


NewPage = Callable[[], Any]


@pytest.fixture
def page(browser_ns: Any, request: pytest.FixtureRequest) -> Iterator[NewPage]:
    contexts: list[Any] = []

    def make() -> Any:
        ctx = browser_ns.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
        prefs = json.dumps({"theme": "light", "text": "normal"})
        ctx.add_init_script(
            f"localStorage.setItem('parta.appearance', {json.dumps(prefs)});"
            "localStorage.setItem('parta.testHooks', '1');"
        )
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    if request.node.stash.get(_FAILED, False):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, ctx in enumerate(contexts):
            for j, p in enumerate(ctx.pages):
                shot(p, f"failed-{name}-{i}{j}")
    for ctx in contexts:
        ctx.close()


def wait_decoded(p: Any, at_least: int, timeout: float = 25) -> int:
    deadline = time.monotonic() + timeout
    n = 0
    while time.monotonic() < deadline:
        n = int(p.evaluate(DECODED))
        if n >= at_least:
            return n
        time.sleep(0.3)
    info = p.evaluate(
        "() => ({tiles: (window.__partaCall?.state()?.tiles ?? []).map((t) => t.key),"
        " pcs: (window.__partaCall?.pcs() ?? []).map((pc) => pc.connectionState),"
        " log: (window.__partaCall?.log ?? []).slice(-30)})"
    )
    raise AssertionError(f"{at_least} decoding videos expected, got {n}: {info}")


def online(p: Any) -> None:
    """The page's event socket is up (the banner is gone): rings and joins reach it."""
    expect(p.locator(".banner")).to_have_count(0, timeout=20_000)


def call_window(p: Any) -> Any:
    return p.get_by_role("dialog", name=re.compile(r"^(Звонок|Урок): "))


def test_group_call_everyone_sees_the_others(
    server: LiveServer, in_ns: None, page: NewPage
) -> None:
    s = make_school(server)
    teacher, anna, boris = page(), page(), page()
    sign_in(teacher, server, s.teacher)
    open_chat(teacher, "5А")
    teacher.get_by_role("button", name="Видеозвонок").click()
    win = call_window(teacher)
    expect(win.get_by_role("heading", name="Проверьте камеру и микрофон")).to_be_visible()
    win.get_by_role("button", name="Начать звонок").click()
    expect(win.get_by_role("button", name="Выключить микрофон")).to_be_visible()

    for p, who in ((anna, s.students[0]), (boris, s.students[1])):
        sign_in(p, server, who)
        open_chat(p, "5А")
        bar = p.get_by_role("region", name="Идёт звонок")
        bar.get_by_role("button", name="Присоединиться").click()
        call_window(p).get_by_role("button", name="Войти").click()
        expect(call_window(p).get_by_role("button", name="Выключить микрофон")).to_be_visible()

    for p in (teacher, anna, boris):
        wait_decoded(p, 2)
        expect(call_window(p).locator("figure.tile video")).to_have_count(3)  # two others and me
    expect(call_window(teacher)).to_contain_text("3 участника")
    shot(teacher, "call-group")

    # Speaker view and the participants panel; the chat beside the call.
    win = call_window(teacher)
    win.get_by_role("button", name="Докладчик").click()
    expect(win.locator(".stage-main figure.tile")).to_have_count(1)
    win.get_by_role("button", name="Участники").click()
    expect(win.get_by_role("complementary", name="Участники")).to_contain_text(s.students[0].name)
    win.get_by_role("button", name="Чат").click()
    win.get_by_label("Сообщение в чат").fill("Всем видно доску?")
    win.get_by_role("button", name="Отправить").click()
    expect(call_window(anna)).to_be_visible()
    call_window(anna).get_by_role("button", name="Чат").click()
    expect(call_window(anna).get_by_role("complementary", name="Чат")).to_contain_text(
        "Всем видно доску?"
    )

    # Raising a hand reaches the others.
    call_window(anna).get_by_role("button", name="Поднять руку").click()
    win.get_by_role("button", name="Участники").click()
    expect(
        call_window(teacher)
        .get_by_role("complementary")
        .locator(f'li[data-account-id="{s.students[0].account_id}"]')
    ).to_contain_text("поднял руку")

    # Anna's connection drops: she stays in the call, re-enters the room and republishes;
    # everyone decodes everyone again.
    anna.evaluate("window.__parta.dropSocket(1500)")
    expect(
        teacher.get_by_role("dialog").locator(
            f'figure.tile[data-account-id="{s.students[0].account_id}"]'
        )
    ).to_have_count(0, timeout=15_000)
    for p in (teacher, anna):
        wait_decoded(p, 2)

    # Boris leaves and comes back: a new feed the others subscribe to.
    call_window(boris).get_by_role("button", name="Выйти из звонка").click()
    expect(call_window(boris)).to_have_count(0)
    bar = boris.get_by_role("region", name="Идёт звонок")
    bar.get_by_role("button", name="Присоединиться").click()
    call_window(boris).get_by_role("button", name="Войти").click()
    for p in (teacher, boris):
        wait_decoded(p, 2)

    # The teacher ends it for everyone: the students' windows say so.
    win.get_by_role("button", name="Завершить для всех").click()
    expect(call_window(anna)).to_contain_text("Звонок завершён")


def test_direct_call_rings_and_connects_peer_to_peer(
    server: LiveServer, in_ns: None, page: NewPage
) -> None:
    s = make_school(server)
    r = open_direct(s.teacher.client(server), s.org.id, s.parents[0])
    assert r.status_code in (200, 201), r.text
    teacher, parent = page(), page()
    sign_in(teacher, server, s.teacher)
    sign_in(parent, server, s.parents[0])
    online(parent)
    open_chat(teacher, s.parents[0].name)
    teacher.get_by_role("button", name="Видеозвонок").click()
    call_window(teacher).get_by_role("button", name="Начать звонок").click()

    ring = parent.get_by_role("alertdialog", name="Входящий звонок")
    expect(ring).to_contain_text(f"{s.teacher.name} звонит вам по видео")
    expect(ring.get_by_role("button", name="Ответить")).to_be_focused()
    assert axe_violations(parent) == []
    shot(parent, "call-incoming")
    ring.get_by_role("button", name="Ответить").click()

    for p in (teacher, parent):
        wait_decoded(p, 1)
    pairs = teacher.evaluate(PAIRS)
    assert pairs and all(x["local"] == "host" and x["remote"] == "host" for x in pairs), pairs
    expect(call_window(parent).locator(".call-quality")).not_to_contain_text("Соединение")
    shot(teacher, "call-direct")

    # A dropped event socket comes back without leaving the call; media keeps flowing.
    teacher.evaluate("window.__parta.dropSocket(1500)")
    time.sleep(3)
    expect(call_window(teacher).get_by_role("button", name="Выйти из звонка")).to_be_visible()
    before = int(parent.evaluate(DECODED))
    assert before >= 1

    call_window(parent).get_by_role("button", name="Выйти из звонка").click()
    expect(call_window(teacher)).to_contain_text("Звонок завершён")
    call_window(teacher).get_by_role("button", name="Закрыть").click()
    expect(teacher.locator(".call-msg").last).to_contain_text("Видеозвонок · 0 мин")


def test_relay_only_call_goes_through_turn(
    server: LiveServer, in_ns: None, page: NewPage, ns: str, tmp_path: Path
) -> None:
    s = make_school(server)
    open_direct(s.teacher.client(server), s.org.id, s.parents[0])
    st = server.settings
    saved = (st.turn_urls, st.turn_secret, st.calls_relay_only)
    with running_turn(tmp_path, ns) as turn:
        st.turn_urls, st.turn_secret, st.calls_relay_only = [turn.url], turn.secret, True
        try:
            teacher, parent = page(), page()
            sign_in(teacher, server, s.teacher)
            sign_in(parent, server, s.parents[0])
            online(parent)
            open_chat(teacher, s.parents[0].name)
            teacher.get_by_role("button", name="Аудиозвонок").click()
            call_window(teacher).get_by_role("button", name="Начать звонок").click()
            parent.get_by_role("alertdialog", name="Входящий звонок").get_by_role(
                "button", name="Ответить"
            ).click()
            # An audio call still carries the screen's video slot; audio is what flows here.
            deadline = time.monotonic() + 25
            pairs: list[dict[str, str]] = []
            while time.monotonic() < deadline:
                pairs = teacher.evaluate(PAIRS)
                if pairs:
                    break
                time.sleep(0.5)
            assert pairs and all(x["local"] == "relay" for x in pairs), pairs
            # Frames through the relay: the teacher shares the screen over the relayed link.
            call_window(teacher).get_by_role("button", name="Показать экран").click()
            wait_decoded(parent, 1)
            assert all(x["local"] == "relay" for x in parent.evaluate(PAIRS))
        finally:
            st.turn_urls, st.turn_secret, st.calls_relay_only = saved


def test_lesson_waiting_room_admit_and_mute(server: LiveServer, in_ns: None, page: NewPage) -> None:
    s = make_school(server)
    teacher, anna = page(), page()
    sign_in(teacher, server, s.teacher)
    open_chat(teacher, "5А")
    teacher.get_by_role("button", name="Начать урок").click()
    win = call_window(teacher)
    expect(win.get_by_label("Зал ожидания: ученики входят, когда вы их впустите")).to_be_checked()
    win.get_by_role("button", name="Начать урок").click()
    expect(win.get_by_role("button", name="Выключить микрофон")).to_be_visible()

    sign_in(anna, server, s.students[0])
    open_chat(anna, "5А")
    anna.get_by_role("region", name="Идёт урок").get_by_role(
        "button", name="Присоединиться"
    ).click()
    call_window(anna).get_by_role("button", name="Войти").click()
    expect(call_window(anna)).to_contain_text("Учитель скоро впустит вас")

    win.get_by_role("button", name="Участники").click()
    waiting = win.get_by_role("region", name=re.compile("Зал ожидания"))
    expect(waiting).to_contain_text(s.students[0].name)
    assert axe_violations(teacher) == []
    shot(teacher, "call-lesson-waiting")
    win.get_by_role("button", name=f"Впустить: {s.students[0].name}").click()
    expect(call_window(anna).get_by_role("button", name="Выключить микрофон")).to_be_visible()
    wait_decoded(anna, 1)
    wait_decoded(teacher, 1)

    win.get_by_role("button", name=f"Выключить микрофон: {s.students[0].name}").click()
    expect(call_window(anna).get_by_text("Учитель выключил вам микрофон")).to_be_visible()
    expect(call_window(anna).get_by_role("button", name="Включить микрофон")).to_be_disabled()
    assert axe_violations(anna) == []
    shot(anna, "call-lesson-muted")
    win.get_by_role("button", name=f"Разрешить говорить: {s.students[0].name}").click()
    expect(call_window(anna).get_by_role("button", name="Включить микрофон")).to_be_enabled()

    win.get_by_role("button", name="Завершить для всех").click()
    expect(win).to_contain_text("Урок завершён")
    table = win.get_by_role("table")
    expect(table).to_contain_text(s.students[0].name)
    expect(win.get_by_role("link", name="Скачать CSV")).to_have_attribute(
        "href", re.compile(r"/attendance\.csv$")
    )
    assert axe_violations(teacher) == []
    shot(teacher, "call-lesson-attendance")


def test_meeting_with_a_colleague_by_link_and_a_guest_by_name(
    server: LiveServer, in_ns: None, page: NewPage
) -> None:
    """A parent meeting planned with its event: the teacher opens it, lets a colleague (not
    in the parents' chat) in by the call's link and a guest by name (no account) in by the
    event's guest link; everyone decodes everyone's video."""
    s = make_school(server)
    api = s.teacher.client(server)
    event = class_event_with_call(api, s.org.id, s.cls.id, title="Собрание 5А", guests=True)
    code = event["guest_url"].rsplit("/", 1)[1]
    r = api.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
    assert r.status_code == 200, r.text
    call_id = r.json()["call"]["id"]

    teacher, colleague, guest = page(), page(), page()
    sign_in(teacher, server, s.teacher)
    teacher.goto(f"{server.url}/calls/{call_id}")
    teacher.get_by_role("button", name="Присоединиться").click()
    call_window(teacher).get_by_role("button", name="Войти").click()
    win = call_window(teacher)
    expect(win.get_by_role("button", name="Выключить микрофон")).to_be_visible()
    win.get_by_role("button", name="Участники").click()
    link = win.get_by_label("Впускать участников школы по ссылке")
    link.click()  # applied when the server answers
    expect(link).to_be_checked()
    expect(win.get_by_label("Адрес звонка")).to_have_value(f"{server.url}/calls/{call_id}")

    # A colleague of the school, not in the parents' chat, knocks with the link.
    sign_in(colleague, server, s.other_teacher)
    colleague.goto(f"{server.url}/calls/{call_id}")
    expect(colleague.get_by_text("Вы не в этом чате")).to_be_visible()
    colleague.get_by_role("button", name="Присоединиться").click()
    call_window(colleague).get_by_role("button", name="Войти").click()
    expect(call_window(colleague)).to_contain_text("Ведущий скоро впустит вас")

    # A guest by name, signed in nowhere.
    guest.goto(f"{server.url}/guest/{code}")
    expect(guest.get_by_role("heading", name="Встреча: Собрание 5А")).to_be_visible()
    assert axe_violations(guest) == []
    guest.get_by_label("Ваше имя").fill("Мария Ивановна, психолог")
    guest.get_by_role("button", name="Дальше").click()
    call_window(guest).get_by_role("button", name="Войти").click()
    expect(call_window(guest)).to_contain_text("Ведущий скоро впустит вас")

    waiting = win.get_by_role("region", name=re.compile("Зал ожидания"))
    expect(waiting).to_contain_text("Мария Ивановна, психолог · гость")
    expect(waiting).to_contain_text(s.other_teacher.name)
    assert axe_violations(teacher) == []
    shot(teacher, "call-meeting-waiting")
    win.get_by_role("button", name="Впустить: Мария Ивановна, психолог").click()
    win.get_by_role("button", name=f"Впустить: {s.other_teacher.name}").click()
    for p in (teacher, colleague, guest):
        expect(call_window(p).get_by_role("button", name="Выключить микрофон")).to_be_visible()
        wait_decoded(p, 2)
    # Only members of the chat see the chat's messages beside the call.
    expect(call_window(guest).get_by_role("button", name="Чат")).to_have_count(0)
    expect(call_window(colleague).get_by_role("button", name="Чат")).to_have_count(0)
    assert axe_violations(guest) == []
    shot(guest, "call-meeting-guest")

    win.get_by_role("button", name="Завершить для всех").click()
    expect(call_window(guest)).to_contain_text("Звонок завершён")
    call_window(guest).get_by_role("button", name="Закрыть").click()
    expect(guest.get_by_text("Встреча завершена. Спасибо, что пришли!")).to_be_visible()


def test_lesson_planned_in_the_calendar(server: LiveServer, in_ns: None, page: NewPage) -> None:
    """A teacher plans a lesson with a calendar event; at the time they start it from the
    event, and a student joins from the same event into the waiting room."""
    s = make_school(server, students=1)
    teacher, anna = page(), page()
    sign_in(teacher, server, s.teacher)
    teacher.get_by_role("navigation", name="Чаты").get_by_role("link", name="Календарь").click()
    teacher.get_by_role("link", name="Новое событие", exact=True).click()
    form = teacher.get_by_role("form", name="Новое событие")
    form.get_by_label("Название").fill("Урок на дому")
    form.get_by_label("Тип").select_option(label="Классный час")
    form.get_by_label("Видеовстреча в Парте").check()
    form.get_by_label("Урок (зал ожидания, управление учителя)").check()
    assert axe_violations(teacher) == []
    form.get_by_role("button", name="Создать событие").click()
    expect(teacher.get_by_role("heading", level=1, name="Урок на дому")).to_be_visible()
    event_url = teacher.url

    teacher.get_by_role("button", name="Начать встречу").click()
    win = call_window(teacher)
    win.get_by_role("button", name="Войти").click()
    expect(win.get_by_role("button", name="Выключить микрофон")).to_be_visible()

    sign_in(anna, server, s.students[0])
    anna.goto(event_url)
    anna.get_by_role("button", name="Войти во встречу").click()
    call_window(anna).get_by_role("button", name="Войти").click()
    expect(call_window(anna)).to_contain_text("Учитель скоро впустит вас")
    win.get_by_role("button", name="Участники").click()
    win.get_by_role("button", name=f"Впустить: {s.students[0].name}").click()
    for p in (teacher, anna):
        mic = call_window(p).get_by_role("button", name="Выключить микрофон", exact=True)
        expect(mic).to_be_visible()
        wait_decoded(p, 1)
    win.get_by_role("button", name="Завершить для всех").click()
    expect(win).to_contain_text("Урок завершён")
