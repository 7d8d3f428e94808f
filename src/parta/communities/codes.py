"""Codes people type or paste: a community's join code and an organisation's invitation code.

Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), read back case- and
dash-insensitively. They are not secrets of the kind a session token is: each one only
starts a request that the other side's administrator or moderators must still accept.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.models import Community, CommunityOrgCode

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(value: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes."""
    return "".join(c for c in value.upper() if c not in " -\t")


async def unused_community_code(db: AsyncSession) -> str:
    while True:
        code = new_code()
        taken = await db.execute(sa.select(Community.id).where(Community.join_code == code))
        if taken.first() is None:
            return code


async def org_code(db: AsyncSession, org_id: str, *, renew: bool = False) -> str:
    """The organisation's invitation code, made on first use; `renew` replaces it (the old
    one stops working)."""
    row = await db.get(CommunityOrgCode, org_id, with_for_update=renew)
    if row is not None and not renew:
        return row.code
    if row is not None:
        row.code = new_code()
        await db.flush()
        return row.code
    # Two administrators opening the screen at once: whoever inserts first wins, the other
    # reads that row (no conflict error).
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    while True:
        stmt = (
            insert(CommunityOrgCode)
            .values(org_id=org_id, code=new_code(), created_at=utcnow())
            .on_conflict_do_nothing()
        )
        await db.execute(stmt)
        stored = (
            await db.execute(
                sa.select(CommunityOrgCode.code).where(CommunityOrgCode.org_id == org_id)
            )
        ).scalar_one_or_none()
        if stored is not None:
            return stored
