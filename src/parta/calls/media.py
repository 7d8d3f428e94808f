"""Relaying a device's group-call media negotiation to Janus.

Each device that joined a group call or lesson sends `call.media` frames over its event
socket; this node keeps that device's Janus handles (camera, screen, subscriber) for as long
as the socket lives. Rules are enforced here, not in the browser: only joined participants
get media, screen sharing needs the host's permission, a student cannot subscribe to
another student's camera when cameras are for the teacher only, and a host's mute is applied
on Janus itself (parta.calls.rooms.moderate).

Frames (client → server): `{"type": "call.media", "call_id", "op", ...}` with op
`enter`, `publish` {jsep, source: camera|screen}, `unpublish` {source}, `subscribe`
{streams: [{feed, mid?}]}, `unsubscribe` {streams}, `start` {jsep}, `trickle`
{target: camera|screen|subscriber, candidate|null}, `exit`. Answers and news come back as
`call.media` events with op `entered`, `feeds`, `answer`, `offer`, `hangup`, `quality`,
`error`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.calls.janus import Handle, JanusError
from parta.calls.rooms import client, moderate
from parta.db import transaction
from parta.kit.ids import is_id
from parta.models import Call, CallParticipant
from parta.realtime.envelope import encode_event

log = logging.getLogger(__name__)

SOURCES = ("camera", "screen")
TARGETS = (*SOURCES, "subscriber")

Push = Callable[[str], None]


class MediaRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class DeviceMedia:
    """One device's presence in one call's room on Janus."""

    def __init__(self, call_id: str, account_id: str, session_id: str, push: Push) -> None:
        self.call_id = call_id
        self.account_id = account_id
        self.session_id = session_id
        self.push = push
        self.room: int | None = None
        self.host = False
        self.hosts: set[str] = set()
        self.cameras_teacher_only = False
        self.handles: dict[str, Handle] = {}
        self.own_feeds: dict[str, int] = {}  # source -> my publisher id on Janus
        self.feeds: dict[int, dict[str, Any]] = {}

    def send(self, op: str, **data: Any) -> None:
        self.push(encode_event("call.media", {"call_id": self.call_id, "op": op, **data}))

    # What this viewer may see of the room's feeds.
    def visible(self, feed: dict[str, Any]) -> dict[str, Any]:
        streams = feed["streams"]
        if self.cameras_teacher_only and not self.host and feed["account_id"] not in self.hosts:
            streams = [s for s in streams if s.get("type") == "audio"]
        return {**feed, "streams": streams}

    def send_feeds(self) -> None:
        self.send("feeds", feeds=[self.visible(f) for f in self.feeds.values()])

    def on_event(self, source: str, msg: dict[str, Any]) -> None:
        """Janus's own news on one of this device's handles."""
        kind = msg.get("janus")
        if kind in ("hangup", "detached"):
            self.send("hangup", target=source, reason=msg.get("reason", kind))
            return
        if kind == "slowlink":
            self.send("quality", target=source, uplink=msg.get("uplink"), lost=msg.get("lost"))
            return
        if kind != "event":
            return
        data = (msg.get("plugindata") or {}).get("data") or {}
        if source == "subscriber" and isinstance(msg.get("jsep"), dict):
            # Janus renegotiates on its own when a feed I watch goes away, and sends an
            # offer it postponed until the previous answer: the browser must answer it
            # (`start`), or Janus waits and later subscriptions never get their offer.
            self.send("offer", jsep=msg["jsep"], streams=data.get("streams") or [])
        changed = False
        for pub in data.get("publishers") or []:
            self._add_feed(pub)
            changed = True
        for key in ("unpublished", "leaving"):
            gone = data.get(key)
            if isinstance(gone, int) and gone in self.feeds:
                del self.feeds[gone]
                changed = True
            elif gone == "ok" and source != "subscriber":
                self.send("hangup", target=source, reason="left")
        if data.get("kicked") or data.get("videoroom") == "destroyed":
            self.send("hangup", target=source, reason="removed")
        if changed and source == "camera":
            self.send_feeds()

    def _add_feed(self, pub: dict[str, Any]) -> None:
        account_id, _, source = str(pub.get("display", "")).partition(":")
        if pub.get("id") in self.own_feeds.values():
            return
        self.feeds[int(pub["id"])] = {
            "feed": int(pub["id"]),
            "account_id": account_id,
            "source": source or "camera",
            "streams": [
                {"mid": str(s.get("mid")), "type": s.get("type")}
                for s in pub.get("streams") or []
                if not s.get("disabled")
            ],
        }

    def listener(self, source: str) -> Callable[[dict[str, Any]], None]:
        def _on(msg: dict[str, Any]) -> None:
            self.on_event(source, msg)

        return _on

    async def attach(self, source: str) -> Handle:
        handle = self.handles.get(source)
        if handle is None:
            handle = await client().attach(self.listener(source))
            self.handles[source] = handle
        return handle

    async def close(self) -> None:
        for handle in self.handles.values():
            await handle.detach()
        self.handles.clear()


_devices: dict[str, DeviceMedia] = {}


async def _load(
    sessionmaker: async_sessionmaker[AsyncSession], call_id: str, account_id: str, session_id: str
) -> tuple[Call, CallParticipant, set[str]]:
    async with transaction(sessionmaker) as db:
        row = (
            await db.execute(
                sa.select(Call, CallParticipant)
                .join(CallParticipant, CallParticipant.call_id == Call.id)
                .where(Call.id == call_id, CallParticipant.account_id == account_id)
            )
        ).first()
        if row is None:
            raise MediaRefused("not_in_call", "Not in this call.")
        call, me = row
        hosts = await db.execute(
            sa.select(CallParticipant.account_id).where(
                CallParticipant.call_id == call_id, CallParticipant.host.is_(True)
            )
        )
        host_ids = set(hosts.scalars())
    if call.ended_at is not None:
        raise MediaRefused("call_ended", "The call has ended.")
    if call.mode == "direct" or call.janus_room is None:
        raise MediaRefused("not_group_call", "This call has no media room.")
    if me.state != "joined" or me.session_id != session_id:
        raise MediaRefused("not_in_call", "Join the call from this device first.")
    return call, me, host_ids


async def _save_media(
    sessionmaker: async_sessionmaker[AsyncSession],
    call_id: str,
    account_id: str,
    media: dict[str, Any],
) -> dict[str, Any]:
    """Store what the device publishes; returns the participant's host restrictions."""
    async with transaction(sessionmaker) as db:
        me = (
            await db.execute(
                sa.select(CallParticipant).where(
                    CallParticipant.call_id == call_id, CallParticipant.account_id == account_id
                )
            )
        ).scalar_one()
        me.media = media
        return {"muted": me.muted_by_host, "camera_off": me.camera_off_by_host}


