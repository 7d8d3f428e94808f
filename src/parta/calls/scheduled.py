"""Calls scheduled with events: a parent meeting, a teachers' council or a lesson planned ahead.

The organiser plans the call with the event (`call` of the event: group call or lesson, the
chat it will appear in, guests by name or not). At the time, the organiser (or an
administrator) starts it from the event; everyone invited to the event may then join from
the event, members of the chat or not, and guests by name wait at the door (calls.guests).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.calls.schemas import CallPlan, JoinOut, StartIn
from parta.calls.service import LESSON_CHAT_KINDS, join_call, start_call
from parta.chats import policy as chat_policy
from parta.chats.access import visible_chat
from parta.kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from parta.models import Call, Chat, Event


async def _default_chat(db: AsyncSession, event: Event) -> str | None:
    """The chat where the event's people already are."""
    if event.scope == "chat":
        return event.chat_id
    if event.scope == "class" and event.class_id:
        kind = "class_parents" if event.kind == "parent_meeting" else "class"
        key = f"{kind}:{event.class_id}"
    elif event.scope == "org":
        kind = "staff" if event.kind == "teachers_council" else "channel"
        key = f"{kind}:{event.org_id}"
    else:  # study groups have no chat of their own: the organiser picks one
        return None
    stmt = sa.select(Chat.id).where(Chat.unique_key == key, Chat.org_id == event.org_id)
    return (await db.execute(stmt)).scalar_one_or_none()


def _bad(message: str, code: str) -> Unprocessable:
    return Unprocessable(message, code=code, fields={"call": message})


async def check_plan(
    db: AsyncSession, ctx: OrgContext, event: Event, plan: CallPlan
) -> dict[str, object]:
    """The plan as stored, with its chat resolved; the organiser must be able to start a call
    in that chat (a member who may post; lessons: a class or group chat)."""
    chat_id = plan.chat_id or await _default_chat(db, event)
    if chat_id is None:
        raise _bad("Choose the chat the call will appear in.", "call_chat_needed")
    try:
        chat, me = await visible_chat(db, ctx, chat_id)
    except NotFound as exc:
        raise _bad(
            "You are not a member of the chat the call would appear in: choose another chat.",
            "call_chat_needed",
        ) from exc
    if chat.kind == "direct" or chat.archived_at is not None:
        raise _bad("Choose a group, class or channel chat for the call.", "call_chat_needed")
    if not chat_policy.may_post(chat.kind, chat.settings, me.role):
        raise _bad("You may not start calls in that chat: choose another.", "call_chat_needed")
    if plan.mode == "lesson" and chat.kind not in LESSON_CHAT_KINDS:
        raise _bad("Lessons take place in class and group chats.", "lesson_not_allowed")
    return {**plan.model_dump(), "chat_id": chat.id}


def apply_plan(event: Event, stored: dict[str, object] | None) -> None:
    """Store the plan; a guest link exists exactly while guests are allowed."""
    event.call_plan = stored
    event.online = event.online or stored is not None
    if stored and stored.get("guests"):
        event.guest_code = event.guest_code or secrets.token_urlsafe(24)
    else:
        event.guest_code = None


async def start_or_join(db: AsyncSession, ctx: OrgContext, event_id: str) -> JoinOut:
    """Join the event's call; the organiser (or an administrator) starts it when it is not
    running yet. Anyone else is told that it has not started (409 call_not_started)."""
    from parta.events import policy as event_policy
    from parta.events.audience import invited
    from parta.events.notices import notify_event
    from parta.events.service import visible_event

    event = await visible_event(db, ctx, event_id, lock=True)
    if event.status == "cancelled":
        raise Conflict("The event is cancelled.", code="event_cancelled")
    if not event.call_plan:
        raise Conflict("This event has no online meeting.", code="no_call_planned")
    if event.call_id is not None:
        call = await db.get(Call, event.call_id)
        if call is not None and call.ended_at is None:
            return await join_call(db, ctx, call.id)
    if not event_policy.may_manage(ctx, event):
        raise Conflict(
            "The meeting has not started yet: the organiser opens it.",
            code="call_not_started",
            fields={"starts_at": event.starts_at.isoformat()},
        )
    plan = CallPlan.model_validate(event.call_plan)
    if plan.mode == "lesson" and not ctx.is_verified_staff():
        raise Forbidden("Lessons are started by teachers.", code="lesson_not_allowed")
    body = StartIn(
        media=plan.media,
        lesson=plan.mode == "lesson",
        title=event.title[:200],
        waiting_room=plan.waiting_room,
        cameras_teacher_only=plan.cameras_teacher_only,
    )
    assert plan.chat_id is not None  # resolved when the plan was stored
    out = await start_call(db, ctx, plan.chat_id, body, event_id=event.id)
    event.call_id = out.call.id
    await db.flush()
    await notify_event(db, ctx.org, event, await invited(db, event), "event.updated")
    return out
