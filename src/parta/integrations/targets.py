"""Where outgoing webhooks may be delivered: public addresses only, unless the operator
allows private ones (PARTA_WEBHOOKS_ALLOW_PRIVATE, e.g. for a gradebook on the school's own
network). Checked at delivery time on the addresses the host resolves to, so a name that
later points inside the network is refused too (redirects are never followed)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


def is_private(address: str) -> bool:
    """True for private, local, multicast, reserved or unspecified IP addresses, and for any
    address that is not globally reachable (carrier-grade NAT, benchmarking, ...), including
    IPv4 addresses wrapped in IPv6 (mapped, 6to4, Teredo)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        teredo = ip.teredo
        for inner in (ip.ipv4_mapped, ip.sixtofour, teredo[1] if teredo else None):
            if inner is not None and is_private(str(inner)):
                return True
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def refusal(
    url: str, allow_private: bool, setting: str = "PARTA_WEBHOOKS_ALLOW_PRIVATE"
) -> str | None:
    """Why this address may not be called, or None when it may (`setting` names the switch
    that allows private addresses, for the message)."""
    if allow_private:
        return None
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return f"cannot resolve {host}"
    if not infos or any(is_private(str(info[4][0])) for info in infos):
        return f"{host} is a private or local address ({setting} allows it)"
    return None
