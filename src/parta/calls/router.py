"""Endpoints: start, join, leave, decline and end calls; the chat's running call; attendance."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Response

from parta.auth.deps import Ctx
from parta.calls import controls, scheduled, service
from parta.calls.schemas import (
    AttendanceRow,
    CallOut,
    CameraIn,
    HandIn,
    JoinOut,
    MuteIn,
    ReactionIn,
    ScreenIn,
    SettingsPatch,
    StartIn,
)
from parta.deps import DB

router = APIRouter(prefix="/orgs/{org_id}", tags=["calls"])


@router.post("/chats/{chat_id}/calls", response_model=JoinOut, status_code=201)
async def start(chat_id: str, body: StartIn, ctx: Ctx, db: DB) -> JoinOut:
    """Start a call in the chat and join it from this device. Direct chats ring the other
    person (`call.ring`); members of other chats see `call.updated` and the call message.
    Returns the ICE servers (time-limited TURN credentials) for this call."""
    return await service.start_call(db, ctx, chat_id, body)


@router.post("/events/{event_id}/call", response_model=JoinOut)
async def event_call(event_id: str, ctx: Ctx, db: DB) -> JoinOut:
    """Join the call planned with an event (its `call_plan`); the organiser or an
    administrator starts it when it is not running yet, anyone else invited to the event gets
    409 `call_not_started`. Invited people join whether or not they are in the call's chat."""
    return await scheduled.start_or_join(db, ctx, event_id)


@router.get("/chats/{chat_id}/call", response_model=CallOut | None)
async def running(chat_id: str, ctx: Ctx, db: DB) -> CallOut | None:
    """The chat's running call, or null."""
    return await service.current_call(db, ctx, chat_id)


@router.get("/calls/{call_id}", response_model=CallOut)
async def get(call_id: str, ctx: Ctx, db: DB) -> CallOut:
    """A call of a chat I am a member of."""
    return await service.get_call(db, ctx, call_id)


@router.post("/calls/{call_id}/join", response_model=JoinOut)
async def join(call_id: str, ctx: Ctx, db: DB) -> JoinOut:
    """Join, answer a ringing call, or rejoin after a dropped connection (this device takes
    the call over). Members of the chat only; returns ICE servers with TURN credentials."""
    return await service.join_call(db, ctx, call_id)


@router.post("/calls/{call_id}/leave", response_model=CallOut)
async def leave(call_id: str, ctx: Ctx, db: DB) -> CallOut:
    """Leave the call; it ends when nobody is left (a direct call when either side leaves)."""
    return await service.leave_call(db, ctx, call_id)


@router.post("/calls/{call_id}/decline", response_model=CallOut)
async def decline(call_id: str, ctx: Ctx, db: DB) -> CallOut:
    """Decline a call that is ringing for me."""
    return await service.decline_call(db, ctx, call_id)


@router.post("/calls/{call_id}/end", response_model=CallOut)
async def end(call_id: str, ctx: Ctx, db: DB) -> CallOut:
    """End the call for everyone (host, starter or chat moderator)."""
    return await service.end_call(db, ctx, call_id)


@router.post("/calls/{call_id}/admit", response_model=CallOut)
async def admit_all(call_id: str, ctx: Ctx, db: DB) -> CallOut:
    """Host: let everyone in from the waiting room."""
    return await controls.admit(db, ctx, call_id, None)


@router.post("/calls/{call_id}/participants/{account_id}/admit", response_model=CallOut)
async def admit(call_id: str, account_id: str, ctx: Ctx, db: DB) -> CallOut:
    """Host: let one person in from the waiting room."""
    return await controls.admit(db, ctx, call_id, account_id)


@router.post("/calls/{call_id}/mute-all", response_model=CallOut)
async def mute_all(call_id: str, body: MuteIn, ctx: Ctx, db: DB) -> CallOut:
    """Host: mute everyone but the hosts (they cannot unmute until `muted: false`)."""
    return await controls.mute(db, ctx, call_id, None, body.muted)


@router.post("/calls/{call_id}/participants/{account_id}/mute", response_model=CallOut)
async def mute(call_id: str, account_id: str, body: MuteIn, ctx: Ctx, db: DB) -> CallOut:
    """Host: mute one participant on the media server, or allow them to speak again."""
    return await controls.mute(db, ctx, call_id, account_id, body.muted)


@router.post("/calls/{call_id}/participants/{account_id}/camera", response_model=CallOut)
async def camera(call_id: str, account_id: str, body: CameraIn, ctx: Ctx, db: DB) -> CallOut:
    """Host: turn a participant's camera off (or allow it again)."""
    return await controls.camera_off(db, ctx, call_id, account_id, body.off)


@router.post("/calls/{call_id}/participants/{account_id}/screen", response_model=CallOut)
async def screen(call_id: str, account_id: str, body: ScreenIn, ctx: Ctx, db: DB) -> CallOut:
    """Host: allow or revoke screen sharing (revoking stops a running share)."""
    return await controls.screen(db, ctx, call_id, account_id, body.allowed)


@router.post("/calls/{call_id}/participants/{account_id}/remove", response_model=CallOut)
async def remove(call_id: str, account_id: str, ctx: Ctx, db: DB) -> CallOut:
    """Host: remove from the call; they cannot rejoin it."""
    return await controls.remove(db, ctx, call_id, account_id)


@router.patch("/calls/{call_id}/settings", response_model=CallOut)
async def settings(call_id: str, body: SettingsPatch, ctx: Ctx, db: DB) -> CallOut:
    """Host: lock the lesson, the waiting room, cameras visible to the teacher only."""
    return await controls.patch_settings(db, ctx, call_id, body)


@router.post("/calls/{call_id}/hand", response_model=CallOut)
async def hand(call_id: str, body: HandIn, ctx: Ctx, db: DB) -> CallOut:
    """Raise or lower my hand."""
    return await controls.raise_hand(db, ctx, call_id, body.raised)


@router.post("/calls/{call_id}/reactions", status_code=204)
async def reaction(call_id: str, body: ReactionIn, ctx: Ctx, db: DB) -> None:
    """A short reaction shown to everyone in the call (`call.reaction`, not stored)."""
    await controls.react(db, ctx, call_id, body.emoji)


@router.get("/calls/{call_id}/attendance", response_model=list[AttendanceRow])
async def attendance(call_id: str, ctx: Ctx, db: DB) -> list[AttendanceRow]:
    """Who joined, when and for how long (host, starter or chat moderator)."""
    return await service.attendance(db, ctx, call_id)


@router.get("/calls/{call_id}/attendance.csv", response_class=Response)
async def attendance_csv(call_id: str, ctx: Ctx, db: DB) -> Response:
    """Attendance as CSV (UTF-8 with a byte order mark, so spreadsheet programs read Cyrillic)."""
    rows = await service.attendance(db, ctx, call_id)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["name", "guest", "first_joined_at", "last_left_at", "minutes", "times_joined"])
    for r in rows:
        out.writerow(
            [
                r.name,
                "yes" if r.guest else "",
                r.first_joined_at.isoformat(),
                r.last_left_at.isoformat() if r.last_left_at else "",
                round(r.seconds / 60, 1),
                r.stretches,
            ]
        )
    return Response(
        "\ufeff" + buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="attendance-{call_id}.csv"'},
    )
