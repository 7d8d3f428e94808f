"""Relaying WebRTC signalling between the two devices of a direct call.

A browser sends `{"type": "call.signal", "call_id", "to": <account id>, "data": {...}}` over
its socket (an SDP offer/answer or an ICE candidate, opaque to Parta). It is passed on only
when the sender's device and the addressee are both joined to the same running call; the
addressee's joined device receives `call.signal` with `from` and `from_session`. Nothing is
stored: a device that reconnects restarts its negotiation.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.db import transaction
from parta.kit.ids import is_id
from parta.models import Call, CallParticipant
from parta.realtime.envelope import Envelope, encode_event
from parta.realtime.runtime import get_runtime


async def _allowed(
    db: AsyncSession, call_id: str, sender: str, session_id: str, to: str
) -> str | None:
    """The addressee's joined device, or None when this signal may not pass."""
    stmt = (
        sa.select(CallParticipant.account_id, CallParticipant.session_id)
        .join(Call, Call.id == CallParticipant.call_id)
        .where(
            Call.id == call_id,
            Call.ended_at.is_(None),
            CallParticipant.account_id.in_((sender, to)),
            CallParticipant.state == "joined",
        )
    )
    rows: dict[str, str | None] = {a: s for a, s in (await db.execute(stmt)).all()}
    if rows.get(sender) != session_id or to not in rows or to == sender:
        return None
    return rows[to]


async def relay(
    sessionmaker: async_sessionmaker[AsyncSession],
    msg: dict[str, Any],
    *,
    account_id: str,
    session_id: str,
) -> str | None:
    """Pass the signal on; returns an error code for the sender, or None when relayed."""
    call_id, to, data = msg.get("call_id"), msg.get("to"), msg.get("data")
    if not (isinstance(call_id, str) and is_id(call_id) and isinstance(to, str) and is_id(to)):
        return "invalid"
    if not isinstance(data, dict):
        return "invalid"
    async with transaction(sessionmaker) as db:
        to_session = await _allowed(db, call_id, account_id, session_id, to)
    if to_session is None:
        return "not_in_call"
    text = encode_event(
        "call.signal",
        {
            "call_id": call_id,
            "from": account_id,
            "from_session": session_id,
            "to_session": to_session,
            "data": data,
        },
    )
    await get_runtime().bus.publish(Envelope(text=text, accounts=(to,)))
    return None
