"""The server's VAPID identity (RFC 8292): one P-256 key pair per installation, made on first
use and kept in the database so that every node signs with the same key (browsers bind
their subscriptions to the public key), and the Authorization header of each push request.

The key pair never changes by itself. To replace it, delete the `push_vapid_keys` row: every
device then has to turn pushes on again (their subscriptions answer 403 and are useless).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.models import PushVapidKey

ROW_ID = "vapid"
# Push services accept tokens valid for up to 24 h; a token is reused until an hour before
# it expires, so signing costs nothing per push.
TOKEN_SECONDS = 12 * 3600
REUSE_MARGIN = 3600


@dataclass(frozen=True)
class Keys:
    private_key: str  # the 32-byte scalar, base64url
    public_key: str  # the uncompressed point (65 bytes), base64url: the applicationServerKey


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate() -> Keys:
    key = ec.generate_private_key(ec.SECP256R1())
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return Keys(private_key=b64u(scalar), public_key=b64u(point))


# Per database (a test run serves SQLite and PostgreSQL from one process): the keys never
# change while the process runs, so they are read once.
_keys: dict[str, Keys] = {}
_tokens: dict[tuple[str, str], tuple[str, float]] = {}


def _db_key(db: AsyncSession) -> str:
    return str(db.get_bind().engine.url)


async def load(db: AsyncSession) -> Keys:
    """The installation's keys, made and stored by whichever node asks first."""
    cache_key = _db_key(db)
    found = _keys.get(cache_key)
    if found is not None:
        return found
    row = await db.get(PushVapidKey, ROW_ID)
    if row is None:
        made = generate()
        insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
        await db.execute(
            insert(PushVapidKey)
            .values(
                id=ROW_ID,
                private_key=made.private_key,
                public_key=made.public_key,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing()
        )
        # Whoever inserted first: read what is stored (ours or another node's).
        stmt = sa.select(PushVapidKey).where(PushVapidKey.id == ROW_ID)
        row = (await db.execute(stmt.execution_options(populate_existing=True))).scalar_one()
    keys = Keys(private_key=row.private_key, public_key=row.public_key)
    _keys[cache_key] = keys
    return keys


def contact() -> str:
    """The VAPID `sub`: PARTA_PUSH_CONTACT, or a mailto: of the address mail comes from."""
    settings = get_settings()
    if settings.push_contact:
        return settings.push_contact
    address = parseaddr(settings.smtp_from)[1] or "no-reply@parta.local"
    return f"mailto:{address}"


def audience(endpoint: str) -> str:
    """The origin of the push service (the token's `aud`)."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def authorization(keys: Keys, endpoint: str) -> str:
    """`vapid t=<JWT>,k=<public key>` for a request to this endpoint's push service."""
    aud = audience(endpoint)
    # Real time, not the test clock: the push service checks `exp` against its own clock.
    now = time.time()
    cached = _tokens.get((keys.public_key, aud))
    if cached is not None and cached[1] - REUSE_MARGIN > now:
        return cached[0]
    exp = int(now) + TOKEN_SECONDS
    signer = Vapid02.from_raw(keys.private_key.encode())
    header = str(signer.sign({"aud": aud, "sub": contact(), "exp": exp})["Authorization"])
    _tokens[(keys.public_key, aud)] = (header, float(exp))
    return header
