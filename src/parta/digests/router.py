"""Endpoints: the digest's one-click unsubscribe address (no session: the signed token is
the only authority, and it can only turn that person's digest off)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from parta.deps import DB
from parta.digests import unsubscribe
from parta.kit.errors import NotFound

router = APIRouter(tags=["notifications"])


@router.get("/digests/unsubscribe/{token}", response_class=HTMLResponse)
async def unsubscribe_page(token: str, db: DB) -> HTMLResponse:
    """A page asking to confirm (a GET never unsubscribes: mail scanners open links)."""
    try:
        account = await unsubscribe.holder(db, token)
    except NotFound:
        page = unsubscribe.page("ru", "bad")
        return HTMLResponse(page, status_code=404, headers=unsubscribe.PAGE_HEADERS)
    page = unsubscribe.page(account.language, "ask", account.email or "")
    return HTMLResponse(page, headers=unsubscribe.PAGE_HEADERS)


@router.post("/digests/unsubscribe/{token}", response_class=HTMLResponse)
async def unsubscribe_now(token: str, db: DB) -> HTMLResponse:
    """Turn the digest off: RFC 8058 one-click (mail apps POST `List-Unsubscribe=One-Click`)
    and the page's button. Idempotent; 404 for a token that is not valid."""
    account = await unsubscribe.unsubscribe(db, token)
    page = unsubscribe.page(account.language, "done", account.email or "")
    return HTMLResponse(page, headers=unsubscribe.PAGE_HEADERS)
