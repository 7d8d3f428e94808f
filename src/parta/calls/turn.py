"""ICE servers for a call: STUN addresses and time-limited TURN credentials.

coturn's shared-secret scheme (the "TURN REST API"): the username is
"<unix expiry>:<account id>" and the password is base64(HMAC-SHA1(secret, username)), so
coturn can check a credential without asking Parta, and it stops working at its expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Literal

from parta.calls.schemas import IceServer
from parta.config import Settings
from parta.kit.clock import utcnow


def turn_credential(secret: str, account_id: str, expires_unix: int) -> tuple[str, str]:
    username = f"{expires_unix}:{account_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(settings: Settings, account_id: str) -> list[IceServer]:
    """What a member's browser may use for this call (nothing from outside when unset)."""
    out: list[IceServer] = []
    if settings.stun_urls:
        out.append(IceServer(urls=list(settings.stun_urls)))
    if settings.turn_urls and settings.turn_secret:
        expires = int(utcnow().timestamp()) + settings.turn_ttl_seconds
        username, credential = turn_credential(settings.turn_secret, account_id, expires)
        out.append(
            IceServer(urls=list(settings.turn_urls), username=username, credential=credential)
        )
    return out


def transport_policy(settings: Settings) -> Literal["all", "relay"]:
    """Relay only when asked for and a TURN server is there to relay."""
    relay = settings.calls_relay_only and bool(settings.turn_urls and settings.turn_secret)
    return "relay" if relay else "all"
