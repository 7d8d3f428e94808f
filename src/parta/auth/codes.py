"""One-time e-mail codes: six digits, stored hashed, expiring, single-use, attempt-limited.

Purposes: "verify_email", "password_reset", "sign_in", "registration" (a primary-grade
student's registration waiting for the parent's code; `payload` holds what to create).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth import throttle
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import BadRequest
from parta.kit.ids import constant_time_equal, hmac_hex, numeric_code
from parta.models import OneTimeCode

PURPOSES = frozenset({"verify_email", "password_reset", "sign_in", "registration"})


def _hash(code_id: str, code: str) -> str:
    # Bound to the row id: a leaked table cannot be brute-forced with one precomputed table.
    return hmac_hex(get_settings().resolved_secret_key(), f"code:{code_id}:{code}")


async def limit_requests(db: AsyncSession, email: str, ip: str) -> None:
    """429 when too many codes were requested for this address or from this network."""
    s = get_settings()
    hour = timedelta(hours=1)
    msg = "Too many codes were requested. Please wait an hour and try again."
    await throttle.ensure_below(db, "code:email:" + email, s.code_requests_per_hour, hour, msg)
    await throttle.ensure_below(db, "code:ip:" + ip, s.code_requests_per_hour * 4, hour, msg)
    await throttle.record(db, "code:email:" + email)
    await throttle.record(db, "code:ip:" + ip)


async def issue_code(
    db: AsyncSession,
    purpose: str,
    email: str,
    *,
    account_id: str | None = None,
    payload: dict[str, object] | None = None,
    ttl: timedelta | None = None,
    supersede: bool = True,
) -> tuple[OneTimeCode, str]:
    """Create a code for `email`; unless `supersede` is False, earlier unused codes of the
    same purpose stop working (False: siblings' registrations to one parent coexist)."""
    assert purpose in PURPOSES
    now = utcnow()
    if supersede:
        await db.execute(
            sa.update(OneTimeCode)
            .where(
                OneTimeCode.purpose == purpose,
                OneTimeCode.email == email,
                OneTimeCode.used_at.is_(None),
            )
            .values(used_at=now)
        )
    code = numeric_code(6)
    row = OneTimeCode(
        purpose=purpose,
        email=email,
        account_id=account_id,
        code_hash="",
        expires_at=now + (ttl or timedelta(minutes=get_settings().code_minutes)),
        payload=payload,
    )
    db.add(row)
    await db.flush()
    row.code_hash = _hash(row.id, code)
    await db.flush()
    return row, code


async def consume_code(
    db: AsyncSession, purpose: str, email: str, code: str, *, code_id: str | None = None
) -> OneTimeCode:
    """Check and use up the live code for (purpose, email) — or the one with `code_id`.

    Wrong codes count against the code (the error commits the count); after
    `code_max_attempts` wrong tries the code is dead and a new one must be requested.
    """
    s = get_settings()
    stmt = sa.select(OneTimeCode).where(
        OneTimeCode.purpose == purpose, OneTimeCode.email == email, OneTimeCode.used_at.is_(None)
    )
    if code_id is not None:
        stmt = stmt.where(OneTimeCode.id == code_id[:26])
    row = (await db.execute(stmt.order_by(OneTimeCode.id.desc()).limit(1))).scalar_one_or_none()
    invalid = BadRequest(
        "The code is wrong or has expired. Request a new one.", code="invalid_code"
    )
    if row is None or row.expires_at <= utcnow():
        raise invalid
    if row.attempts >= s.code_max_attempts:
        raise BadRequest(
            "Too many wrong attempts with this code. Request a new one.", code="code_locked"
        )
    if not constant_time_equal(row.code_hash, _hash(row.id, code.strip())):
        row.attempts += 1
        await db.flush()
        raise invalid.keeping_changes()
    row.used_at = utcnow()
    await db.flush()
    return row
