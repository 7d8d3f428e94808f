"""Files in the browser: attaching a picture and a PDF and seeing them on the other side
(thumbnail, viewer, download with the right name, the chat's files tab), paste and drop,
a voice message recorded with Chromium's fake microphone, and homework collection (a
teacher collects, a student hands in, the teacher sees the count and the file); axe on
the chat with attachments and on the submissions view."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.builders import make_member
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, NewPage, shot
from tests.web.helpers import axe_violations, open_chat, sign_in

CHAT = "5А"


def png_bytes(color: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (320, 200), color).save(buf, format="PNG")
    return buf.getvalue()


def pdf_bytes() -> bytes:
    """A small valid one-page PDF (the server sniffs the type from the content)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def attach(page: Any, files: list[dict[str, Any]], testid: str = "attach-input") -> None:
    page.get_by_test_id(testid).set_input_files(files)


def uploads_done(page: Any, n: int) -> None:
    expect(page.locator("[data-upload-status='done']")).to_have_count(n, timeout=15_000)


def send_button(page: Any) -> Any:
    return page.get_by_role("button", name="Отправить", exact=True)


def with_attachment(page: Any, name: str) -> Any:
    """The stored message that carries an attachment named `name`."""
    return page.locator("article.msg[data-msg-id]").filter(
        has=page.locator(".attachments", has_text=name).or_(
            page.get_by_role("button", name=f"Открыть изображение «{name}»")
        )
    )


def test_attach_picture_and_pdf_seen_viewed_and_downloaded(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(student, server, s.students[0])
    open_chat(teacher, CHAT)
    open_chat(student, CHAT)

    attach(
        teacher,
        [
            {"name": "доска.png", "mimeType": "image/png", "buffer": png_bytes()},
            {"name": "схема.png", "mimeType": "image/png", "buffer": png_bytes((20, 160, 90))},
            {"name": "Контрольная.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
        ],
    )
    tray = teacher.get_by_role("list", name="Прикреплённые файлы")
    expect(tray.get_by_role("listitem")).to_have_count(3)
    uploads_done(teacher, 3)
    teacher.get_by_role("textbox", name="Сообщение").fill("Материалы к уроку")
    send_button(teacher).click()
    expect(tray).to_have_count(0)

    thumb = student.get_by_role("button", name="Открыть изображение «доска.png»")
    expect(thumb).to_be_visible(timeout=15_000)
    loaded = thumb.locator("img")
    expect(loaded).to_have_js_property("complete", True)
    assert loaded.evaluate("img => img.naturalWidth") > 0
    card = student.locator(".file-card", has_text="Контрольная.pdf")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Документ PDF")
    shot(student, "files-chat-attachments")
    assert axe_violations(student) == []

    # The viewer: preview, keyboard, download button, Escape closes and focus comes back.
    thumb.click()
    viewer = student.get_by_role("dialog", name=re.compile("доска.png"))
    expect(viewer).to_be_visible()
    big = viewer.locator("img.viewer-img")
    expect(big).to_have_js_property("complete", True)
    assert big.evaluate("img => img.naturalWidth") > 0
    shot(student, "files-viewer")
    expect(viewer).to_contain_text("1 из 2")
    student.keyboard.press("ArrowRight")
    expect(student.get_by_role("dialog", name=re.compile("схема.png"))).to_contain_text("2 из 2")
    student.keyboard.press("ArrowLeft")
    expect(viewer).to_contain_text("1 из 2")
    student.keyboard.press("Escape")
    expect(viewer).to_have_count(0)

    # Download of the PDF with its own name.
    with student.expect_download() as info:
        card.get_by_role("link", name=re.compile("Скачать «Контрольная.pdf»")).click()
    assert info.value.suggested_filename == "Контрольная.pdf"
    path = info.value.path()
    assert path is not None and Path(path).read_bytes().startswith(b"%PDF")

    # The chat's files tab: pictures first, documents on their tab, jump to the message.
    student.get_by_role("button", name="О чате").click()
    info_dialog = student.get_by_role("dialog")
    tabs = info_dialog.get_by_role("tablist", name="Файлы по типам")
    expect(tabs.get_by_role("tab", name="Фото и видео")).to_have_attribute("aria-selected", "true")
    expect(
        info_dialog.get_by_role("button", name="Открыть изображение «доска.png»")
    ).to_be_visible()
    shot(student, "files-tab")
    tabs.get_by_role("tab", name="Фото и видео").press("ArrowRight")
    expect(tabs.get_by_role("tab", name="Документы")).to_be_focused()
    expect(info_dialog.locator(".file-card", has_text="Контрольная.pdf")).to_be_visible()
    assert axe_violations(student) == []
    info_dialog.get_by_role("button", name="К сообщению: Контрольная.pdf").click()
    expect(student.get_by_role("dialog")).to_have_count(0)
    expect(student.locator("article.msg.highlight")).to_contain_text("Материалы к уроку")


def test_paste_and_drop_attach_files(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    teacher, student = new_page(), new_page(theme="contrast")
    sign_in(teacher, server, s.teacher)
    sign_in(student, server, s.students[0])
    open_chat(teacher, CHAT)
    open_chat(student, CHAT)
    png = list(png_bytes((200, 60, 60)))

    # Paste a picture into the message box, as a screenshot from the clipboard would come.
    teacher.get_by_role("textbox", name="Сообщение").evaluate(
        """(box, bytes) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], "image.png", {type: "image/png"}));
            const init = {clipboardData: dt, bubbles: true, cancelable: true};
            box.dispatchEvent(new ClipboardEvent("paste", init));
        }""",
        png,
    )
    # Drop a text file onto the chat.
    teacher.locator("section.chat").evaluate(
        """(chat) => {
            const dt = new DataTransfer();
            dt.items.add(new File(["список литературы"], "список.txt", {type: "text/plain"}));
            for (const type of ["dragenter", "dragover", "drop"]) {
                const init = {dataTransfer: dt, bubbles: true, cancelable: true};
                chat.dispatchEvent(new DragEvent(type, init));
            }
        }"""
    )
    uploads_done(teacher, 2)
    expect(teacher.locator(".drop-zone")).to_have_count(0)
    send_button(teacher).click()  # no text: files alone
    expect(student.locator(".file-card", has_text="список.txt")).to_be_visible(timeout=15_000)
    expect(
        student.get_by_role("button", name=re.compile(r"Открыть изображение «image-\d+\.png»"))
    ).to_be_visible()
    shot(student, "files-chat-contrast")
    assert axe_violations(student) == []


def test_upload_refused_is_explained_and_cancel_removes(
    server: LiveServer, new_page: NewPage
) -> None:
    s = make_school(server)
    admin = make_member(server, s.org.id, "admin")
    # A tiny per-file limit for the organisation (1 MB) and a file just over it.
    r = admin.client(server).patch(f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 1}})
    assert r.status_code == 200, r.text
    page = new_page()
    sign_in(page, server, s.teacher)
    open_chat(page, CHAT)
    attach(
        page,
        [
            {
                "name": "большой.bin",
                "mimeType": "application/octet-stream",
                "buffer": b"x" * (1024 * 1024 + 10),
            }
        ],
    )
    error = page.locator(".upload-error")
    expect(error).to_have_text("«большой.bin» слишком большой: можно до 1 МБ.")
    expect(send_button(page)).to_be_disabled()
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, "files-composer-360")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Убрать «большой.bin»").click()
    expect(page.locator(".upload-item")).to_have_count(0)


