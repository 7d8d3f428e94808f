"""Lesson controls of the host (the teacher): admit from the waiting room, mute, camera off,
screen sharing, remove, lock; and what every participant may do: raise a hand, react.

State lives in the database so that it outlasts reconnects; mute and camera-off are also
applied on Janus (rooms.moderate), so a muted student cannot unmute themselves.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.calls import rooms
from parta.calls.schemas import CallOut, SettingsPatch
from parta.calls.service import (
    _changed,
    _close_attendance,
    _participant,
    _runs,
    _visible_call,
    tell,
)
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.models import Call, CallAttendance, CallParticipant
from parta.realtime.log import notify

REACTIONS = ("👍", "👏", "❤️", "😂", "😮", "🎉", "✋")


async def _hosted_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> Call:
    call, member = await _visible_call(db, ctx, call_id)
    if call.ended_at is not None:
        raise Conflict("The call has ended.", code="call_ended")
    if not await _runs(db, call, ctx, member):
        raise Forbidden("Only the host can do this.", code="not_host")
    return call


async def _target(db: AsyncSession, call: Call, account_id: str) -> CallParticipant:
    person = await _participant(db, call.id, account_id) if is_id(account_id) else None
    if person is None:
        raise not_found("participant")
    return person


async def admit(db: AsyncSession, ctx: OrgContext, call_id: str, account_id: str | None) -> CallOut:
    """Let one person (or, with None, everyone) in from the waiting room."""
    call = await _hosted_call(db, ctx, call_id)
    stmt = sa.select(CallParticipant).where(
        CallParticipant.call_id == call.id, CallParticipant.state == "waiting"
    )
    if account_id is not None:
        stmt = stmt.where(CallParticipant.account_id == account_id)
    waiting = list((await db.execute(stmt)).scalars())
    if account_id is not None and not waiting:
        raise Conflict("This person is not waiting.", code="not_waiting")
    now = utcnow()
    for p in waiting:
        p.state, p.admitted_at = "joined", now
        p.joined_at = p.joined_at or now
        db.add(CallAttendance(call_id=call.id, account_id=p.account_id, joined_at=now))
    await db.flush()
    return await _changed(db, call)


async def mute(
    db: AsyncSession, ctx: OrgContext, call_id: str, account_id: str | None, muted: bool
) -> CallOut:
    """Mute one participant, or everyone but the hosts (None); `muted=False` allows them
    to speak again (they unmute themselves)."""
    call = await _hosted_call(db, ctx, call_id)
    people = await _people(db, call, account_id)
    for p in people:
        p.muted_by_host = muted
        await rooms.moderate(call, dict(p.media or {}), "audio", muted)
    if account_id is None:
        call.settings = {**call.settings, "all_muted": muted}
    await db.flush()
    return await _changed(db, call)


async def camera_off(
    db: AsyncSession, ctx: OrgContext, call_id: str, account_id: str, off: bool
) -> CallOut:
    """Turn a participant's camera off (or allow it again)."""
    call = await _hosted_call(db, ctx, call_id)
    p = await _target(db, call, account_id)
    if p.host:
        raise Unprocessable("Hosts' cameras are their own.", code="target_is_host")
    p.camera_off_by_host = off
    await rooms.moderate(call, dict(p.media or {}), "video", off)
    await db.flush()
    return await _changed(db, call)


async def screen(
    db: AsyncSession, ctx: OrgContext, call_id: str, account_id: str, allowed: bool
) -> CallOut:
    """Allow or revoke screen sharing; revoking stops a running share."""
    call = await _hosted_call(db, ctx, call_id)
    p = await _target(db, call, account_id)
    p.may_share_screen = allowed
    if not allowed:
        await rooms.kick(call, dict(p.media or {}), ("screen",))
    await db.flush()
    return await _changed(db, call)


async def remove(db: AsyncSession, ctx: OrgContext, call_id: str, account_id: str) -> CallOut:
    """Remove from the call; they cannot come back into this call."""
    call = await _hosted_call(db, ctx, call_id)
    p = await _target(db, call, account_id)
    if p.account_id == ctx.account_id or p.host:
        raise Unprocessable("Hosts cannot be removed.", code="target_is_host")
    now = utcnow()
    p.state, p.left_at, p.session_id = "removed", now, None
    await _close_attendance(db, call.id, p.account_id, now)
    await rooms.kick(call, dict(p.media or {}), ("camera", "screen"))
    await db.flush()
    notify(db, (p.account_id,), "call.removed", {"call_id": call.id}, chat_id=call.chat_id)
    return await _changed(db, call)


async def patch_settings(
    db: AsyncSession, ctx: OrgContext, call_id: str, body: SettingsPatch
) -> CallOut:
    """Lock the lesson, turn the waiting room on or off, cameras for the teacher only."""
    call = await _hosted_call(db, ctx, call_id)
    changes = body.model_dump(exclude_none=True)
    call.settings = {**call.settings, **changes}
    await db.flush()
    if changes.get("waiting_room") is False:  # nobody should be left waiting
        await admit(db, ctx, call_id, None)
    return await _changed(db, call)


async def _people(db: AsyncSession, call: Call, account_id: str | None) -> list[CallParticipant]:
    if account_id is not None:
        p = await _target(db, call, account_id)
        if p.host:
            raise Unprocessable("Hosts cannot be muted.", code="target_is_host")
        return [p]
    stmt = sa.select(CallParticipant).where(
        CallParticipant.call_id == call.id, CallParticipant.host.is_(False)
    )
    return list((await db.execute(stmt)).scalars())


async def raise_hand(db: AsyncSession, ctx: OrgContext, call_id: str, raised: bool) -> CallOut:
    call, _ = await _visible_call(db, ctx, call_id)
    me = await _participant(db, call.id, ctx.account_id)
    if call.ended_at is not None or me is None or me.state != "joined":
        raise Conflict("Join the call first.", code="not_in_call")
    me.hand_raised_at = utcnow() if raised else None
    await db.flush()
    return await _changed(db, call)


async def react(db: AsyncSession, ctx: OrgContext, call_id: str, emoji: str) -> None:
    """A short reaction shown over the sender's tile (not stored)."""
    call, _ = await _visible_call(db, ctx, call_id)
    me = await _participant(db, call.id, ctx.account_id)
    if call.ended_at is not None or me is None or me.state != "joined":
        raise Conflict("Join the call first.", code="not_in_call")
    if emoji not in REACTIONS:
        raise Unprocessable("Choose one of the offered reactions.", code="unknown_reaction")
    data = {"call_id": call.id, "account_id": ctx.account_id, "emoji": emoji}
    await tell(db, call, "call.reaction", data)
