"""Calls as clients see them (also the loader for call messages in the history)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.avatars.urls import avatar_url
from parta.calls.schemas import CallOut, CallSettings, ParticipantOut
from parta.chats.people import briefs
from parta.models import Call, CallParticipant, Message


async def call_views(db: AsyncSession, calls: Sequence[Call]) -> list[CallOut]:
    if not calls:
        return []
    ids = [c.id for c in calls]
    stmt = (
        sa.select(CallParticipant)
        .where(CallParticipant.call_id.in_(ids))
        .order_by(CallParticipant.created_at, CallParticipant.id)
    )
    parts = list((await db.execute(stmt)).scalars())
    people = await briefs(
        db, calls[0].org_id, {p.account_id for p in parts} | {c.started_by for c in calls}
    )
    out = []
    for c in calls:
        participants = [
            ParticipantOut(
                account_id=p.account_id,
                name=people[p.account_id].name,
                avatar_url=avatar_url(people[p.account_id].avatar_file_id),
                state=p.state,
                via=p.via,
                host=p.host,
                muted_by_host=p.muted_by_host,
                camera_off_by_host=p.camera_off_by_host,
                may_share_screen=p.may_share_screen,
                hand_raised=p.hand_raised_at is not None,
            )
            for p in parts
            if p.call_id == c.id
        ]
        settings = {k: v for k, v in c.settings.items() if k in CallSettings.model_fields}
        out.append(
            CallOut(
                id=c.id,
                chat_id=c.chat_id,
                mode=c.mode,  # type: ignore[arg-type]
                media=c.media,  # type: ignore[arg-type]
                title=c.title,
                started_by=c.started_by,
                started_by_name=people[c.started_by].name,
                started_at=c.started_at,
                ended_at=c.ended_at,
                end_reason=c.end_reason,
                settings=CallSettings.model_validate(settings),
                participants=participants,
            )
        )
    return out


async def call_view(db: AsyncSession, call: Call) -> CallOut:
    return (await call_views(db, [call]))[0]


async def calls_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, CallOut]:
    """The call of each call message of the page (one query for the calls, one for people)."""
    ids = [m.id for m in messages if m.kind == "call"]
    if not ids:
        return {}
    calls = list((await db.execute(sa.select(Call).where(Call.message_id.in_(ids)))).scalars())
    views = await call_views(db, calls)
    return {c.message_id: v for c, v in zip(calls, views, strict=True) if c.message_id}
