"""Janus rooms for group calls and lessons: created when the call starts, destroyed when it
ends, and the room-level requests of the host controls (mute, kick)."""

from __future__ import annotations

import secrets
from typing import Any

from parta.calls.janus import Handle, Janus, JanusError, janus_client
from parta.config import get_settings
from parta.kit.errors import AppError
from parta.models import Call

MAX_PUBLISHERS = 100


class MediaServerError(AppError):
    status = 503
    code = "media_server_unavailable"


def client() -> Janus:
    s = get_settings()
    return janus_client(s.janus_url, s.janus_api_secret)


_control: dict[int, Handle] = {}


async def control_handle() -> Handle:
    """A handle of this process for room-level requests (one per Janus session)."""
    janus = client()
    try:
        await janus.ensure()
        handle = _control.get(janus.session_id or 0)
        if handle is None:
            handle = await janus.attach()
            _control.clear()
            _control[janus.session_id or 0] = handle
        return handle
    except JanusError as exc:
        raise MediaServerError(
            "The media server for group calls is not reachable. Try again in a minute; "
            "if it persists, tell the administrator."
        ) from exc


def room_secret(call: Call) -> str:
    return str(call.settings.get("janus_secret", ""))


async def create_room(call: Call) -> None:
    """A private room only Parta can manage; its secret stays on the server."""
    handle = await control_handle()
    room = secrets.randbelow(2**52) + 1
    secret = secrets.token_urlsafe(18)
    try:
        await handle.request(
            {
                "request": "create",
                "admin_key": get_settings().janus_admin_key,
                "room": room,
                "secret": secret,
                "is_private": True,
                "publishers": MAX_PUBLISHERS,
                "audiocodec": "opus",
                "videocodec": "vp8",
                "notify_joining": False,
                "description": f"parta call {call.id}",
            }
        )
    except JanusError as exc:
        raise MediaServerError(f"The media server refused to create the room: {exc}") from exc
    call.janus_room = room
    call.settings = {**call.settings, "janus_secret": secret}


async def room_request(call: Call, body: dict[str, Any]) -> dict[str, Any] | None:
    """A request about this call's room (destroy, kick, moderate); None when it failed
    because the room or the participant is already gone."""
    if call.janus_room is None:
        return None
    handle = await control_handle()
    try:
        return await handle.request({**body, "room": call.janus_room, "secret": room_secret(call)})
    except JanusError:
        return None


async def destroy(room: int | None, secret: str) -> None:
    """Destroy a room (after the call ended, or when starting it was rolled back)."""
    if room is None:
        return
    try:
        handle = await control_handle()
        await handle.request({"request": "destroy", "room": room, "secret": secret})
    except (JanusError, MediaServerError):
        pass  # already gone, or Janus restarted (rooms are not permanent)


def mids_of(media: dict[str, Any], source: str, kind: str) -> list[str]:
    """Stream ids of one kind (audio/video) that a participant publishes from a source."""
    feed = media.get(source) or {}
    streams = feed.get("streams") or []
    return [str(s["mid"]) for s in streams if s.get("type") == kind and "mid" in s]


async def moderate(call: Call, media: dict[str, Any], kind: str, mute: bool) -> None:
    """Mute (or allow) a participant's audio or video on Janus itself, so that no client
    can undo it."""
    feed = (media.get("camera") or {}).get("feed")
    if feed is None:
        return
    for mid in mids_of(media, "camera", kind):
        await room_request(call, {"request": "moderate", "id": feed, "mid": mid, "mute": mute})


async def kick(call: Call, media: dict[str, Any], sources: tuple[str, ...]) -> None:
    for source in sources:
        feed = (media.get(source) or {}).get("feed")
        if feed is not None:
            await room_request(call, {"request": "kick", "id": feed})
