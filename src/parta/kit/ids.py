"""Identifiers and secrets.

Row ids are ULIDs (time-ordered, 26 chars) so they sort by creation and reveal no counts.
Secrets (session tokens, invitation tokens, codes) come from `secrets` and are stored hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from parta.kit.clock import clock

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A ULID: 48-bit millisecond time + 80 random bits, Crockford base32."""
    ms = int(clock.now().timestamp() * 1000)
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    out = []
    for _ in range(26):
        out.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(out))


def is_id(value: str) -> bool:
    """True when `value` has the shape of a row id (lets callers answer 404 without a query,
    and keeps NUL and other bytes PostgreSQL refuses out of SQL parameters)."""
    return len(value) == 26 and all(c in _CROCKFORD for c in value)


def random_token(nbytes: int = 32) -> str:
    """An unguessable URL-safe token."""
    return secrets.token_urlsafe(nbytes)


def numeric_code(digits: int = 6) -> str:
    """A one-time code a person can type from an e-mail."""
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hmac_hex(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
