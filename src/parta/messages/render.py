"""Message text → safe HTML: a small Markdown subset rendered by markdown-it, then cleaned
by nh3 (ammonia) with an allow-list; links get rel="noopener noreferrer" and open outside.

Mentions are written `<@ACCOUNT_ID>` (and `@all`) by clients and rendered with the name.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "backticks", "link", "list", "blockquote", "fence", "code", "newline"]
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "span",
}
ALLOWED_ATTRS = {"a": {"href", "title"}, "span": {"class", "data-account-id"}}
MENTION = re.compile(r"<@([0-9A-HJKMNP-TV-Z]{26})>")
MENTION_ALL = re.compile(r"(?<![\w@])@all\b")
MAX_LENGTH = 4000


def mentioned_ids(body: str) -> list[str]:
    return list(dict.fromkeys(MENTION.findall(body)))


def mentions_all(body: str) -> bool:
    return bool(MENTION_ALL.search(body))


def render(body: str, names: dict[str, str]) -> str:
    """Safe HTML for `body`; `names` maps mentioned account ids to display names."""
    placeholders: dict[str, str] = {}

    def _hold(match: re.Match[str]) -> str:
        key = f"PARTAMENTION{len(placeholders)}X"
        account_id = match.group(1)
        name = names.get(account_id)
        placeholders[key] = (
            f'<span class="mention" data-account-id="{account_id}">@{html.escape(name)}</span>'
            if name
            else html.escape(match.group(0))
        )
        return key

    source = MENTION.sub(_hold, body)
    out = _md.render(source)
    for key, value in placeholders.items():
        out = out.replace(key, value)
    return nh3.clean(
        out.strip(),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def plain_preview(body: str, names: dict[str, str], limit: int = 140) -> str:
    """A one-line plain-text preview for chat lists and notifications."""
    text = MENTION.sub(lambda m: "@" + names.get(m.group(1), "…"), body)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
