"""Administrators' access to a chat they are not a member of.

Administrators manage the organisation, not its conversations: every reader of chat
content (history, /sync, search, files, the socket) answers only the chat's active
members, administrators included. When an administrator must read a chat outside a
report (a complaint from a parent, a court order), they record why: that opens the chat's
history to them, read-only, for a few hours, and the audit log shows who opened which chat,
why and until when. The chat's members are not told (that could warn the person a
complaint is about); the audit log is the check.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.chats.access import member_row
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Gone, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.messages.views import message_views
from parta.models import Chat, ChatAccessGrant, ChatMember, Message
from parta.moderation import policy
from parta.moderation.schemas import AccessHistory, ChatAccessIn, ChatAccessOut, ChatPick, ChatRef

PICK_LIMIT = 200


def _require(ctx: OrgContext) -> None:
    ctx.require(Right.MANAGE_ORG, "Only administrators can open a chat with a reason.")


async def _titles(db: AsyncSession, chats: list[Chat]) -> dict[str, str]:
    """Direct chats have no title: name them by their two people."""
    direct = [c.id for c in chats if c.kind == "direct"]
    if not direct:
        return {}
    stmt = sa.select(ChatMember.chat_id, ChatMember.account_id).where(
        ChatMember.chat_id.in_(direct)
    )
    pairs = (await db.execute(stmt)).all()
    names = await briefs(db, chats[0].org_id, {a for _, a in pairs})
    out: dict[str, list[str]] = {}
    for chat_id, account_id in pairs:
        out.setdefault(chat_id, []).append(names[account_id].name)
    return {c: " — ".join(sorted(n)) for c, n in out.items()}


async def pick(db: AsyncSession, ctx: OrgContext, q: str | None) -> list[ChatPick]:
    """The organisation's chats to choose from (administrators): titles and sizes only."""
    _require(ctx)
    count = (
        sa.select(sa.func.count())
        .where(ChatMember.chat_id == Chat.id, ChatMember.status == "active")
        .scalar_subquery()
    )
    stmt = (
        sa.select(Chat, count)
        .where(Chat.org_id == ctx.org_id)
        .order_by(Chat.last_message_at.desc().nulls_last(), Chat.id)
    )
    rows = (await db.execute(stmt)).all()
    chats = [c for c, _ in rows]
    titles = await _titles(db, chats)
    needle = (q or "").casefold().strip()
    out = []
    for chat, members in rows:
        title = titles.get(chat.id, chat.title)
        if needle and needle not in title.casefold():
            continue
        out.append(ChatPick(id=chat.id, kind=chat.kind, title=title, members=int(members)))
        if len(out) >= PICK_LIMIT:
            break
    return out


def _out(grant: ChatAccessGrant, chat: Chat, title: str) -> ChatAccessOut:
    now = utcnow()
    return ChatAccessOut(
        id=grant.id,
        chat=ChatRef(id=chat.id, kind=chat.kind, title=title),
        reason=grant.reason,
        expires_at=grant.expires_at,
        created_at=grant.created_at,
        active=grant.ended_at is None and grant.expires_at > now,
    )


async def open_access(
    db: AsyncSession, ctx: OrgContext, body: ChatAccessIn, *, ip: str
) -> ChatAccessOut:
    """Record why, and get read-only access to the chat for `hours` (administrators)."""
    _require(ctx)
    chat = await db.get(Chat, body.chat_id) if is_id(body.chat_id) else None
    if chat is None or chat.org_id != ctx.org_id:
        raise not_found("chat")
    if len(body.reason) < policy.MIN_REASON_LENGTH:
        raise Unprocessable(
            "Write why you need to read this chat (at least 10 characters).",
            code="reason_required",
            fields={"reason": "at least 10 characters"},
        )
    row = await member_row(db, chat.id, ctx.account_id)
    if row is not None and row.status == "active":
        raise Conflict("You are a member of this chat: open it from your chats.", code="member")
    now = utcnow()
    hours = min(timedelta(hours=body.hours), policy.ACCESS_MAX)
    grant = ChatAccessGrant(
        org_id=ctx.org_id,
        chat_id=chat.id,
        account_id=ctx.account_id,
        reason=body.reason,
        expires_at=now + hours,
        created_at=now,
    )
    db.add(grant)
    await db.flush()
    await record(
        db,
        "moderation.chat_access_opened",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=chat.id,
        ip=ip,
        data={
            "reason": body.reason,
            "hours": body.hours,
            "grant_id": grant.id,
            "chat_kind": chat.kind,
        },
    )
    title = (await _titles(db, [chat])).get(chat.id, chat.title)
    return _out(grant, chat, title)


async def my_access(db: AsyncSession, ctx: OrgContext) -> list[ChatAccessOut]:
    """My recorded accesses in this organisation, newest first (the last 50)."""
    _require(ctx)
    stmt = (
        sa.select(ChatAccessGrant, Chat)
        .join(Chat, Chat.id == ChatAccessGrant.chat_id)
        .where(ChatAccessGrant.org_id == ctx.org_id, ChatAccessGrant.account_id == ctx.account_id)
        .order_by(ChatAccessGrant.id.desc())
        .limit(50)
    )
    rows = (await db.execute(stmt)).all()
    titles = await _titles(db, [c for _, c in rows])
    return [_out(g, c, titles.get(c.id, c.title)) for g, c in rows]


async def _grant(db: AsyncSession, ctx: OrgContext, grant_id: str) -> tuple[ChatAccessGrant, Chat]:
    _require(ctx)
    grant = await db.get(ChatAccessGrant, grant_id) if is_id(grant_id) else None
    if grant is None or grant.org_id != ctx.org_id or grant.account_id != ctx.account_id:
        raise not_found("access")
    chat = await db.get(Chat, grant.chat_id)
    if chat is None:
        raise not_found("access")
    return grant, chat


async def read(
    db: AsyncSession, ctx: OrgContext, grant_id: str, *, before_seq: int | None, limit: int
) -> AccessHistory:
    """A page of the chat's history through my access while it lasts (410 `access_ended`
    afterwards: open it again with a new reason)."""
    grant, chat = await _grant(db, ctx, grant_id)
    if grant.ended_at is not None or grant.expires_at <= utcnow():
        raise Gone(
            "This access has ended. Record a new reason to read the chat again.",
            code="access_ended",
        )
    limit = max(1, min(limit, 100))
    stmt = sa.select(Message).where(Message.chat_id == chat.id)
    if before_seq is not None:
        stmt = stmt.where(Message.seq < before_seq)
    rows = list((await db.execute(stmt.order_by(Message.seq.desc()).limit(limit + 1))).scalars())
    more = len(rows) > limit
    rows = list(reversed(rows[:limit]))
    title = (await _titles(db, [chat])).get(chat.id, chat.title)
    return AccessHistory(
        messages=await message_views(db, ctx.org_id, rows, ctx.account_id),
        has_more_before=more,
        has_more_after=before_seq is not None and before_seq <= chat.seq,
        seq=chat.seq,
        access=_out(grant, chat, title),
    )


async def end(db: AsyncSession, ctx: OrgContext, grant_id: str, *, ip: str) -> None:
    """Give the access up before it runs out."""
    grant, chat = await _grant(db, ctx, grant_id)
    if grant.ended_at is not None:
        return
    grant.ended_at = utcnow()
    await record(
        db,
        "moderation.chat_access_ended",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=chat.id,
        ip=ip,
        data={"grant_id": grant.id},
    )
    await db.flush()
