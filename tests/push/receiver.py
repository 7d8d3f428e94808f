"""A push service on 127.0.0.1 for tests, and a browser's side of a subscription.

`PushReceiver` records every request it gets (answering 201 Created, or the status a test
sets for an endpoint). `Device` holds what a browser keeps for one subscription — a P-256
key pair and a 16-byte auth secret — and decrypts what arrives exactly as RFC 8291 says,
written here with `cryptography` alone (not with the library the server encrypts with),
and checks the VAPID token (RFC 8292) against the server's public key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class PushReceiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.status: dict[str, int] = {}  # path -> status to answer
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    receiver.requests.append(Received(self.path, headers, body))
                    status = receiver.status.get(self.path, 201)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}"

    def received(self, device: Device) -> list[Received]:
        path = urlsplit(device.endpoint).path
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def wait_for(self, device: Device, count: int = 1, timeout: float = 10.0) -> list[Received]:
        """The first `count` pushes to the device (waits for them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received(device)
            if len(got) >= count:
                return got
            time.sleep(0.02)
        raise AssertionError(f"{len(self.received(device))} pushes to {device.endpoint}")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def _expand(prk: bytes, info: bytes, length: int) -> bytes:
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]


class Device:
    """One browser subscription: its keys, its endpoint on the receiver."""

    def __init__(self, receiver: PushReceiver, name: str | None = None) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.endpoint = receiver.url(name or b64u(os.urandom(9)))

    def subscription(self) -> dict[str, Any]:
        """What `PushSubscription.toJSON()` gives the web client."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64u(self.public), "auth": b64u(self.auth)},
        }

    def decrypt(self, body: bytes) -> dict[str, Any]:
        """RFC 8291 §3.4 + RFC 8188: one aes128gcm record, padded, delimiter 0x02."""
        salt, rs, id_len = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        sender_public = body[21 : 21 + id_len]
        ciphertext = body[21 + id_len :]
        assert id_len == 65 and len(ciphertext) <= rs
        shared = self.key.exchange(
            ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
        )
        ikm = _expand(
            _extract(self.auth, shared), b"WebPush: info\x00" + self.public + sender_public, 32
        )
        prk = _extract(salt, ikm)
        cek = _expand(prk, b"Content-Encoding: aes128gcm\x00", 16)
        nonce = _expand(prk, b"Content-Encoding: nonce\x00", 12)
        plain = AESGCM(cek).decrypt(nonce, ciphertext, None).rstrip(b"\x00")
        assert plain.endswith(b"\x02"), "the last record ends with the 0x02 delimiter"
        data: dict[str, Any] = json.loads(plain[:-1])
        return data


def check_vapid(headers: dict[str, str], public_key: str, endpoint: str) -> dict[str, Any]:
    """Verify `Authorization: vapid t=<JWT>,k=<key>`; returns the token's claims."""
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    parts = dict(p.split("=", 1) for p in params.split(","))
    assert parts["k"] == public_key, "signed with the key the server publishes"
    head, claims_part, signature = parts["t"].split(".")
    assert json.loads(b64u_decode(head)) == {"typ": "JWT", "alg": "ES256"}
    raw = b64u_decode(signature)
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64u_decode(public_key))
    key.verify(  # raises InvalidSignature
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        f"{head}.{claims_part}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    claims: dict[str, Any] = json.loads(b64u_decode(claims_part))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(endpoint))
    assert claims["aud"] == origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"].startswith(("mailto:", "https:"))
    return claims
