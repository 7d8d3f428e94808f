"""Signing outgoing webhook deliveries (HMAC-SHA256 over "timestamp.body", like Stripe).

Header: `Parta-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>`.
The secret is derived from the server's secret key, the webhook's id and its secret version,
so nothing secret is stored and rotating it is bumping the version.
"""

from __future__ import annotations

import hashlib
import hmac

from parta.config import get_settings
from parta.kit.ids import hmac_hex

SIGNATURE_HEADER = "Parta-Signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)


def webhook_secret(webhook_id: str, version: int) -> str:
    """The signing secret of a webhook (re-derivable; shown to administrators once)."""
    key = get_settings().resolved_secret_key()
    return SECRET_PREFIX + hmac_hex(key, f"outgoing-webhook:{webhook_id}:{version}")[:48]


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value for one attempt."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (documented in docs/api/integrations.md; used by the tests)."""
    fields = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))