async def handle_frame(
    sessionmaker: async_sessionmaker[AsyncSession],
    msg: dict[str, Any],
    *,
    account_id: str,
    session_id: str,
    push: Push,
) -> None:
    """One `call.media` frame from a device; errors go back to it as op `error`."""
    call_id, op = msg.get("call_id"), msg.get("op")
    if not (isinstance(call_id, str) and is_id(call_id) and isinstance(op, str)):
        push(encode_event("error", {"code": "invalid", "message": "Bad call.media frame."}))
        return
    if op == "exit":
        # Also after leaving (no longer joined): the device's Janus handles must go, or
        # its old publisher stays in the room and a rejoin finds the handle still in use.
        await drop(session_id)
        return
    device = _devices.get(session_id)
    if device is not None and device.call_id != call_id:
        await drop(session_id)
        device = None
    if device is None:
        device = DeviceMedia(call_id, account_id, session_id, push)
    try:
        await _run(sessionmaker, device, op, msg)
    except MediaRefused as exc:
        device.send("error", code=exc.code, message=str(exc), about=op)
    except JanusError as exc:
        log.warning("janus refused %s: %s", op, exc)
        device.send("error", code="media_server_error", message=str(exc), about=op)


async def _run(
    sessionmaker: async_sessionmaker[AsyncSession],
    device: DeviceMedia,
    op: str,
    msg: dict[str, Any],
) -> None:
    call, me, hosts = await _load(
        sessionmaker, device.call_id, device.account_id, device.session_id
    )
    device.room = call.janus_room
    device.host = me.host
    device.hosts = hosts
    device.cameras_teacher_only = bool(call.settings.get("cameras_teacher_only"))
    if op == "enter":
        await _enter(device)
    elif op == "publish":
        await _publish(sessionmaker, device, call, me, msg)
    elif op == "unpublish":
        source = msg.get("source")
        if source not in SOURCES or source not in device.handles:
            raise MediaRefused("invalid", "Nothing to unpublish.")
        await device.handles.pop(str(source)).detach()
        if source == "camera":
            device.send_feeds()
    elif op in ("subscribe", "unsubscribe"):
        await _subscribe(device, op, msg.get("streams"))
    elif op == "start":
        handle = device.handles.get("subscriber")
        jsep = msg.get("jsep")
        if handle is None or not isinstance(jsep, dict):
            raise MediaRefused("invalid", "Subscribe first, then start with the answer.")
        await handle.message({"request": "start"}, jsep)
    elif op == "trickle":
        target = msg.get("target")
        candidate = msg.get("candidate")
        handle = device.handles.get(str(target)) if target in TARGETS else None
        if handle is None or not (candidate is None or isinstance(candidate, dict)):
            raise MediaRefused("invalid", "Unknown trickle target.")
        await handle.trickle(candidate)
    else:
        raise MediaRefused("invalid", f"Unknown op {op[:30]!r}.")


