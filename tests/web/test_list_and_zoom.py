"""The chat list filter, and text enlarged to 200 % without loss (WCAG 1.4.4)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.web.conftest import NewPage, shot
from tests.web.helpers import message, open_chat, send, sign_in


def test_chat_list_filter_finds_chats_by_title(server: LiveServer, new_page: NewPage) -> None:
    school = make_school(server)
    page = new_page()
    sign_in(page, server, school.teacher)
    # The chat list itself (the sidebar also links to the calendar, materials and the like).
    nav = page.get_by_role("navigation", name="Чаты").locator("ul.chat-list")
    box = page.get_by_role("searchbox", name="Найти чат")
    box.fill("учител")  # the staff room, whatever the case
    expect(nav.get_by_role("link")).to_have_count(1)
    expect(nav.get_by_role("link", name=re.compile("Учительская"))).to_be_visible()
    box.fill("нет такого чата")
    expect(page.get_by_text("Таких чатов нет.")).to_be_visible()
    box.fill("")
    expect(nav.get_by_role("link", name=re.compile("5А"))).to_have_count(2)


def test_page_zoomed_to_200_percent_loses_nothing(server: LiveServer, new_page: NewPage) -> None:
    """A 1280×800 screen zoomed to 200 % leaves 640×400 CSS pixels: the app must still
    show and do everything without sideways scrolling."""
    school = make_school(server)
    page = new_page()
    page.set_viewport_size({"width": 640, "height": 400})
    sign_in(page, server, school.teacher)
    open_chat(page, "5А")
    send(page, "Крупный текст тоже читается")
    expect(message(page, "Крупный текст тоже читается")).to_be_visible()
    # No sideways scrolling of the page, and the main controls stay on screen and usable.
    overflow = page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = page.evaluate(
        """() => {
          const edge = document.documentElement.clientWidth + 1;
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > edge)
            .slice(0, 8).map(e => e.tagName + '.' + e.className);
        }"""
    )
    assert overflow <= 1, (overflow, wide)
    expect(page.get_by_role("textbox", name="Сообщение")).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1, name="5А")).to_be_in_viewport()
    shot(page, "chat-zoom-200")
