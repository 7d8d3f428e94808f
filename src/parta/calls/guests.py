"""Guests by name: people outside the organisation whom an event's organiser lets into its
call (a speaker at a parent meeting, a colleague from another school).

Only when the organiser allowed guests for that event (its plan's `guests`): the event's
secret guest link leads to a page where the guest gives a name. The guest gets an account
that can do nothing but this (`Account.is_guest`: no login, no organisation; its session is
refused by every endpoint but these and the event socket, see parta.auth.deps) and always
waits until a host lets them in. The session lives in its own cookie, so a browser signed in
to Parta keeps its own session, and it ends with the call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth import throttle
from parta.auth.tokens import NewSession, create_session, csrf_for, resolve_token
from parta.calls.schemas import CallOut, GuestInvite, GuestJoinOut
from parta.calls.service import _changed, _participant, arrive, depart
from parta.calls.turn import ice_servers, transport_policy
from parta.calls.views import call_view
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unauthorized, Unprocessable, not_found
from parta.models import Account, AuthSession, Call, CallParticipant, Event, Org

GUEST_COOKIE = "parta_guest"
GUEST_SESSION = timedelta(hours=12)
JOINS_PER_HOUR = 20  # per address: the link is a secret, but links travel
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class GuestSession:
    session: AuthSession
    account: Account


async def _event(db: AsyncSession, code: str) -> Event:
    """The event whose guest link this is; 404 when it does not (or no longer) admit guests."""
    if not code or len(code) > 40:
        raise not_found("guest link")
    event = (
        await db.execute(sa.select(Event).where(Event.guest_code == code))
    ).scalar_one_or_none()
    plan = (event.call_plan or {}) if event else {}
    if event is None or event.status == "cancelled" or not plan.get("guests"):
        raise not_found("guest link")
    return event


async def _running_call(db: AsyncSession, event: Event) -> Call | None:
    if event.call_id is None:
        return None
    call = await db.get(Call, event.call_id)
    return call if call is not None and call.ended_at is None else None


async def invite(db: AsyncSession, code: str) -> GuestInvite:
    """What the guest page shows: the organisation, the event and whether it is on."""
    event = await _event(db, code)
    org = await db.get(Org, event.org_id)
    assert org is not None
    plan = event.call_plan or {}
    return GuestInvite(
        org_name=org.name,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        running=await _running_call(db, event) is not None,
        media="audio" if plan.get("media") == "audio" else "video",
    )


def _clean_name(raw: str) -> str:
    name = " ".join(_CONTROL.sub(" ", raw).split())
    if not 2 <= len(name) <= 60:
        raise Unprocessable("Write your name (2 to 60 characters).", code="bad_name")
    return name


async def guest_session(db: AsyncSession, token: str | None) -> GuestSession | None:
    """The guest behind a guest cookie, or None."""
    found = await resolve_token(db, token) if token else None
    if found is None or not found[1].is_guest:
        return None
    return GuestSession(session=found[0], account=found[1])


async def join(
    db: AsyncSession,
    code: str,
    raw_name: str,
    *,
    current: GuestSession | None,
    ip: str,
    user_agent: str,
) -> tuple[GuestJoinOut, NewSession | None]:
    """Ask to join the event's running call by name: into the waiting room until a host lets
    the guest in. A guest who comes back (same cookie) keeps their place and name; returns
    the new session to set as the guest cookie, if one was made."""
    event = await _event(db, code)
    call = await _running_call(db, event)
    if call is None:
        raise Conflict(
            "The meeting has not started yet. Open this page again at the time of the meeting.",
            code="call_not_started",
            fields={"starts_at": event.starts_at.isoformat()},
        )
    name = _clean_name(raw_name)
    me = await _participant(db, call.id, current.account.id) if current else None
    new: NewSession | None = None
    if me is None:
        key = f"guest-join:{ip}"
        await throttle.ensure_below(
            db, key, JOINS_PER_HOUR, timedelta(hours=1), "Too many attempts. Try again later."
        )
        await throttle.record(db, key)
        account = Account(display_name=name, is_guest=True, language="ru")
        db.add(account)
        await db.flush()
        new = await create_session(db, account, ip=ip, user_agent=user_agent)
        new.session.expires_at = utcnow() + GUEST_SESSION
        session, account_id = new.session, account.id
        me = CallParticipant(
            call_id=call.id, org_id=call.org_id, account_id=account_id, via="guest"
        )
        db.add(me)
    else:
        assert current is not None
        session, account_id = current.session, current.account.id
        current.account.display_name = name
    if me.state == "removed":
        raise Forbidden("The host removed you from this meeting.", code="removed_from_call")
    if call.settings.get("locked") and me.state != "joined":
        raise Forbidden("The host has locked the meeting.", code="lesson_locked")
    arrive(db, me, session.id, waits=True, now=utcnow())
    await db.flush()
    view = await _changed(db, call)
    return _out(view, account_id, session), new


def _out(view: CallOut, account_id: str, session: AuthSession) -> GuestJoinOut:
    return GuestJoinOut(
        call=view,
        ice_servers=ice_servers(get_settings(), account_id),
        ice_transport_policy=transport_policy(get_settings()),
        session_id=session.id,
        account_id=account_id,
        csrf_token=csrf_for(session.token_hash),
    )


async def _my_place(db: AsyncSession, guest: GuestSession | None) -> tuple[Call, CallParticipant]:
    if guest is None:
        raise Unauthorized("Open the guest link again.")
    stmt = (
        sa.select(Call, CallParticipant)
        .join(CallParticipant, CallParticipant.call_id == Call.id)
        .where(CallParticipant.account_id == guest.account.id)
    )
    row = (await db.execute(stmt)).first()
    if row is None:
        raise Unauthorized("Open the guest link again.")
    return row[0], row[1]


async def state(db: AsyncSession, guest: GuestSession | None) -> GuestJoinOut:
    """The guest's call as it is now (after a reload of the guest page)."""
    call, _ = await _my_place(db, guest)
    assert guest is not None
    return _out(await call_view(db, call), guest.account.id, guest.session)


async def leave(db: AsyncSession, guest: GuestSession | None) -> CallOut:
    """The guest leaves the call or its waiting room."""
    call, me = await _my_place(db, guest)
    if call.ended_at is not None or me.state not in ("joined", "waiting"):
        return await call_view(db, call)
    return await depart(db, call, me)
