"""Joining a chat by its invitation link: preview, join, or ask to join.

Only active members of the chat's organisation get this far (the routes take `Ctx`), and a
token of another organisation's chat is answered exactly like an unknown one (404).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import OrgContext
from parta.chats import policy
from parta.chats.access import member_row
from parta.chats.invites import entitled_creators, link_state, moderators
from parta.chats.listing import my_chats
from parta.chats.members import add_member, announce_joined
from parta.chats.people import briefs, policy_people
from parta.chats.schemas import ChatInvitePreview, ChatOut, JoinOut
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Gone, not_found
from parta.kit.ids import sha256_hex
from parta.models import Chat, ChatInvite, ChatMember
from parta.realtime.log import notify


async def _resolve(db: AsyncSession, ctx: OrgContext, token: str) -> tuple[ChatInvite, Chat]:
    """The link and its chat; one 404 for an unknown token and for another organisation's."""
    invite = None
    if 0 < len(token) <= 100:
        stmt = sa.select(ChatInvite).where(ChatInvite.token_hash == sha256_hex(token))
        invite = (await db.execute(stmt)).scalar_one_or_none()
    chat = await db.get(Chat, invite.chat_id) if invite is not None else None
    if invite is None or chat is None or invite.org_id != ctx.org_id or chat.org_id != ctx.org_id:
        raise not_found("invitation link")
    return invite, chat


async def _ensure_usable(db: AsyncSession, invite: ChatInvite, chat: Chat) -> None:
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    entitled = invite.created_by in await entitled_creators(db, chat, [invite.created_by])
    state = link_state(invite, entitled)
    if state == "revoked":
        raise Gone("This invitation link has been revoked.", code="chat_invite_revoked")
    if state == "expired":
        raise Gone(
            "This invitation link has expired. Ask for a new one.", code="chat_invite_expired"
        )
    if state == "exhausted":
        raise Gone(
            "This invitation link has already been used as many times as allowed.",
            code="chat_invite_exhausted",
        )


async def _ensure_eligible(
    db: AsyncSession, ctx: OrgContext, invite: ChatInvite, chat: Chat
) -> None:
    owner = None
    if chat.kind == "group":
        stmt = sa.select(ChatMember.account_id).where(
            ChatMember.chat_id == chat.id, ChatMember.role == "owner", ChatMember.status == "active"
        )
        owner = (await db.execute(stmt.limit(1))).scalar_one_or_none()
    ids = [ctx.account_id, invite.created_by] + ([owner] if owner else [])
    people = await policy_people(db, ctx.org_id, ids)
    # Roster chats are run by verified staff by construction (their moderators are).
    run_by_staff = chat.kind != "group" or (
        owner is not None and owner in people and people[owner].verified_staff
    )
    allowed = policy.may_join_by_link(
        people[ctx.account_id],
        chat.kind,
        creator=people.get(invite.created_by),
        run_by_staff=run_by_staff,
        policy=policy.direct_policy(ctx.org.settings),
    )
    if not allowed:
        raise Forbidden(
            "Your school's rules do not allow you to join this chat by this link.",
            code="join_not_allowed",
        )


async def preview(db: AsyncSession, ctx: OrgContext, token: str) -> ChatInvitePreview:
    """What the link leads to, for a member of the organisation deciding whether to join."""
    invite, chat = await _resolve(db, ctx, token)
    row = await member_row(db, chat.id, ctx.account_id)
    status = row.status if row is not None else None
    if status not in ("active", "pending"):
        await _ensure_usable(db, invite, chat)
        await _ensure_eligible(db, ctx, invite, chat)
    count = (
        await db.execute(
            sa.select(sa.func.count())
            .select_from(ChatMember)
            .where(ChatMember.chat_id == chat.id, ChatMember.status == "active")
        )
    ).scalar_one()
    return ChatInvitePreview(
        chat_id=chat.id,
        title=chat.title,
        kind=chat.kind,
        member_count=count,
        needs_approval=policy.join_needs_approval(chat.settings, status),
        my_status=status if status in ("active", "pending") else "none",  # type: ignore[arg-type]
    )


async def _count_use(db: AsyncSession, invite: ChatInvite) -> None:
    """One more use, atomically: concurrent joins never push `uses` past `max_uses`."""
    stmt = (
        sa.update(ChatInvite)
        .where(
            ChatInvite.id == invite.id,
            sa.or_(ChatInvite.max_uses.is_(None), ChatInvite.uses < ChatInvite.max_uses),
        )
        .values(uses=ChatInvite.uses + 1)
        .execution_options(synchronize_session=False)
    )
    if not (await db.execute(stmt)).rowcount:  # type: ignore[attr-defined]
        raise Gone(
            "This invitation link has already been used as many times as allowed.",
            code="chat_invite_exhausted",
        )


async def join(db: AsyncSession, ctx: OrgContext, token: str, ip: str) -> JoinOut:
    """Join the chat by its link, or ask to when it needs a moderator's approval."""
    invite, chat = await _resolve(db, ctx, token)
    row = await member_row(db, chat.id, ctx.account_id)
    if row is not None and row.status == "active":
        return JoinOut(status="active", chat_id=chat.id, chat=await _chat_out(db, ctx, chat))
    if row is not None and row.status == "pending":
        return JoinOut(status="pending", chat_id=chat.id)
    await _ensure_usable(db, invite, chat)
    await _ensure_eligible(db, ctx, invite, chat)
    approval = policy.join_needs_approval(chat.settings, row.status if row else None)
    await _count_use(db, invite)
    data = {"invite_id": invite.id, "approval": approval}
    await audit(
        db,
        "chat.join_requested" if approval else "chat.joined_by_link",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=chat.id,
        ip=ip,
        data=data,
    )
    if approval:
        await _request(db, chat, row, ctx.account_id, invite.id)
        return JoinOut(status="pending", chat_id=chat.id)
    added = await add_member(db, chat, ctx.account_id)
    assert added is not None
    added.invite_id = invite.id
    await announce_joined(db, chat, [ctx.account_id], by=ctx.account_id)
    return JoinOut(status="active", chat_id=chat.id, chat=await _chat_out(db, ctx, chat))


async def _request(
    db: AsyncSession, chat: Chat, row: ChatMember | None, account_id: str, invite_id: str
) -> None:
    """A pending membership, announced privately to each of the chat's moderators."""
    if row is None:
        row = ChatMember(chat_id=chat.id, org_id=chat.org_id, account_id=account_id)
        db.add(row)
    row.status, row.role, row.invite_id = "pending", "member", invite_id
    row.joined_at, row.left_at = utcnow(), None
    await db.flush()
    person = (await briefs(db, chat.org_id, [account_id]))[account_id]
    data = {
        "account_id": account_id,
        "name": person.name,
        "roles": list(person.roles),
        "verified": person.verified,
        "invite_id": invite_id,
    }
    notify(db, tuple(await moderators(db, chat.id)), "join.requested", data, chat_id=chat.id)


async def _chat_out(db: AsyncSession, ctx: OrgContext, chat: Chat) -> ChatOut | None:
    found = await my_chats(db, ctx.org_id, ctx.account_id, [chat.id])
    return found[0] if found else None
