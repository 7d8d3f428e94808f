"""Who may see whose presence, and the queries that answer it for many people at once.

Rules (safest by default, users include children):
- a student's presence (online state and last seen) is hidden from everyone unless their
  organisation sets `show_student_presence` to true;
- everyone else's presence is visible to the members of the organisation; live changes go to
  the people who share a conversation with them. Channels do not count: a broadcast to the
  whole school is not a conversation, and it would turn every sign-in into a school-wide
  event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Chat, ChatMember, Membership, Org

SETTING = "show_student_presence"
CHUNK = 500  # ids per IN (...) list


def presence_hidden(roles: Collection[str], org_settings: dict[str, Any]) -> bool:
    """Is a member with these roles hidden in an organisation with these settings?"""
    return "student" in roles and org_settings.get(SETTING) is not True


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


async def hidden_in(db: AsyncSession, account_ids: Sequence[str]) -> set[tuple[str, str]]:
    """(account, org) pairs where the account's presence is hidden."""
    hidden: set[tuple[str, str]] = set()
    for chunk in _chunks(account_ids):
        stmt = (
            sa.select(Membership.account_id, Membership.org_id, Org.settings)
            .join(Org, Org.id == Membership.org_id)
            .where(
                Membership.account_id.in_(chunk),
                Membership.status == "active",
                Membership.role == "student",
            )
        )
        for account_id, org_id, settings in (await db.execute(stmt)).all():
            if account_id and presence_hidden(("student",), settings or {}):
                hidden.add((account_id, org_id))
    return hidden


async def announce_chats(db: AsyncSession, account_ids: Iterable[str]) -> dict[str, list[str]]:
    """For each account, the chats whose members should hear about its presence changes."""
    ids = sorted(set(account_ids))
    hidden = await hidden_in(db, ids)
    out: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        stmt = (
            sa.select(ChatMember.account_id, ChatMember.chat_id, Chat.org_id)
            .join(Chat, Chat.id == ChatMember.chat_id)
            .where(
                ChatMember.account_id.in_(chunk),
                ChatMember.status == "active",
                Chat.kind != "channel",
                Chat.archived_at.is_(None),
            )
        )
        for account_id, chat_id, org_id in (await db.execute(stmt)).all():
            if (account_id, org_id) not in hidden:
                out[account_id].append(chat_id)
    return out


async def visible_members(
    db: AsyncSession, org_id: str, org_settings: dict[str, Any], account_ids: Sequence[str]
) -> set[str]:
    """Which of `account_ids` are active members of the organisation whose presence shows."""
    roles: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(account_ids):
        stmt = sa.select(Membership.account_id, Membership.role).where(
            Membership.org_id == org_id,
            Membership.account_id.in_(chunk),
            Membership.status == "active",
        )
        for account_id, role in (await db.execute(stmt)).all():
            if account_id:
                roles[account_id].add(role)
    return {a for a, r in roles.items() if not presence_hidden(r, org_settings)}
