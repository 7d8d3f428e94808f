"""Endpoints for guests by name (an event's guest link); see parta.calls.guests."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from parta.calls import guests
from parta.calls.schemas import CallOut, GuestInvite, GuestJoinIn, GuestJoinOut
from parta.config import get_settings
from parta.deps import DB
from parta.kit.errors import Forbidden
from parta.kit.http import client_ip, user_agent
from parta.kit.ids import constant_time_equal

router = APIRouter(prefix="/guest", tags=["calls"])


async def _guest(request: Request, db: DB) -> guests.GuestSession | None:
    return await guests.guest_session(db, request.cookies.get(guests.GUEST_COOKIE))


Guest = Annotated[guests.GuestSession | None, Depends(_guest)]


def _check_csrf(request: Request, guest: guests.GuestSession | None) -> None:
    from parta.auth.tokens import CSRF_HEADER, csrf_for

    sent = request.headers.get(CSRF_HEADER, "")
    if guest is not None and not constant_time_equal(sent, csrf_for(guest.session.token_hash)):
        raise Forbidden("Reload the page and try again.", code="csrf_failed")


@router.get("/links/{code}", response_model=GuestInvite)
async def invite(code: str, db: DB) -> GuestInvite:
    """The guest link's page: the organisation, the event and whether its call is on. No
    sign-in; 404 unless the organiser allows guests for this event."""
    return await guests.invite(db, code)


@router.post("/links/{code}/join", response_model=GuestJoinOut)
async def join(
    code: str, body: GuestJoinIn, request: Request, response: Response, db: DB, guest: Guest
) -> GuestJoinOut:
    """Ask to join the event's running call by name. The guest waits until a host lets them
    in (`call.updated`); the guest's session is set in its own cookie and works only here
    and on the event socket. Send the returned `csrf_token` as X-CSRF-Token afterwards."""
    out, new = await guests.join(
        db, code, body.name, current=guest, ip=client_ip(request), user_agent=user_agent(request)
    )
    if new is not None:
        response.set_cookie(
            guests.GUEST_COOKIE,
            new.token,
            max_age=int(guests.GUEST_SESSION.total_seconds()),
            httponly=True,
            secure=get_settings().cookie_secure,
            samesite="strict",
            path="/api/v1",
        )
    return out


@router.get("/call", response_model=GuestJoinOut)
async def state(db: DB, guest: Guest) -> GuestJoinOut:
    """The guest's call as it is now, with fresh ICE servers (after a reload)."""
    return await guests.state(db, guest)


@router.post("/call/leave", response_model=CallOut)
async def leave(request: Request, db: DB, guest: Guest) -> CallOut:
    """Leave the call (or its waiting room)."""
    _check_csrf(request, guest)
    return await guests.leave(db, guest)
