"""Request helpers: the client's address behind trusted proxies."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from parta.config import get_settings


def client_ip(conn: HTTPConnection) -> str:
    """The peer address, or the last untrusted hop of X-Forwarded-For behind a trusted proxy."""
    peer = conn.client.host if conn.client else ""
    trusted = get_settings().trusted_proxies
    if peer not in trusted:
        return peer
    forwarded = conn.headers.get("x-forwarded-for", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:64]
    return peer


def user_agent(conn: HTTPConnection) -> str:
    return conn.headers.get("user-agent", "")[:300]
