"""Validation of addresses administrators give us (gradebook links, webhook targets)."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_LENGTH = 500


def checked_url(value: str, *, schemes: tuple[str, ...] = ("https",)) -> str:
    """The address stripped, or ValueError: an allowed scheme, a host, no credentials, no
    spaces or control characters (which some clients would silently re-interpret)."""
    url = value.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"at most {MAX_URL_LENGTH} characters")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise ValueError("must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a malformed port
    except ValueError as exc:
        raise ValueError("not a valid address") from exc
    if parts.scheme.lower() not in schemes:
        raise ValueError("must start with " + " or ".join(f"{s}://" for s in schemes))
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise ValueError("needs a host name and no user name or password")
    del port
    return url
