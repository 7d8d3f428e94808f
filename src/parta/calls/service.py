"""Call use cases: start, join, leave, decline, end, attendance.

Direct calls are peer-to-peer: Parta only relays the browsers' signalling (calls/signal.py)
and hands out TURN credentials. Group calls and lessons need Janus (PARTA_JANUS_URL).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.calls import media, rooms
from parta.calls.schemas import AttendanceRow, CallOut, JoinOut, StartIn
from parta.calls.turn import ice_servers, transport_policy
from parta.calls.views import call_view
from parta.chats import policy
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.config import get_settings
from parta.db import on_commit, on_rollback
from parta.kit.clock import utcnow
from parta.kit.errors import AppError, Conflict, Forbidden, not_found
from parta.kit.ids import is_id, new_id
from parta.models import (
    AuthSession,
    Call,
    CallAttendance,
    CallParticipant,
    ChatMember,
    Event,
    Message,
)
from parta.moderation import guard
from parta.push.queue import queue_push
from parta.realtime.log import broadcast, emit, notify
from parta.safety import reach

LESSON_CHAT_KINDS = ("class", "group")


class CallsUnavailable(AppError):
    status = 503
    code = "group_calls_unavailable"


def initial_settings(mode: str, body: StartIn) -> dict[str, object]:
    """What a new call starts with: lessons have their waiting room and camera rule."""
    if mode == "direct":
        return {}
    out: dict[str, object] = {"link_access": body.link_access}
    if mode == "lesson":
        out |= {
            "waiting_room": body.waiting_room,
            "cameras_teacher_only": body.cameras_teacher_only,
            "locked": False,
        }
    return out


def _destroy_later(call: Call) -> Callable[[], Awaitable[None]]:
    room, secret = call.janus_room, rooms.room_secret(call)
    call_id = call.id

    async def _go() -> None:
        await rooms.destroy(room, secret)
        await media.drop_call(call_id)

    return _go


async def running_call(db: AsyncSession, chat_id: str) -> Call | None:
    stmt = sa.select(Call).where(Call.chat_id == chat_id, Call.ended_at.is_(None))
    return (await db.execute(stmt)).scalar_one_or_none()


async def _call_in_org(db: AsyncSession, ctx: OrgContext, call_id: str) -> Call:
    call = await db.get(Call, call_id) if is_id(call_id) else None
    if call is None or call.org_id != ctx.org_id:
        raise not_found("call")
    return call


async def _chat_member(db: AsyncSession, chat_id: str, account_id: str) -> ChatMember | None:
    stmt = sa.select(ChatMember).where(
        ChatMember.chat_id == chat_id,
        ChatMember.account_id == account_id,
        ChatMember.status == "active",
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def _access(db: AsyncSession, ctx: OrgContext, call: Call) -> tuple[ChatMember | None, str]:
    """My membership of the call's chat (if any) and how I may come in: "chat" (a member),
    the way I came in before, "event" (invited to the call's event), or "link" (the call is
    open to the organisation). Anyone else gets 404, as if the call did not exist."""
    member = await _chat_member(db, call.chat_id, ctx.account_id)
    if member is not None:
        return member, "chat"
    me = await _participant(db, call.id, ctx.account_id)
    if me is not None:
        return None, me.via
    if call.event_id is not None and await _invited_to_event(db, call.event_id, ctx.account_id):
        return None, "event"
    if call.settings.get("link_access") == "org":
        return None, "link"
    raise not_found("call")


async def _invited_to_event(db: AsyncSession, event_id: str, account_id: str) -> bool:
    from parta.events.audience import invited  # events import calls

    event = await db.get(Event, event_id)
    return (
        event is not None and event.status != "cancelled" and account_id in await invited(db, event)
    )


async def _visible_call(
    db: AsyncSession, ctx: OrgContext, call_id: str
) -> tuple[Call, ChatMember | None]:
    """The call and my membership of its chat (None for those let in by the event or link)."""
    call = await _call_in_org(db, ctx, call_id)
    member, _ = await _access(db, ctx, call)
    return call, member


async def _participant(db: AsyncSession, call_id: str, account_id: str) -> CallParticipant | None:
    stmt = sa.select(CallParticipant).where(
        CallParticipant.call_id == call_id, CallParticipant.account_id == account_id
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def outsiders(db: AsyncSession, call_id: str) -> tuple[str, ...]:
    """Participants who are not members of the call's chat (event, link, guests): they hear
    of the call through `notify`, since the chat's broadcasts do not reach them."""
    stmt = sa.select(CallParticipant.account_id).where(
        CallParticipant.call_id == call_id, CallParticipant.via != "chat"
    )
    return tuple((await db.execute(stmt)).scalars())


