"""Endpoints: sign in and out, my account, my sessions."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from parta.auth import service
from parta.auth.accounts import my_account
from parta.auth.cookies import clear_session_cookies, set_session_cookies
from parta.auth.deps import CurrentActor
from parta.auth.schemas import MyAccount, SessionInfo, SessionOut, SignIn
from parta.auth.signin import sign_in_with_password
from parta.deps import DB
from parta.kit.http import client_ip, user_agent

router = APIRouter(tags=["auth"])


@router.post("/auth/sign-in", response_model=SessionOut)
async def sign_in(body: SignIn, request: Request, response: Response, db: DB) -> SessionOut:
    """Sign in with e-mail or phone and password.

    `transport=cookie` (default, web) sets an HttpOnly session cookie and a CSRF cookie;
    `transport=token` returns a Bearer token for API clients. Repeated failures lock the
    login and the address for a while (429 with Retry-After).
    """
    account, new = await sign_in_with_password(
        db, body.login, body.password, ip=client_ip(request), user_agent=user_agent(request)
    )
    if body.transport == "cookie":
        set_session_cookies(response, new)
    return SessionOut(
        token=new.token if body.transport == "token" else None,
        csrf_token=new.csrf_token,
        account=my_account(account),
    )


@router.post("/auth/sign-out", status_code=204)
async def sign_out(actor: CurrentActor, response: Response, db: DB) -> Response:
    """End the current session."""
    await service.end_session(db, actor, actor.session.id)
    clear_session_cookies(response)
    response.status_code = 204
    return response


@router.get("/me", response_model=MyAccount)
async def me(actor: CurrentActor) -> MyAccount:
    """The signed-in account, with its own contact details."""
    return my_account(actor.account)


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