# --- voice messages: a browser with Chromium's fake microphone --------------------------


@pytest.fixture
def media_browser(web_build: None) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
    )
    yield b
    b.close()
    pw.stop()


def media_page(browser: Any) -> Any:
    ctx = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    prefs = json.dumps({"theme": "light", "text": "normal"})
    ctx.add_init_script(f"localStorage.setItem('parta.appearance', {json.dumps(prefs)});")
    ctx.set_default_timeout(10_000)
    return ctx.new_page()


def test_voice_message_recorded_and_played_on_the_other_side(
    server: LiveServer, media_browser: Any
) -> None:
    s = make_school(server)
    teacher, student = media_page(media_browser), media_page(media_browser)
    try:
        sign_in(teacher, server, s.teacher)
        sign_in(student, server, s.students[0])
        open_chat(teacher, CHAT)
        open_chat(student, CHAT)
        teacher.get_by_role("button", name="Записать голосовое сообщение").click()
        recording = teacher.get_by_role("group", name="Идёт запись")
        expect(recording).to_be_visible()
        teacher.wait_for_timeout(1600)
        expect(recording.get_by_role("timer")).to_have_text(re.compile(r"0:0[1-9]"))
        recording.get_by_role("button", name="Остановить и отправить").click()
        player = student.get_by_role("group", name=re.compile(r"Голосовое сообщение, 0:0[1-3]"))
        expect(player).to_be_visible(timeout=15_000)
        expect(player.get_by_role("button", name="Прослушать голосовое сообщение")).to_be_visible()
        audio = player.locator("audio")
        expect(audio).to_have_count(1)
        # The recording is real audio the browser can decode.
        student.wait_for_function(
            "el => el.readyState >= 1", arg=audio.element_handle(), timeout=10_000
        )
        shot(student, "files-voice")
    finally:
        teacher.context.close()
        student.context.close()


def test_microphone_refused_is_explained(server: LiveServer, new_page: NewPage) -> None:
    """Without a microphone permission (no fake device here) the person is told why."""
    s = make_school(server)
    page = new_page()
    sign_in(page, server, s.teacher)
    open_chat(page, CHAT)
    page.get_by_role("button", name="Записать голосовое сообщение").click()
    alert = page.locator(".voice-error")
    expect(alert).to_have_text(
        re.compile(
            "Нет доступа к микрофону|Микрофон не найден|Этот браузер не умеет записывать звук"
        )
    )
    expect(page.get_by_role("button", name="Записать голосовое сообщение")).to_be_enabled()


