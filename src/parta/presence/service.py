"""Presence queries: the state of a list of people, inside one organisation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.models import Account
from parta.presence.schemas import PersonPresence, PresenceOut
from parta.presence.visibility import visible_members
from parta.realtime.runtime import get_runtime

MAX_IDS = 200


async def presence_of(db: AsyncSession, ctx: OrgContext, account_ids: list[str]) -> PresenceOut:
    """Online/offline and last seen for members of the organisation whose presence shows;
    `unknown` for anyone else, so the answer never tells whether an account exists."""
    wanted = list(dict.fromkeys(account_ids))
    visible = await visible_members(db, ctx.org_id, ctx.org.settings, wanted)
    if ctx.account_id in wanted:
        visible.add(ctx.account_id)  # one's own presence is never a secret to oneself
    online = await get_runtime().presence.online(visible)
    offline = [a for a in visible if a not in online]
    seen: dict[str, datetime | None] = {}
    if offline:
        stmt = sa.select(Account.id, Account.last_seen_at).where(Account.id.in_(offline))
        seen = {a: t for a, t in (await db.execute(stmt)).all()}
    out = []
    for a in account_ids:
        if a not in visible:
            out.append(PersonPresence(account_id=a, status="unknown", last_seen_at=None))
        elif a in online:
            out.append(PersonPresence(account_id=a, status="online", last_seen_at=None))
        else:
            out.append(PersonPresence(account_id=a, status="offline", last_seen_at=seen.get(a)))
    return PresenceOut(people=out)
