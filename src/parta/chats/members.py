"""Adding, removing and changing chat members, with their realtime events."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from parta.chats.access import member_row
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.models import Chat, ChatMember
from parta.realtime.log import emit


async def add_member(
    db: AsyncSession, chat: Chat, account_id: str, role: str = "member", *, by: str | None = None
) -> ChatMember | None:
    """Make `account_id` an active member (re-activating a former one); None if already."""
    row = await member_row(db, chat.id, account_id)
    if row is not None and row.status == "active":
        if row.role != role and role != "member":
            row.role = role
        return None
    if row is None:
        row = ChatMember(chat_id=chat.id, org_id=chat.org_id, account_id=account_id, role=role)
        db.add(row)
    else:
        row.status, row.role, row.left_at, row.joined_at = "active", role, None, utcnow()
    # A new member starts reading from now: earlier history is visible, but not unread.
    row.last_read_seq = chat.seq
    await db.flush()
    return row


async def announce_joined(
    db: AsyncSession, chat: Chat, account_ids: Iterable[str], *, by: str | None
) -> None:
    ids = list(account_ids)
    if not ids:
        return
    people = await briefs(db, chat.org_id, ids)
    await emit(
        db,
        chat.id,
        "member.joined",
        {
            "members": [
                {"account_id": a, "name": people[a].name, "verified": people[a].verified}
                for a in ids
            ],
            "by": by,
        },
        members_changed=True,
    )


async def deactivate_member(
    db: AsyncSession, chat: Chat, row: ChatMember, status: str, *, by: str | None
) -> None:
    """Mark a member as left or removed and tell the chat and the person."""
    row.status = status
    row.left_at = utcnow()
    await db.flush()
    kind = "member.left" if status == "left" else "member.removed"
    await emit(
        db,
        chat.id,
        kind,
        {"account_id": row.account_id, "by": by},
        members_changed=True,
        extra_accounts=(row.account_id,),
    )
