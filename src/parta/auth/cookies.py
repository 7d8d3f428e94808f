"""Setting and clearing the web session cookies."""

from __future__ import annotations

from fastapi import Response

from parta.auth.tokens import CSRF_COOKIE, SESSION_COOKIE, NewSession
from parta.config import get_settings


def set_session_cookies(response: Response, new: NewSession) -> None:
    s = get_settings()
    max_age = s.session_days * 86400
    response.set_cookie(
        SESSION_COOKIE,
        new.token,
        max_age=max_age,
        httponly=True,
        secure=s.cookie_secure,
        samesite="lax",
        path="/",
    )
    # Readable by the page's script, which echoes it in the X-CSRF-Token header.
    response.set_cookie(
        CSRF_COOKIE, new.csrf_token, max_age=max_age, secure=s.cookie_secure, samesite="strict"
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
