"""My devices with pushes on: registered by the web client, listed and removed by their
owner only, moved to whoever signs in next on the same browser.

The endpoint is a URL the browser got from its push service; the server will POST to it,
so it is checked like any user-given address: https only, and no private or local address
unless PARTA_PUSH_ALLOW_PRIVATE is on (names are checked again, resolved, when sending).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth import throttle
from parta.auth.deps import Actor
from parta.config import get_settings
from parta.integrations.targets import is_private
from parta.kit.errors import Conflict, Unprocessable, not_found
from parta.kit.ids import is_id, sha256_hex
from parta.models import PushSubscription
from parta.push.queue import queue_push
from parta.push.schemas import SubscriptionIn, SubscriptionOut, TestPushOut
from parta.push.vapid import b64u_decode

MAX_DEVICES = 20
TESTS_PER_HOUR = 5
_HOUR = timedelta(hours=1)


def _refused(message: str) -> Unprocessable:
    return Unprocessable(message, code="endpoint_not_allowed", fields={"endpoint": message})


def check_endpoint(url: str, allow_private: bool) -> str:
    """The endpoint as given, or 422 `endpoint_not_allowed` saying why not."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise _refused("The push endpoint is not a valid URL.") from None
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise _refused("The push endpoint must be an https:// URL.")
    if not host or parts.username or parts.password:
        raise _refused("The push endpoint must name a host, without a user name or password.")
    if not allow_private:
        local = host == "localhost" or host.endswith((".localhost", ".local"))
        try:
            literal = is_private(str(ipaddress.ip_address(host)))
        except ValueError:
            literal = False  # a name: resolved and checked when a push is sent
        if local or literal:
            raise _refused(
                "The push endpoint is a private or local address "
                "(PARTA_PUSH_ALLOW_PRIVATE allows it)."
            )
    return url.strip()


def check_keys(p256dh: str, auth: str) -> None:
    """422 `invalid_subscription` unless p256dh is a P-256 point and auth 16 bytes."""
    try:
        point = b64u_decode(p256dh)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        secret = b64u_decode(auth)
    except (ValueError, TypeError):
        point, secret = b"", b""
    if len(point) != 65 or len(secret) != 16:
        raise Unprocessable(
            "The subscription's keys are not valid Web Push keys.",
            code="invalid_subscription",
            fields={"keys": "p256dh must be a P-256 public key and auth 16 bytes (base64url)"},
        )


def _out(row: PushSubscription, actor: Actor) -> SubscriptionOut:
    return SubscriptionOut(
        id=row.id,
        endpoint=row.endpoint,
        user_agent=row.user_agent,
        created_at=row.created_at,
        last_success_at=row.last_success_at,
        this_session=row.session_id == actor.session.id,
    )


async def register(
    db: AsyncSession, actor: Actor, body: SubscriptionIn, user_agent: str
) -> SubscriptionOut:
    """Turn pushes on for this device (idempotent). The same browser registering again —
    after signing in anew, or as someone else — moves the subscription to this session."""
    endpoint = check_endpoint(body.endpoint, get_settings().push_allow_private)
    check_keys(body.keys.p256dh, body.keys.auth)
    key = sha256_hex(endpoint)
    stmt = sa.select(PushSubscription).where(PushSubscription.endpoint_hash == key)
    row = (await db.execute(stmt)).scalar_one_or_none()
    if row is None:
        row = PushSubscription(endpoint=endpoint, endpoint_hash=key)
        db.add(row)
    row.account_id, row.session_id = actor.id, actor.session.id
    row.p256dh, row.auth = body.keys.p256dh, body.keys.auth
    row.user_agent = user_agent[:300]
    row.failures, row.last_error = 0, ""
    await db.flush()
    await _keep_newest(db, actor.id)
    return _out(row, actor)


async def _keep_newest(db: AsyncSession, account_id: str) -> None:
    """At most MAX_DEVICES per person: the oldest go (browsers that were thrown away)."""
    stmt = (
        sa.select(PushSubscription.id)
        .where(PushSubscription.account_id == account_id)
        .order_by(PushSubscription.id.desc())
        .offset(MAX_DEVICES)
    )
    old = list((await db.execute(stmt)).scalars())
    if old:
        await db.execute(sa.delete(PushSubscription).where(PushSubscription.id.in_(old)))


async def my_devices(db: AsyncSession, actor: Actor) -> list[SubscriptionOut]:
    """My devices with pushes on, newest first."""
    stmt = (
        sa.select(PushSubscription)
        .where(PushSubscription.account_id == actor.id)
        .order_by(PushSubscription.id.desc())
    )
    return [_out(row, actor) for row in (await db.execute(stmt)).scalars()]


async def remove(db: AsyncSession, actor: Actor, subscription_id: str) -> None:
    """Turn pushes off for one of my devices; someone else's is 404, like a missing one."""
    row = await db.get(PushSubscription, subscription_id) if is_id(subscription_id) else None
    if row is None or row.account_id != actor.id:
        raise not_found("device")
    await db.delete(row)


async def send_test(db: AsyncSession, actor: Actor) -> TestPushOut:
    """A test push to each of my devices (at most TESTS_PER_HOUR an hour)."""
    key = f"push-test:{actor.id}"
    await throttle.ensure_below(
        db, key, TESTS_PER_HOUR, _HOUR, "Too many test notifications. Try again in an hour."
    )
    stmt = sa.select(sa.func.count()).where(PushSubscription.account_id == actor.id)
    devices = int((await db.execute(stmt)).scalar_one())
    if not devices or not await queue_push(db, "test", [actor.id]):
        raise Conflict("Turn on push notifications on a device first.", code="no_push_devices")
    await throttle.record(db, key)
    return TestPushOut(devices=devices)