def test_voice_cancel_discards(server: LiveServer, media_browser: Any) -> None:
    s = make_school(server)
    page = media_page(media_browser)
    try:
        sign_in(page, server, s.teacher)
        open_chat(page, CHAT)
        page.get_by_role("button", name="Записать голосовое сообщение").click()
        page.wait_for_timeout(600)
        page.get_by_role("button", name="Отменить запись").click()
        expect(page.get_by_role("button", name="Записать голосовое сообщение")).to_be_focused()
        page.wait_for_timeout(800)
        expect(page.locator(".voice-player")).to_have_count(0)
        expect(page.locator("article.msg.pending")).to_have_count(0)
    finally:
        page.context.close()


# --- homework collection ----------------------------------------------------------------


def test_homework_collected_handed_in_and_counted(server: LiveServer, new_page: NewPage) -> None:
    s = make_school(server)
    teacher, student = new_page(), new_page()
    sign_in(teacher, server, s.teacher)
    sign_in(student, server, s.students[0])
    open_chat(teacher, CHAT)
    open_chat(student, CHAT)

    teacher.get_by_role("button", name="Собрать работы").click()
    dialog = teacher.get_by_role("dialog", name="Собрать работы")
    dialog.get_by_label("Задание").fill("Сочинение о лете")
    dialog.get_by_label("Описание").fill("Не меньше одной страницы.")
    assert axe_violations(teacher) == []
    dialog.get_by_role("button", name="Опубликовать задание").click()
    expect(dialog).to_have_count(0)
    card = teacher.get_by_role("region", name="Сбор работ: Сочинение о лете")
    expect(card).to_be_visible()
    expect(card.get_by_test_id("assignment-progress")).to_have_text(re.compile(r"Сдали 0 из 2"))

    scard = student.get_by_role("region", name="Сбор работ: Сочинение о лете")
    expect(scard).to_be_visible(timeout=15_000)
    expect(scard.get_by_test_id("assignment-mine")).to_have_text("Вы ещё не сдали")
    scard.get_by_role("button", name="Сдать работу").click()
    hand = student.get_by_role("dialog", name="Сдать работу: Сочинение о лете")
    hand.get_by_test_id("handin-input").set_input_files(
        [{"name": "сочинение.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    uploads_done(student, 1)
    hand.get_by_label("Комментарий для учителя").fill("Готово")
    shot(student, "homework-hand-in")
    assert axe_violations(student) == []
    hand.get_by_role("button", name="Сдать", exact=True).click()
    expect(hand.get_by_text("Работа сдана.")).to_be_visible()
    expect(hand.get_by_test_id("my-submission")).to_contain_text("Сдано")
    expect(hand.locator(".file-card", has_text="сочинение.pdf")).to_be_visible()
    hand.get_by_role("button", name="Закрыть", exact=True).click()
    expect(scard.get_by_test_id("assignment-mine")).to_have_text(re.compile("^Вы сдали"))

    # The teacher's count moves live; the submissions view lists who has and has not.
    expect(card.get_by_test_id("assignment-progress")).to_have_text(
        re.compile(r"1 из 2"), timeout=15_000
    )
    card.get_by_role("button", name="Работы").click()
    view = teacher.get_by_role("dialog", name="Работы: Сочинение о лете")
    done = view.get_by_test_id("submission")
    expect(done).to_have_count(1)
    expect(done).to_contain_text(s.students[0].name)
    expect(done).to_contain_text("Готово")
    expect(done.locator(".file-card", has_text="сочинение.pdf")).to_be_visible()
    expect(view.locator(".missing-list")).to_contain_text(s.students[1].name)
    expect(view.get_by_role("link", name="Скачать все (zip)")).to_be_visible()
    shot(teacher, "homework-submissions")
    assert axe_violations(teacher) == []
    with teacher.expect_download() as zipped:
        view.get_by_role("link", name="Скачать все (zip)").click()
    assert zipped.value.suggested_filename.endswith(".zip")

    # Closing stops hand-ins; the student's card follows live (the numbered assignment.closed).
    teacher.once("dialog", lambda d: d.accept())
    view.get_by_role("button", name="Закрыть приём").click()
    expect(view.get_by_role("button", name="Закрыть приём")).to_have_count(0)
    view.get_by_role("button", name="Закрыть", exact=True).click()
    expect(card).to_contain_text("Приём закрыт")
    expect(scard).to_contain_text("Приём закрыт", timeout=15_000)
    scard.get_by_role("button", name="Моя работа").click()
    hand = student.get_by_role("dialog", name="Сдать работу: Сочинение о лете")
    expect(hand.get_by_text("Приём закрыт: работу больше нельзя изменить.")).to_be_visible()
    expect(hand.get_by_role("button", name="Отозвать работу")).to_have_count(0)
