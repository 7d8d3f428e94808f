"""Endpoints: sign in and out (password or e-mail code), password reset, my sessions.

The signed-in person's own account (/me...) lives in me_router.py, included below.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from parta.auth import email_codes, service
from parta.auth.accounts import my_account
from parta.auth.cookies import clear_session_cookies, set_session_cookies
from parta.auth.deps import CurrentActor
from parta.auth.me_router import router as me_router
from parta.auth.schemas import (
    CodeRequest,
    CodeRequested,
    PasswordReset,
    SessionInfo,
    SessionOut,
    SignIn,
    SignInWithCode,
)
from parta.auth.signin import sign_in_with_password
from parta.auth.tokens import NewSession
from parta.auth.totp_router import router as totp_router
from parta.config import get_settings
from parta.deps import DB
from parta.kit.http import client_ip, user_agent
from parta.models import Account

router = APIRouter(tags=["auth"])
router.include_router(me_router)
router.include_router(totp_router)


def _session_out(
    account: Account, new: NewSession, transport: str, response: Response
) -> SessionOut:
    if transport == "cookie":
        set_session_cookies(response, new)
    return SessionOut(
        token=new.token if transport == "token" else None,
        csrf_token=new.csrf_token,
        account=my_account(account),
    )


@router.post("/auth/sign-in", response_model=SessionOut)
async def sign_in(body: SignIn, request: Request, response: Response, db: DB) -> SessionOut:
    """Sign in with e-mail or phone and password.

    `transport=cookie` (default, web) sets an HttpOnly session cookie and a CSRF cookie;
    `transport=token` returns a Bearer token for API clients. Repeated failures lock the
    login and the address for a while (429 with Retry-After). Accounts with two-factor
    authentication get 401 `totp_required` with `error.fields.challenge` instead of a
    session: finish with POST /auth/sign-in/totp.
    """
    account, new = await sign_in_with_password(
        db, body.login, body.password, ip=client_ip(request), user_agent=user_agent(request)
    )
    return _session_out(account, new, body.transport, response)


@router.post("/auth/codes", response_model=CodeRequested, status_code=202)
async def request_code(body: CodeRequest, request: Request, db: DB) -> CodeRequested:
    """Send a one-time code by e-mail: `sign_in` (sign in without a password) or
    `password_reset`.

    Always 202 with the same body, whether or not an account has this e-mail, so the answer
    reveals nothing. Limited per address and per network (429 with Retry-After).
    """
    await email_codes.request_code(db, body.email, body.purpose, ip=client_ip(request))
    return CodeRequested(
        message="If an account with this e-mail exists, we have sent a code to it.",
        code_minutes=get_settings().code_minutes,
    )


@router.post("/auth/sign-in/code", response_model=SessionOut)
async def sign_in_with_code(
    body: SignInWithCode, request: Request, response: Response, db: DB
) -> SessionOut:
    """Sign in with a `sign_in` code from POST /auth/codes; `transport` as for password sign-in.

    A wrong, used or expired code is 400 `invalid_code` (after 5 wrong tries the code is
    `code_locked`); failures count towards the sign-in lockout (429).
    """
    account, new = await email_codes.sign_in_with_code(
        db, body.email, body.code, ip=client_ip(request), user_agent=user_agent(request)
    )
    return _session_out(account, new, body.transport, response)


@router.post("/auth/password-reset", status_code=204)
async def reset_password(body: PasswordReset, request: Request, db: DB) -> Response:
    """Set a new password with a `password_reset` code.

    Confirms the e-mail address, ends every session of the account and mails a notice.
    Errors: 400 `invalid_code` / `code_locked`, 422 `weak_password`.
    """
    await email_codes.reset_password(
        db, body.email, body.code, body.new_password, ip=client_ip(request)
    )
    return Response(status_code=204)


@router.post("/auth/sign-out", status_code=204)
async def sign_out(actor: CurrentActor, response: Response, db: DB) -> Response:
    """End the current session."""
    await service.end_session(db, actor, actor.session.id)
    clear_session_cookies(response)
    response.status_code = 204
    return response


@router.get("/auth/sessions", response_model=list[SessionInfo])
async def list_sessions(actor: CurrentActor, db: DB) -> list[SessionInfo]:
    """My live sessions (devices), newest first."""
    rows = await service.live_sessions(db, actor)
    return [
        SessionInfo(
            id=s.id,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
            expires_at=s.expires_at,
            ip=s.ip,
            user_agent=s.user_agent,
            current=s.id == actor.session.id,
        )
        for s in rows
    ]


@router.delete("/auth/sessions/{session_id}", status_code=204)
async def end_one_session(session_id: str, actor: CurrentActor, db: DB) -> Response:
    """End one of my sessions (sign out that device)."""
    await service.end_session(db, actor, session_id)
    return Response(status_code=204)


@router.post("/auth/sessions/end-others", status_code=200)
async def end_other_sessions(actor: CurrentActor, db: DB) -> dict[str, int]:
    """End all my sessions except this one."""
    return {"ended": await service.end_other_sessions(db, actor)}