async def tell(db: AsyncSession, call: Call, kind: str, data: dict[str, Any]) -> None:
    """An unlogged call event for the chat's members and everyone else in the call."""
    broadcast(db, call.chat_id, kind, data)
    others = await outsiders(db, call.id)
    if others:
        notify(db, others, kind, data, chat_id=call.chat_id)


async def _changed(db: AsyncSession, call: Call) -> CallOut:
    """Tell everyone concerned the call's new state (not logged: GET .../call has it)."""
    view = await call_view(db, call)
    await tell(db, call, "call.updated", {"call": view.model_dump(mode="json")})
    return view


async def start_call(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: StartIn, *, event_id: str | None = None
) -> JoinOut:
    """Start a call in a chat I may post in and join it from this device.

    Direct chats ring the other person; other chats show "join" to their members. One running
    call per chat: starting another answers 409 call_running with the running call's id.
    """
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    if not policy.may_post(chat.kind, chat.settings, me.role):
        raise Forbidden("Only moderators can start calls in this chat.", code="posting_not_allowed")
    await guard.check_direct(db, chat, ctx.account_id, "call")  # personal blocks
    await reach.check_direct(db, ctx, chat, "call")  # safe mode: who may call a student
    mode = "direct" if chat.kind == "direct" else ("lesson" if body.lesson else "group")
    if mode == "lesson" and (chat.kind not in LESSON_CHAT_KINDS or not ctx.is_verified_staff()):
        raise Forbidden(
            "Lessons are started by teachers in class and group chats.", code="lesson_not_allowed"
        )
    if mode != "direct" and not get_settings().janus_url:
        raise CallsUnavailable(
            "Group calls and lessons need a media server. The administrator must set up Janus "
            "and set PARTA_JANUS_URL (see the README)."
        )
    existing = await running_call(db, chat.id)
    if existing is not None:
        raise Conflict(
            "A call is already running in this chat: join it.",
            code="call_running",
            fields={"call_id": existing.id},
        )
    from parta.messages.service import send_message  # messages import calls' views

    now = utcnow()
    call = Call(
        id=new_id(),
        org_id=ctx.org_id,
        chat_id=chat.id,
        mode=mode,
        media=body.media,
        title=body.title.strip(),
        event_id=event_id,
        started_by=ctx.account_id,
        settings=initial_settings(mode, body),
        started_at=now,
    )
    if mode != "direct":
        await rooms.create_room(call)
        # Rolled back (say, a concurrent start won): the room must not outlive the request.
        on_rollback(db, _destroy_later(call))
    db.add(call)
    db.add(
        CallParticipant(
            call_id=call.id,
            org_id=ctx.org_id,
            account_id=ctx.account_id,
            state="joined",
            host=True,
            session_id=ctx.actor.session.id,
            may_share_screen=True,
            joined_at=now,
        )
    )
    db.add(CallAttendance(call_id=call.id, account_id=ctx.account_id, joined_at=now))
    others = await _other_members(db, chat.id, ctx.account_id) if mode == "direct" else []
    for account_id in others:
        db.add(
            CallParticipant(
                call_id=call.id, org_id=ctx.org_id, account_id=account_id, state="invited"
            )
        )
    await db.flush()

    async def _link(message: Message) -> None:
        call.message_id = message.id
        await db.flush()

    await send_message(
        db, ctx, chat.id, client_id=f"call:{call.id}", body="", kind="call", on_created=_link
    )
    view = await call_view(db, call)
    if others:
        ring = {"call": view.model_dump(mode="json"), "from_name": ctx.actor.account.display_name}
        notify(db, tuple(others), "call.ring", ring, chat_id=chat.id)
        await queue_push(
            db, "call", others, org_id=ctx.org_id, chat_id=chat.id, ref_id=call.id,
            actor_id=ctx.account_id,
        )  # fmt: skip
    else:
        await _changed(db, call)
    return JoinOut(
        call=view,
        ice_servers=ice_servers(get_settings(), ctx.account_id),
        ice_transport_policy=transport_policy(get_settings()),
        session_id=ctx.actor.session.id,
    )


async def _other_members(db: AsyncSession, chat_id: str, account_id: str) -> list[str]:
    stmt = sa.select(ChatMember.account_id).where(
        ChatMember.chat_id == chat_id,
        ChatMember.status == "active",
        ChatMember.account_id != account_id,
    )
    return list((await db.execute(stmt)).scalars())


