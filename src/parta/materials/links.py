"""Checking what people type: web addresses (http and https only) and titles."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from parta.kit.errors import Unprocessable

MAX_URL = 2000


def _bad_url(message: str) -> Unprocessable:
    return Unprocessable(message, code="invalid_url", fields={"url": message})


def clean_url(raw: str) -> str:
    """The address when it is an absolute http(s) address with a host; 422 `invalid_url`.

    Other schemes (javascript:, data:, file:, ...) would run or open something in the reader's
    browser; addresses with a user name or password are refused because they are a common
    disguise ("https://school.ru@evil.example")."""
    url = raw.strip()
    if not url or len(url) > MAX_URL:
        raise _bad_url(f"Enter a web address of at most {MAX_URL} characters.")
    if any(c.isspace() or unicodedata.category(c)[0] == "C" for c in url):
        raise _bad_url("A web address cannot contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port out of range
    except ValueError:
        raise _bad_url("This is not a valid web address.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise _bad_url("Only http:// and https:// addresses can be added.")
    if not parts.hostname:
        raise _bad_url("The address needs a site name, like https://example.org/page.")
    if parts.username is not None or parts.password is not None:
        raise _bad_url("Addresses with a user name or password cannot be added.")
    del port
    return url


def clean_title(raw: str, field: str = "title") -> str:
    """One line of text without control characters; 422 when nothing is left."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = " ".join(text.split())
    if not text:
        raise Unprocessable("Give it a title.", code="invalid", fields={field: "required"})
    return text[:200]
