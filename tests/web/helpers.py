"""Steps shared by the browser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.builders import Person
from tests.harness import LiveServer

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def sign_in(page: Any, server: LiveServer, person: Person) -> None:
    page.goto(server.url + "/")
    page.wait_for_url("**/sign-in")
    page.get_by_label("Почта, телефон или логин").fill(person.email)
    page.get_by_label("Пароль", exact=True).fill(person.password)
    page.get_by_role("button", name="Войти", exact=True).click()
    page.get_by_role("navigation", name="Чаты").get_by_role("link").first.wait_for()


def open_chat(page: Any, title: str) -> None:
    page.get_by_role("navigation", name="Чаты").get_by_role("link", name=title).first.click()
    page.get_by_role("heading", level=1, name=title).wait_for()


def send(page: Any, text: str) -> None:
    box = page.get_by_role("textbox", name="Сообщение")
    box.fill(text)
    box.press("Enter")


def message(page: Any, text: str) -> Any:
    """A stored (not pending) message whose own text (not a quote of it) contains `text`."""
    body = page.locator(".msg-body", has_text=text)
    return page.locator("article.msg[data-msg-id]").filter(has=body)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core in the page (WCAG 2.2 A/AA rules) and return its violations."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run npm ci in web/")
    page.evaluate(AXE.read_text())
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
