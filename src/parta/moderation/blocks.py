"""Personal blocks: I block someone I share an organisation with, and from then on neither
of us can open a direct chat with the other, write in our direct chat or call the other
directly (parta.moderation.guard). Group chats, class chats and channels are not affected:
the school's own conversations go on, and a moderator or a report deals with those.

A block is private: nobody is told (it is not audited either: it is a personal choice,
like muting a chat), and the blocked person learns it only when they try to write to me
directly.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.kit.errors import Conflict, not_found
from parta.kit.ids import is_id
from parta.models import Account, Block, Membership
from parta.moderation.schemas import BlockOut
from parta.realtime.log import notify

MAX_BLOCKS = 500


async def _share_an_org(db: AsyncSession, a: str, b: str) -> bool:
    mine = sa.select(Membership.org_id).where(
        Membership.account_id == a, Membership.status == "active"
    )
    stmt = sa.select(Membership.id).where(
        Membership.account_id == b,
        Membership.status == "active",
        Membership.org_id.in_(mine),
    )
    return (await db.execute(stmt.limit(1))).first() is not None


async def my_blocks(db: AsyncSession, actor: Actor) -> list[BlockOut]:
    """The people I blocked, newest first."""
    stmt = (
        sa.select(Block, Account.display_name)
        .join(Account, Account.id == Block.blocked_id)
        .where(Block.blocker_id == actor.id)
        .order_by(Block.id.desc())
    )
    return [
        BlockOut(account_id=b.blocked_id, name=name, created_at=b.created_at)
        for b, name in (await db.execute(stmt)).all()
    ]


async def _mine(db: AsyncSession, actor: Actor, account_id: str) -> Block | None:
    stmt = sa.select(Block).where(Block.blocker_id == actor.id, Block.blocked_id == account_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def block(db: AsyncSession, actor: Actor, account_id: str) -> BlockOut:
    """Block someone I share an organisation with (404 for anyone else). Blocking again
    changes nothing."""
    if not is_id(account_id) or account_id == actor.id:
        raise not_found("person")
    found = await _mine(db, actor, account_id)
    if found is None:
        if not await _share_an_org(db, actor.id, account_id):
            raise not_found("person")
        count = (
            await db.execute(
                sa.select(sa.func.count()).select_from(Block).where(Block.blocker_id == actor.id)
            )
        ).scalar_one()
        if count >= MAX_BLOCKS:
            raise Conflict("You have blocked too many people.", code="too_many_blocks")
        found = Block(blocker_id=actor.id, blocked_id=account_id)
        db.add(found)
        await db.flush()
        notify(db, (actor.id,), "block.changed", {"account_id": account_id, "blocked": True})
    account = await db.get(Account, account_id)
    assert account is not None
    return BlockOut(account_id=account_id, name=account.display_name, created_at=found.created_at)


async def unblock(db: AsyncSession, actor: Actor, account_id: str) -> None:
    """Unblock; unblocking someone not blocked changes nothing."""
    if not is_id(account_id):
        return
    found = await _mine(db, actor, account_id)
    if found is None:
        return
    await db.delete(found)
    notify(db, (actor.id,), "block.changed", {"account_id": account_id, "blocked": False})
    await db.flush()
