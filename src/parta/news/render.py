"""Post text → safe HTML: the Markdown subset of messages plus headings and rules, cleaned
by nh3 with an allow-list. Headings move one level down (# is <h2>), since the page that
shows a post already has its <h1>."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

from parta.messages.render import ALLOWED_ATTRS, ALLOWED_TAGS

_md = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    [
        *("emphasis", "backticks", "link", "list", "blockquote", "fence", "code", "newline"),
        *("heading", "hr"),
    ]
)
_TAGS = ALLOWED_TAGS | {"h2", "h3", "h4", "hr"}
_HEADING = re.compile(r"<(/?)h([1-6])>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINE_START = re.compile(r"^\s*(?:#{1,6}|>|[-*+]|\d+[.)]|-{3,}|`{3,}.*)\s*", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_`~]+")


def render_post(body: str) -> str:
    out = _md.render(body)
    out = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 4)}>", out)
    return nh3.clean(
        out.strip(),
        tags=_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def excerpt(body: str, limit: int = 280) -> str:
    """A plain-text beginning for lists: Markdown signs dropped, one line."""
    text = _LINK.sub(r"\1", body)
    text = _EMPHASIS.sub("", _LINE_START.sub("", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