async def _enter(device: DeviceMedia) -> None:
    """Join the room as a (not yet sending) publisher: that is how Janus tells us about the
    others' feeds."""
    _devices[device.session_id] = device
    if device.handles:
        # Entering again (a reconnect racing the old socket's clean-up): start afresh.
        await device.close()
        device.own_feeds.clear()
        device.feeds.clear()
    handle = await device.attach("camera")
    data, _ = await handle.message(
        {
            "request": "join",
            "ptype": "publisher",
            "room": device.room,
            "display": f"{device.account_id}:camera",
        }
    )
    device.own_feeds["camera"] = int(data["id"])
    # No clearing: news of a feed may arrive before the answer to our own join does.
    for pub in data.get("publishers") or []:
        device._add_feed(pub)
    device.send("entered", feed=data["id"])
    device.send_feeds()


async def _publish(
    sessionmaker: async_sessionmaker[AsyncSession],
    device: DeviceMedia,
    call: Call,
    me: CallParticipant,
    msg: dict[str, Any],
) -> None:
    source, jsep = msg.get("source", "camera"), msg.get("jsep")
    if source not in SOURCES or not isinstance(jsep, dict) or jsep.get("type") != "offer":
        raise MediaRefused("invalid", "publish needs an SDP offer and a source.")
    if device.session_id not in _devices:
        raise MediaRefused("invalid", "Enter the room first.")
    if source == "screen" and not me.may_share_screen:
        raise MediaRefused(
            "screen_not_allowed", "The host has not allowed you to share the screen."
        )
    if source == "screen" and "screen" not in device.handles:
        handle = await device.attach("screen")
        data, _ = await handle.message(
            {
                "request": "join",
                "ptype": "publisher",
                "room": device.room,
                "display": f"{device.account_id}:screen",
            }
        )
        device.own_feeds["screen"] = int(data["id"])
    handle = device.handles[source]
    data, answer = await handle.message(
        {"request": "configure", "audio": True, "video": True}, jsep
    )
    media = dict(me.media or {})
    media[source] = {
        "feed": device.own_feeds.get(source),
        "streams": [
            {"mid": str(s.get("mid")), "type": s.get("type")} for s in data.get("streams") or []
        ],
    }
    limits = await _save_media(sessionmaker, call.id, device.account_id, media)
    if answer is None:
        raise MediaRefused("media_server_error", "The media server gave no answer.")
    device.send("answer", source=source, jsep=answer)
    if source == "camera":
        if limits["muted"]:
            await moderate(call, media, "audio", True)
        if limits["camera_off"]:
            await moderate(call, media, "video", True)


async def _subscribe(device: DeviceMedia, op: str, raw: object) -> None:
    if not isinstance(raw, list) or not raw or len(raw) > 60:
        raise MediaRefused("invalid", "streams must be a list of {feed, mid}.")
    wanted: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("feed"), int):
            raise MediaRefused("invalid", "streams must be a list of {feed, mid}.")
        feed = device.feeds.get(item["feed"])
        if feed is None:
            raise MediaRefused("no_such_feed", "That feed is not in the room.")
        visible = {s["mid"] for s in device.visible(feed)["streams"]}
        mid = item.get("mid")
        if mid is not None and str(mid) not in visible:
            raise MediaRefused("stream_not_allowed", "That stream is not for you.")
        mids = [str(mid)] if mid is not None else sorted(visible)
        wanted += [{"feed": feed["feed"], "mid": m} for m in mids]
    if op == "unsubscribe":
        handle = device.handles.get("subscriber")
        if handle is None:
            return
        data, jsep = await handle.message({"request": "update", "unsubscribe": wanted})
    elif "subscriber" not in device.handles:
        handle = await device.attach("subscriber")
        data, jsep = await handle.message(
            {"request": "join", "ptype": "subscriber", "room": device.room, "streams": wanted}
        )
    else:
        data, jsep = await device.handles["subscriber"].message(
            {"request": "update", "subscribe": wanted}
        )
    if jsep is not None:
        device.send("offer", jsep=jsep, streams=data.get("streams") or [])


async def drop(session_id: str) -> None:
    """The device left or its socket closed: release its handles on Janus."""
    device = _devices.pop(session_id, None)
    if device is not None:
        try:
            await asyncio.wait_for(device.close(), 5)
        except (TimeoutError, JanusError):
            log.warning("could not release janus handles of a device")


async def drop_call(call_id: str) -> None:
    """The call ended: every local device of it lets go of its handles."""

    for session_id in [s for s, d in _devices.items() if d.call_id == call_id]:
        await drop(session_id)
