"""Where outgoing webhooks may be delivered: public addresses only, unless the operator
allows private ones (PARTA_WEBHOOKS_ALLOW_PRIVATE, e.g. for a gradebook on the school's own
network). Checked at delivery time on the addresses the host resolves to, so a name that
later points inside the network is refused too (redirects are never followed)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def refusal(url: str, allow_private: bool) -> str | None:
    """Why this address may not be called, or None when it may."""
    if allow_private:
        return None
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return f"cannot resolve {host}"
    if not infos or any(_private(str(info[4][0])) for info in infos):
        return f"{host} is a private or local address (PARTA_WEBHOOKS_ALLOW_PRIVATE allows it)"
    return None
