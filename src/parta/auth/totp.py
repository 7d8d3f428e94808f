"""TOTP two-factor authentication (RFC 6238, pyotp): enrolment, codes, recovery codes.

The secret is derived, not stored: HMAC(server key, account id, salt). The row keeps only the
salt, so a stolen database (a backup, a replica) cannot produce codes without the key, and a
new enrolment simply takes a new salt. Recovery codes are stored as HMACs keyed the same way.
An accepted time step is remembered, so one code opens one door once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import qrcode
import qrcode.image.svg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth import signin, throttle, totp_texts
from parta.auth.deps import Actor
from parta.auth.email_codes import send, wrong_password
from parta.auth.passwords import verify_password
from parta.auth.tokens import end_sessions
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import BadRequest, Conflict
from parta.kit.ids import constant_time_equal, hmac_hex, random_token
from parta.models import Account, TotpFactor, TotpRecoveryCode

ISSUER = "Parta"
DIGITS = 6
INTERVAL = 30
# One step either side: a phone clock a little off still works, and a code typed at the end
# of its 30 seconds is still good when it arrives.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_RECOVERY_LENGTH = 10


def _key() -> bytes:
    return get_settings().resolved_secret_key().encode()


def secret_of(account_id: str, salt: str) -> str:
    """The base32 secret the authenticator app holds (160 bits, as RFC 4226 recommends)."""
    raw = hmac.new(_key(), f"totp:{account_id}:{salt}".encode(), hashlib.sha256).digest()[:20]
    return base64.b32encode(raw).decode().rstrip("=")


def _totp(account_id: str, salt: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret_of(account_id, salt), digits=DIGITS, interval=INTERVAL)


def current_step() -> int:
    return int(utcnow().timestamp()) // INTERVAL


def code_at(account_id: str, salt: str, step: int) -> str:
    """The code of one time step (tests and the enrolment check use it)."""
    return _totp(account_id, salt).generate_otp(step)


def otpauth_uri(account: Account, salt: str) -> str:
    label = account.email or account.username or account.phone or account.id
    return _totp(account.id, salt).provisioning_uri(name=label, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The otpauth URI as an SVG QR code (drawn here, so the secret never leaves the server
    for a third-party renderer)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(uri)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _clean(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_hash(account_id: str, code: str) -> str:
    return hmac_hex(_key().decode(), f"recovery:{account_id}:{_clean(code)}")


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


async def factor_of(db: AsyncSession, account_id: str) -> TotpFactor | None:
    return await db.get(TotpFactor, account_id)


def _accept_totp(factor: TotpFactor, code: str) -> bool:
    """Check a 6-digit code against the steps around now, never a step already used."""
    if len(code) != DIGITS or not code.isdigit():
        return False
    now = current_step()
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step <= factor.last_step:
            continue
        if constant_time_equal(code_at(factor.account_id, factor.salt, step), code):
            factor.last_step = step
            return True
    return False


async def _use_recovery_code(db: AsyncSession, account_id: str, code: str) -> bool:
    stmt = sa.select(TotpRecoveryCode).where(
        TotpRecoveryCode.account_id == account_id,
        TotpRecoveryCode.code_hash == _recovery_hash(account_id, code),
        TotpRecoveryCode.used_at.is_(None),
    )
    row = (await db.execute(stmt)).scalar_one_or_none()
    if row is None:
        return False
    # A conditional update, so two requests racing with the same code cannot both win.
    result = await db.execute(
        sa.update(TotpRecoveryCode)
        .where(TotpRecoveryCode.id == row.id, TotpRecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def check_second_factor(db: AsyncSession, factor: TotpFactor, code: str) -> str | None:
    """'totp' or 'recovery' when the code is good (and now used up), else None."""
    cleaned = _clean(code)
    if _accept_totp(factor, cleaned):
        await db.flush()
        return "totp"
    if len(cleaned) == _RECOVERY_LENGTH and await _use_recovery_code(
        db, factor.account_id, cleaned
    ):
        return "recovery"
    return None


def attempts_key(account_id: str) -> str:
    return "totp:account:" + account_id


async def check_attempt_limits(db: AsyncSession, account_id: str, ip: str) -> None:
    """429 once this account (or this address) has given too many wrong codes lately."""
    s = get_settings()
    window = timedelta(minutes=s.signin_lock_minutes)
    await throttle.ensure_below(
        db,
        attempts_key(account_id),
        s.signin_max_failures,
        window,
        f"Too many wrong codes. Try again in {s.signin_lock_minutes} minutes.",
    )
    await throttle.ensure_below(
        db,
        signin.address_key(ip),
        s.address_max_failures,
        window,
        "Too many failed sign-in attempts from your network. Try again later.",
    )


async def record_wrong_code(db: AsyncSession, account_id: str, ip: str) -> None:
    await throttle.record(db, attempts_key(account_id))
    await throttle.record(db, signin.address_key(ip))
    await audit(
        db,
        "totp.failed",
        actor_id=account_id,
        target_type="account",
        target_id=account_id,
        ip=ip,
    )


def wrong_code() -> BadRequest:
    return BadRequest(
        "The code is wrong or has already been used. Enter the current code from the app.",
        code="invalid_code",
        fields={"code": "wrong"},
    )


async def verify_code_of(db: AsyncSession, account_id: str, code: str, *, ip: str) -> str:
    """Check a code of an enrolled account under the attempt limits; 400 when wrong (the
    failure is counted and kept)."""
    factor = await factor_of(db, account_id)
    if factor is None or factor.confirmed_at is None:
        raise Conflict("Two-factor authentication is not enabled.", code="totp_not_enabled")
    await check_attempt_limits(db, account_id, ip)
    how = await check_second_factor(db, factor, code)
    if how is None:
        await record_wrong_code(db, account_id, ip)
        raise wrong_code().keeping_changes()
    await throttle.clear(db, attempts_key(account_id))
    if how == "recovery":
        await audit(
            db,
            "totp.recovery_code_used",
            actor_id=account_id,
            target_type="account",
            target_id=account_id,
            ip=ip,
        )
    return how


async def _check_password(db: AsyncSession, actor: Actor, password: str, ip: str) -> None:
    """Re-check the password (a stolen session alone must not change the second factor)."""
    account = actor.account
    await signin.check_account_limits(db, account, ip)
    if not await verify_password(account.password_hash, password):
        await signin.record_account_failure(db, account, ip)
        raise wrong_password("password")


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_svg: str


async def start_enrolment(db: AsyncSession, actor: Actor, password: str, *, ip: str) -> Enrolment:
    """A new secret to put in the app; it counts only after confirm_enrolment."""
    await _check_password(db, actor, password, ip)
    factor = await factor_of(db, actor.id)
    if factor is not None and factor.confirmed_at is not None:
        raise Conflict(
            "Two-factor authentication is already on. Turn it off first to change the app.",
            code="totp_already_enabled",
        )
    salt = random_token(24)
    if factor is None:
        db.add(TotpFactor(account_id=actor.id, salt=salt, last_step=0))
    else:
        factor.salt = salt
        factor.last_step = 0
        factor.created_at = utcnow()
    await db.flush()
    uri = otpauth_uri(actor.account, salt)
    return Enrolment(secret=secret_of(actor.id, salt), uri=uri, qr_svg=qr_svg(uri))


async def _replace_recovery_codes(db: AsyncSession, account_id: str) -> list[str]:
    await db.execute(sa.delete(TotpRecoveryCode).where(TotpRecoveryCode.account_id == account_id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    db.add_all(
        TotpRecoveryCode(account_id=account_id, code_hash=_recovery_hash(account_id, c))
        for c in codes
    )
    await db.flush()
    return codes


async def confirm_enrolment(db: AsyncSession, actor: Actor, code: str, *, ip: str) -> list[str]:
    """Turn the factor on with a code from the app; returns the recovery codes (shown once).

    The person's other sessions end: they were opened without the second factor, and from
    now on every session of this account has passed it (this one just did)."""
    factor = await factor_of(db, actor.id)
    if factor is None:
        raise Conflict("Start the set-up first.", code="totp_not_started")
    if factor.confirmed_at is not None:
        raise Conflict("Two-factor authentication is already on.", code="totp_already_enabled")
    if not _accept_totp(factor, _clean(code)):
        raise wrong_code()
    factor.confirmed_at = utcnow()
    codes = await _replace_recovery_codes(db, actor.id)
    ended = await end_sessions(db, actor.id, except_session_id=actor.session.id)
    await audit(
        db,
        "totp.enabled",
        actor_id=actor.id,
        target_type="account",
        target_id=actor.id,
        ip=ip,
        data={"ended_sessions": ended},
    )
    account = actor.account
    if account.email:
        await send(db, account.email, totp_texts.enabled(account.language, account.display_name))
    return codes


async def new_recovery_codes(db: AsyncSession, actor: Actor, code: str, *, ip: str) -> list[str]:
    """Replace the recovery codes (the old ones stop working) after a current code."""
    await verify_code_of(db, actor.id, code, ip=ip)
    codes = await _replace_recovery_codes(db, actor.id)
    await audit(
        db,
        "totp.recovery_codes_replaced",
        actor_id=actor.id,
        target_type="account",
        target_id=actor.id,
        ip=ip,
    )
    return codes


async def disable(db: AsyncSession, actor: Actor, password: str, code: str, *, ip: str) -> None:
    """Turn two-factor authentication off: needs the password and a code (or recovery code)."""
    await _check_password(db, actor, password, ip)
    await verify_code_of(db, actor.id, code, ip=ip)
    await db.execute(sa.delete(TotpRecoveryCode).where(TotpRecoveryCode.account_id == actor.id))
    await db.execute(sa.delete(TotpFactor).where(TotpFactor.account_id == actor.id))
    await audit(
        db, "totp.disabled", actor_id=actor.id, target_type="account", target_id=actor.id, ip=ip
    )
    account = actor.account
    if account.email:
        await send(db, account.email, totp_texts.disabled(account.language, account.display_name))


async def recovery_codes_left(db: AsyncSession, account_id: str) -> int:
    stmt = sa.select(sa.func.count()).where(
        TotpRecoveryCode.account_id == account_id, TotpRecoveryCode.used_at.is_(None)
    )
    return int((await db.execute(stmt)).scalar_one())


async def enrol_directly(db: AsyncSession, account: Account) -> tuple[str, list[str]]:
    """Enrol without the app round trip (the CLI and test builders); returns the salt and the
    recovery codes."""
    salt = random_token(24)
    factor = await factor_of(db, account.id)
    if factor is None:
        db.add(TotpFactor(account_id=account.id, salt=salt, confirmed_at=utcnow(), last_step=0))
    else:
        factor.salt, factor.confirmed_at, factor.last_step = salt, utcnow(), 0
    await db.flush()
    return salt, await _replace_recovery_codes(db, account.id)
