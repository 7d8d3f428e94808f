"""Endpoints of two-factor authentication: my factor (/me/totp...) and the sign-in step."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from parta.auth import totp, totp_signin
from parta.auth.accounts import my_account
from parta.auth.cookies import set_session_cookies
from parta.auth.deps import CurrentActor
from parta.auth.roles import OrgRole
from parta.auth.schemas import SessionOut
from parta.deps import DB
from parta.kit.http import client_ip, user_agent
from parta.models import Membership, Org, TotpFactor

router = APIRouter(tags=["auth"])


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TotpStatus(BaseModel):
    enabled: bool
    confirmed_at: datetime | None
    recovery_codes_left: int
    required: bool = Field(
        description="True for the platform operator (the console needs it) and for "
        "administrators of an organisation that requires it"
    )
    required_by: list[str] = Field(
        description="Why it is required: `operator` and/or the names of organisations"
    )


class PasswordIn(_In):
    password: str = Field(min_length=1, max_length=1024)


class CodeIn(_In):
    code: str = Field(min_length=1, max_length=40, description="6 digits, or a recovery code")


class DisableIn(_In):
    password: str = Field(min_length=1, max_length=1024)
    code: str = Field(min_length=1, max_length=40)


class TotpSetup(BaseModel):
    secret: str = Field(description="The base32 secret, for typing into the app by hand")
    otpauth_uri: str = Field(description="otpauth://totp/... (what the QR code holds)")
    qr_data_url: str = Field(description="The QR code as a data: URL of an SVG image")
    digits: int
    period: int


class RecoveryCodes(BaseModel):
    codes: list[str] = Field(description="One-time codes, shown only now; each works once")


class SignInTotp(_In):
    challenge: str = Field(min_length=1, max_length=100)
    code: str = Field(min_length=1, max_length=40)
    transport: Literal["cookie", "token"] = Field(
        "cookie", description="cookie: HttpOnly session cookie (web); token: Bearer token (API)"
    )


async def _required_by(db: DB, actor: CurrentActor) -> list[str]:
    reasons = ["operator"] if actor.account.is_operator else []
    stmt = (
        sa.select(Org)
        .join(Membership, Membership.org_id == Org.id)
        .where(
            Membership.account_id == actor.id,
            Membership.status == "active",
            Membership.role == OrgRole.ADMIN,
            Org.status == "active",
        )
        .order_by(Org.name)
    )
    for org in (await db.execute(stmt)).scalars().unique():
        if (org.settings or {}).get("admins_require_totp"):
            reasons.append(org.name)
    return reasons


@router.get("/me/totp", response_model=TotpStatus)
async def totp_status(actor: CurrentActor, db: DB) -> TotpStatus:
    """Whether my two-factor authentication is on, and whether I am required to have it."""
    factor = await db.get(TotpFactor, actor.id)
    confirmed = factor.confirmed_at if factor else None
    reasons = await _required_by(db, actor)
    return TotpStatus(
        enabled=confirmed is not None,
        confirmed_at=confirmed,
        recovery_codes_left=await totp.recovery_codes_left(db, actor.id) if confirmed else 0,
        required=bool(reasons),
        required_by=reasons,
    )


@router.post("/me/totp/setup", response_model=TotpSetup)
async def start_totp(body: PasswordIn, request: Request, actor: CurrentActor, db: DB) -> TotpSetup:
    """Start turning two-factor authentication on: my password, then a new secret for the
    authenticator app (as text, an otpauth URI and a QR code). Nothing changes for sign-in
    until POST /me/totp/confirm.

    400 `wrong_password` (counts towards the sign-in lockout), 409 `totp_already_enabled`."""
    setup = await totp.start_enrolment(db, actor, body.password, ip=client_ip(request))
    return TotpSetup(
        secret=setup.secret,
        otpauth_uri=setup.uri,
        qr_data_url="data:image/svg+xml;charset=utf-8," + quote(setup.qr_svg),
        digits=totp.DIGITS,
        period=totp.INTERVAL,
    )


@router.post("/me/totp/confirm", response_model=RecoveryCodes)
async def confirm_totp(
    body: CodeIn, request: Request, actor: CurrentActor, db: DB
) -> RecoveryCodes:
    """Finish turning it on with a code from the app. Returns ten recovery codes (shown only
    now). My other sessions end; a notice is mailed.

    400 `invalid_code`, 409 `totp_not_started` / `totp_already_enabled`."""
    codes = await totp.confirm_enrolment(db, actor, body.code, ip=client_ip(request))
    return RecoveryCodes(codes=codes)


@router.post("/me/totp/recovery-codes", response_model=RecoveryCodes)
async def replace_recovery_codes(
    body: CodeIn, request: Request, actor: CurrentActor, db: DB
) -> RecoveryCodes:
    """New recovery codes (the old ones stop working), after a current code from the app.

    400 `invalid_code`, 409 `totp_not_enabled`, 429 after too many wrong codes."""
    codes = await totp.new_recovery_codes(db, actor, body.code, ip=client_ip(request))
    return RecoveryCodes(codes=codes)


@router.post("/me/totp/disable", status_code=204)
async def disable_totp(body: DisableIn, request: Request, actor: CurrentActor, db: DB) -> Response:
    """Turn two-factor authentication off: my password and a code (or a recovery code).

    The operator console and organisations that require it for administrators stay closed
    to me until it is on again. 400 `wrong_password` / `invalid_code`, 409 `totp_not_enabled`."""
    await totp.disable(db, actor, body.password, body.code, ip=client_ip(request))
    return Response(status_code=204)


@router.post("/auth/sign-in/totp", response_model=SessionOut)
async def sign_in_totp(
    body: SignInTotp, request: Request, response: Response, db: DB
) -> SessionOut:
    """The second step of signing in for accounts with two-factor authentication.

    POST /auth/sign-in (or /auth/sign-in/code) answers such accounts 401 `totp_required` with
    `error.fields.challenge`; send it here with a code from the app or a recovery code.
    400 `invalid_code` (five tries per challenge), 400 `challenge_expired` (after five
    minutes, five wrong codes or once used: sign in again), 429 after too many wrong codes
    for the account or from the address."""
    account, new = await totp_signin.complete(
        db, body.challenge, body.code, ip=client_ip(request), user_agent=user_agent(request)
    )
    if body.transport == "cookie":
        set_session_cookies(response, new)
    return SessionOut(
        token=new.token if body.transport == "token" else None,
        csrf_token=new.csrf_token,
        account=my_account(account),
    )
