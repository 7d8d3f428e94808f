"""Sealing who wrote to the trust line.

The writer's account id is stored encrypted (AES-256-GCM, `cryptography`) with a key
derived from the server's secret, and bound to the thread's id as associated data, so a
sealed value copied onto another thread does not open. Their threads are found by a keyed
hash of organisation and account (`owner_tag`). A copy of the database — a backup, a
replica, a report run by a curious administrator with SQL access — says nothing about who
wrote without the server's key; inside the application only `open_seal` reads the seal, and
only the delivery of realtime notices to the writer and a recorded escalation call it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from parta.config import get_settings

_NONCE = 12


def _key(purpose: str) -> bytes:
    secret = get_settings().resolved_secret_key().encode()
    return hmac.new(secret, f"parta:trust:{purpose}:v1".encode(), hashlib.sha256).digest()


def seal(thread_id: str, account_id: str) -> str:
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_key("seal")).encrypt(nonce, account_id.encode(), thread_id.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def open_seal(thread_id: str, value: str) -> str:
    raw = base64.urlsafe_b64decode(value.encode())
    plain = AESGCM(_key("seal")).decrypt(raw[:_NONCE], raw[_NONCE:], thread_id.encode())
    return plain.decode()


def owner_tag(org_id: str, account_id: str) -> str:
    """The keyed hash under which a writer finds their own threads."""
    return hmac.new(_key("owner"), f"{org_id}:{account_id}".encode(), hashlib.sha256).hexdigest()