async def current_call(db: AsyncSession, ctx: OrgContext, chat_id: str) -> CallOut | None:
    """The chat's running call, if any."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    call = await running_call(db, chat.id)
    return await call_view(db, call) if call else None


async def get_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> CallOut:
    call, _ = await _visible_call(db, ctx, call_id)
    return await call_view(db, call)


async def join_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> JoinOut:
    """Join (or rejoin after a dropped connection) from this device; answers a ringing call.
    In a lesson with a waiting room, students wait (state "waiting") until admitted."""
    call = await _call_in_org(db, ctx, call_id)
    member, via = await _access(db, ctx, call)
    if call.ended_at is not None:
        raise Conflict("The call has ended.", code="call_ended")
    if call.mode == "direct" and member is None:
        raise not_found("call")
    now = utcnow()
    me = await _participant(db, call.id, ctx.account_id)
    if me is not None and me.state == "removed":
        raise Forbidden("You were removed from this call.", code="removed_from_call")
    runs = await _runs(db, call, ctx, member)
    if call.settings.get("locked") and not runs and (me is None or me.state != "joined"):
        raise Forbidden("The teacher has locked the lesson.", code="lesson_locked")
    if me is None:
        me = CallParticipant(
            call_id=call.id,
            org_id=ctx.org_id,
            account_id=ctx.account_id,
            via=via,
            host=runs and call.mode == "lesson",
            may_share_screen=runs or call.mode == "group",
        )
        db.add(me)
    # Those who came by the organisation-wide link always wait to be let in: the link may
    # have travelled further than the host meant.
    lobby = call.settings.get("waiting_room") or me.via == "link"
    waits = lobby and not runs and me.state not in ("joined",)
    arrive(db, me, ctx.actor.session.id, waits=bool(waits), now=now)
    if call.mode == "direct" and call.answered_at is None and ctx.account_id != call.started_by:
        call.answered_at = now
    await db.flush()
    view = await _changed(db, call)
    return JoinOut(
        call=view,
        ice_servers=ice_servers(get_settings(), ctx.account_id),
        ice_transport_policy=transport_policy(get_settings()),
        session_id=ctx.actor.session.id,
    )


def arrive(
    db: AsyncSession, me: CallParticipant, session_id: str, *, waits: bool, now: datetime
) -> None:
    """Into the waiting room, or into the call (a new stretch of attendance) from this device;
    a rejoin from another device takes the call over."""
    if waits and me.admitted_at is None:
        me.state = "waiting"
    elif me.state != "joined":
        me.state = "joined"
        me.joined_at = me.joined_at or now
        db.add(CallAttendance(call_id=me.call_id, account_id=me.account_id, joined_at=now))
    me.session_id = session_id
    me.left_at = None
    me.disconnected_at = None


async def _close_attendance(db: AsyncSession, call_id: str, account_id: str, at: datetime) -> None:
    await db.execute(
        sa.update(CallAttendance)
        .where(
            CallAttendance.call_id == call_id,
            CallAttendance.account_id == account_id,
            CallAttendance.left_at.is_(None),
        )
        .values(left_at=at)
    )


async def leave_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> CallOut:
    """Leave; the call ends when nobody is left in it (a direct call: when either leaves)."""
    call, _ = await _visible_call(db, ctx, call_id)
    if call.ended_at is not None:
        return await call_view(db, call)
    me = await _participant(db, call.id, ctx.account_id)
    if me is None or me.state not in ("joined", "waiting"):
        return await call_view(db, call)
    return await depart(db, call, me)


async def depart(db: AsyncSession, call: Call, me: CallParticipant) -> CallOut:
    """Out of the call (or its waiting room); the call ends when nobody is left in it (a
    direct call when either side leaves)."""
    now = utcnow()
    was_in = me.state == "joined"
    me.state, me.left_at, me.session_id = "left", now, None
    if not was_in:
        await db.flush()
        return await _changed(db, call)
    await _close_attendance(db, call.id, me.account_id, now)
    await db.flush()
    joined = await _joined_count(db, call.id)
    if call.mode == "direct" or joined == 0:
        answered = call.answered_at is not None or call.mode != "direct"
        return await _end(db, call, "completed" if answered else "missed")
    return await _changed(db, call)


async def leave_gone(db: AsyncSession, me: CallParticipant) -> None:
    """A participant whose device stayed away past the grace period leaves (liveness)."""
    call = await db.get(Call, me.call_id)
    if call is None or call.ended_at is not None or me.state != "joined":
        return
    await depart(db, call, me)


async def decline_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> CallOut:
    """Decline a ringing direct call: the caller hears "declined" and the call ends."""
    call, _ = await _visible_call(db, ctx, call_id)
    me = await _participant(db, call.id, ctx.account_id)
    if call.ended_at is not None or me is None or me.state != "invited":
        raise Conflict("There is no call ringing for you.", code="not_ringing")
    me.state = "declined"
    await db.flush()
    if call.mode == "direct":
        return await _end(db, call, "declined")
    return await _changed(db, call)


async def end_call(db: AsyncSession, ctx: OrgContext, call_id: str) -> CallOut:
    """End for everyone: the host, whoever started it, or a moderator of the chat."""
    call, member = await _visible_call(db, ctx, call_id)
    if call.ended_at is not None:
        return await call_view(db, call)
    # Either person ends a direct call; in a group only those who run it.
    if call.mode != "direct" and not await _runs(db, call, ctx, member):
        raise Forbidden("Only the host can end the call for everyone.", code="not_host")
    answered = call.answered_at is not None or call.mode != "direct"
    return await _end(db, call, "completed" if answered else "cancelled")


async def _runs(db: AsyncSession, call: Call, ctx: OrgContext, member: ChatMember | None) -> bool:
    """The host, whoever started the call, or a moderator of its chat."""
    if call.started_by == ctx.account_id or (member and policy.is_moderator(member.role)):
        return True
    me = await _participant(db, call.id, ctx.account_id)
    return me is not None and me.host


async def _joined_count(db: AsyncSession, call_id: str) -> int:
    stmt = sa.select(sa.func.count()).where(
        CallParticipant.call_id == call_id, CallParticipant.state == "joined"
    )
    return int((await db.execute(stmt)).scalar_one())


async def _end(db: AsyncSession, call: Call, reason: str) -> CallOut:
    now = utcnow()
    guests = await _guests(db, call.id)
    call.ended_at, call.end_reason = now, reason
    await db.execute(
        sa.update(CallParticipant)
        .where(CallParticipant.call_id == call.id, CallParticipant.state.in_(("joined", "waiting")))
        .values(state="left", left_at=now, session_id=None)
    )
    await db.execute(
        sa.update(CallParticipant)
        .where(CallParticipant.call_id == call.id, CallParticipant.state == "invited")
        .values(state="missed")
    )
    await db.execute(
        sa.update(CallAttendance)
        .where(CallAttendance.call_id == call.id, CallAttendance.left_at.is_(None))
        .values(left_at=now)
    )
    await db.flush()
    if call.mode != "direct":
        on_commit(db, _destroy_later(call))
    view = await call_view(db, call)
    # Logged: the history's call message changes (duration, missed), and sync must carry it.
    await emit(
        db,
        call.chat_id,
        "call.ended",
        {"message_id": call.message_id, "call": view.model_dump(mode="json")},
        extra_accounts=await outsiders(db, call.id),
    )
    if guests:
        await end_guest_sessions(db, guests)
    return view


async def _guests(db: AsyncSession, call_id: str) -> list[str]:
    stmt = sa.select(CallParticipant.account_id).where(
        CallParticipant.call_id == call_id, CallParticipant.via == "guest"
    )
    return list((await db.execute(stmt)).scalars())


async def end_guest_sessions(db: AsyncSession, account_ids: Sequence[str]) -> None:
    """A guest's sessions end with the call: the guest link lets nobody in afterwards."""
    await db.execute(
        sa.update(AuthSession)
        .where(AuthSession.account_id.in_(account_ids), AuthSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


async def attendance(db: AsyncSession, ctx: OrgContext, call_id: str) -> list[AttendanceRow]:
    """Who joined, when, for how long (the host, whoever started it, or a moderator)."""
    call, member = await _visible_call(db, ctx, call_id)
    if not await _runs(db, call, ctx, member):
        raise Forbidden("Only the host sees attendance.", code="not_host")
    stmt = (
        sa.select(CallAttendance)
        .where(CallAttendance.call_id == call.id)
        .order_by(CallAttendance.joined_at, CallAttendance.id)
    )
    rows = list((await db.execute(stmt)).scalars())
    people = await briefs(db, ctx.org_id, {r.account_id for r in rows})
    guests = set(await _guests(db, call.id))
    now = utcnow()
    by_person: dict[str, AttendanceRow] = {}
    for r in rows:
        seconds = int(((r.left_at or now) - r.joined_at).total_seconds())
        row = by_person.get(r.account_id)
        if row is None:
            by_person[r.account_id] = AttendanceRow(
                account_id=r.account_id,
                name=people[r.account_id].name,
                guest=r.account_id in guests,
                first_joined_at=r.joined_at,
                last_left_at=r.left_at,
                seconds=seconds,
                stretches=1,
            )
        else:
            row.seconds += seconds
            row.stretches += 1
            row.last_left_at = r.left_at
    return sorted(by_person.values(), key=lambda a: a.name)
