"""Join requests: people who used a link to a chat that needs a moderator's approval.

A request is a `pending` chat membership: the person sees nothing of the chat (every read
goes through `visible_chat`, which wants an active membership) and gets none of its events
(the realtime audience is active members only) until a moderator approves.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import OrgContext
from parta.chats import policy
from parta.chats.access import member_row, visible_chat
from parta.chats.invites import moderators
from parta.chats.members import add_member, announce_joined
from parta.chats.people import active_memberships, briefs
from parta.chats.schemas import JoinRequestOut
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, not_found
from parta.models import Chat, ChatMember
from parta.realtime.log import notify

LIST_LIMIT = 500


async def _moderated_chat(db: AsyncSession, ctx: OrgContext, chat_id: str) -> Chat:
    chat, me = await visible_chat(db, ctx, chat_id)
    if not policy.is_moderator(me.role):
        raise Forbidden("Only the chat's moderators handle join requests.")
    return chat


async def _pending(db: AsyncSession, chat: Chat, account_id: str) -> ChatMember:
    row = await member_row(db, chat.id, account_id)
    if row is None or row.status != "pending":
        raise not_found("join request")
    # Someone who has left the organisation since asking is no longer anyone to approve.
    if not (await active_memberships(db, chat.org_id, [row.account_id])).get(row.account_id):
        raise not_found("join request")
    return row


async def list_requests(db: AsyncSession, ctx: OrgContext, chat_id: str) -> list[JoinRequestOut]:
    """Pending requests of a chat, oldest first (moderators)."""
    chat = await _moderated_chat(db, ctx, chat_id)
    stmt = (
        sa.select(ChatMember)
        .where(ChatMember.chat_id == chat.id, ChatMember.status == "pending")
        .order_by(ChatMember.joined_at)
        .limit(LIST_LIMIT)
    )
    rows = list((await db.execute(stmt)).scalars())
    people = await briefs(db, ctx.org_id, [r.account_id for r in rows])
    return [
        JoinRequestOut(
            account_id=r.account_id,
            name=people[r.account_id].name,
            roles=list(people[r.account_id].roles),
            verified=people[r.account_id].verified,
            requested_at=r.joined_at,
            invite_id=r.invite_id,
        )
        for r in rows
        if people[r.account_id].roles  # still an active member of the organisation
    ]


async def approve(
    db: AsyncSession, ctx: OrgContext, chat_id: str, account_id: str, ip: str
) -> None:
    """The person becomes an active member; the chat (and they) get `member.joined`."""
    chat = await _moderated_chat(db, ctx, chat_id)
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    row = await _pending(db, chat, account_id)
    await add_member(db, chat, row.account_id)
    await announce_joined(db, chat, [row.account_id], by=ctx.account_id)
    await _audit(db, ctx, "chat.join_approved", chat, row.account_id, ip)


async def reject(db: AsyncSession, ctx: OrgContext, chat_id: str, account_id: str, ip: str) -> None:
    """Refuse a request. A later request by the same person needs approval again."""
    chat = await _moderated_chat(db, ctx, chat_id)
    row = await _pending(db, chat, account_id)
    row.status, row.left_at = "removed", utcnow()
    data = {"account_id": row.account_id, "by": ctx.account_id}
    # Other moderators' lists drop the request; the person learns the answer live (they
    # are not a member, so nothing is stored for them).
    notify(db, tuple(await moderators(db, chat.id)), "join.rejected", data, chat_id=chat.id)
    notify(db, (row.account_id,), "join.rejected", {"chat_id": chat.id}, chat_id=chat.id)
    await _audit(db, ctx, "chat.join_rejected", chat, row.account_id, ip)


async def _audit(
    db: AsyncSession, ctx: OrgContext, action: str, chat: Chat, account_id: str, ip: str
) -> None:
    await audit(
        db,
        action,
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=chat.id,
        ip=ip,
        data={"account_id": account_id},
    )
