"""One push request (RFC 8030): the payload encrypted for the device (aes128gcm, RFC 8291, by
http_ece), signed for the push service (VAPID, RFC 8292), POSTed without following
redirects, only to public addresses unless PARTA_PUSH_ALLOW_PRIVATE is on."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import http_ece
import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from parta.integrations.targets import refusal
from parta.push.vapid import Keys, authorization, b64u_decode

# RFC 8030 §7.2: push services must accept 4096 bytes of payload; JSON stays well below.
MAX_PAYLOAD = 3000
TIMEOUT_SECONDS = 10.0
ALLOW_SETTING = "PARTA_PUSH_ALLOW_PRIVATE"


@dataclass(frozen=True)
class Delivery:
    subscription_id: str
    endpoint: str
    p256dh: str
    auth: str
    payload: dict[str, Any]
    ttl: int
    urgency: str = "normal"  # very-low, low, normal, high (RFC 8030 §5.3)
    topic: str | None = None  # replaces an undelivered push of the same topic (§5.4)


@dataclass(frozen=True)
class Outcome:
    delivery: Delivery
    status_code: int | None
    error: str
    ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        """The push service says the subscription no longer exists: forget it."""
        return self.status_code in (404, 410)


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def encrypt(data: bytes, p256dh: str, auth: str) -> bytes:
    """The aes128gcm body for one device: a fresh ephemeral key per message."""
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    body: bytes = http_ece.encrypt(
        data,
        private_key=ephemeral,
        dh=b64u_decode(p256dh),
        auth_secret=b64u_decode(auth),
        version="aes128gcm",
    )
    return body


async def refusals(deliveries: Sequence[Delivery], allow_private: bool) -> dict[str, str | None]:
    """Why each push service host may not be called (None: it may), resolved once per host
    for a whole batch: a thousand pushes to one service are one address check."""
    first: dict[str, str] = {}
    for d in deliveries:
        first.setdefault(host_of(d.endpoint), d.endpoint)
    checks = await asyncio.gather(
        *(refusal(url, allow_private, ALLOW_SETTING) for url in first.values())
    )
    return dict(zip(first, checks, strict=True))


def host_of(endpoint: str) -> str:
    return urlsplit(endpoint).hostname or ""


async def send(
    client: httpx.AsyncClient, keys: Keys, delivery: Delivery, refused: str | None
) -> Outcome:
    """POST one push (`refused`: why its host may not be called, from `refusals`)."""
    started = time.monotonic()
    if refused is not None:
        return Outcome(delivery, None, refused[:300], _ms(started))
    data = encode(delivery.payload)
    if len(data) > MAX_PAYLOAD:
        return Outcome(delivery, None, f"payload of {len(data)} bytes is too large", 0)
    headers = {
        "TTL": str(delivery.ttl),
        "Urgency": delivery.urgency,
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "Authorization": authorization(keys, delivery.endpoint),
    }
    if delivery.topic:
        headers["Topic"] = delivery.topic
    try:
        body = encrypt(data, delivery.p256dh, delivery.auth)
        response = await client.post(delivery.endpoint, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return Outcome(delivery, None, f"{type(exc).__name__}: {exc}"[:300], _ms(started))
    except (ValueError, TypeError, http_ece.ECEException) as exc:  # keys that do not fit
        return Outcome(delivery, None, f"bad subscription keys: {exc}"[:300], _ms(started))
    ok = 200 <= response.status_code < 300
    error = "" if ok else f"HTTP {response.status_code} {response.text[:200]}".strip()
    return Outcome(delivery, response.status_code, error[:300], _ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
