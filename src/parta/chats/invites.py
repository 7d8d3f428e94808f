"""Chat invitation links: create, list and revoke (joining by a link: `joining.py`).

A link works only for active members of the chat's organisation: the join endpoints live
under `/orgs/{org_id}`, so a stranger is refused before the token is even looked at, and a
token of another organisation's chat is answered exactly like an unknown one (404).

The token is HMAC(secret, "chat-invite:" + id): unguessable, never stored (only its SHA-256
is), and re-derivable so that moderators and the link's creator can copy it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import OrgContext
from parta.chats import policy
from parta.chats.access import visible_chat
from parta.chats.people import active_memberships, briefs
from parta.chats.schemas import ChatInviteIn, ChatInviteOut
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, not_found
from parta.kit.ids import hmac_hex, is_id, new_id, sha256_hex
from parta.models import Chat, ChatInvite, ChatMember

MAX_LIVE_INVITES = 50  # per chat: enough for every purpose, and bounded
LIST_LIMIT = 200


def token_for(invite_id: str) -> str:
    return hmac_hex(get_settings().resolved_secret_key(), "chat-invite:" + invite_id)[:40]


def url_for(org_id: str, token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/orgs/{org_id}/chat-invites/{token}"


async def entitled_creators(db: AsyncSession, chat: Chat, account_ids: Sequence[str]) -> set[str]:
    """Which of these people may still create links to the chat (their links stay alive):
    active members of it whose chat role and the chat's settings let them invite..."""
    if not account_ids:
        return set()
    stmt = sa.select(ChatMember.account_id, ChatMember.role).where(
        ChatMember.chat_id == chat.id,
        ChatMember.account_id.in_(list(set(account_ids))),
        ChatMember.status == "active",
    )
    allowed = [
        account_id
        for account_id, role in (await db.execute(stmt)).all()
        if policy.may_create_invite(chat.kind, chat.settings, role)
    ]
    # ...and still belong to the organisation (chat rows outlive a membership).
    return set(await active_memberships(db, chat.org_id, allowed)) if allowed else set()


def link_state(invite: ChatInvite, entitled: bool) -> str:
    return policy.invite_state(
        revoked=invite.revoked_at is not None,
        expires_at=invite.expires_at,
        max_uses=invite.max_uses,
        uses=invite.uses,
        creator_entitled=entitled,
        now=utcnow(),
    )


async def _describe(
    db: AsyncSession, chat: Chat, invites: Sequence[ChatInvite]
) -> list[ChatInviteOut]:
    creators = [i.created_by for i in invites]
    names = await briefs(db, chat.org_id, creators)
    entitled = await entitled_creators(db, chat, creators)
    out = []
    for inv in invites:
        token = token_for(inv.id)
        out.append(
            ChatInviteOut(
                id=inv.id,
                chat_id=inv.chat_id,
                url=url_for(inv.org_id, token),
                token=token,
                created_by=inv.created_by,
                created_by_name=names[inv.created_by].name,
                created_at=inv.created_at,
                expires_at=inv.expires_at,
                max_uses=inv.max_uses,
                uses=inv.uses,
                status=link_state(inv, inv.created_by in entitled),  # type: ignore[arg-type]
            )
        )
    return out


async def create_invite(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: ChatInviteIn, ip: str
) -> ChatInviteOut:
    """A new link to the chat: moderators, or members where the settings let members invite."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if not policy.may_create_invite(chat.kind, chat.settings, me.role):
        raise Forbidden(
            "You cannot create invitation links to this chat.", code="invite_not_allowed"
        )
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    now = utcnow()
    live = (
        await db.execute(
            sa.select(sa.func.count())
            .select_from(ChatInvite)
            .where(
                ChatInvite.chat_id == chat.id,
                ChatInvite.revoked_at.is_(None),
                sa.or_(ChatInvite.expires_at.is_(None), ChatInvite.expires_at > now),
            )
        )
    ).scalar_one()
    if live >= MAX_LIVE_INVITES:
        raise Conflict(
            f"The chat already has {MAX_LIVE_INVITES} live links; revoke some first.",
            code="too_many_invites",
        )
    invite_id = new_id()
    expires_at = now + timedelta(hours=body.expires_in_hours)
    invite = ChatInvite(
        id=invite_id,
        chat_id=chat.id,
        org_id=chat.org_id,
        token_hash=sha256_hex(token_for(invite_id)),
        created_by=ctx.account_id,
        expires_at=expires_at,
        max_uses=body.max_uses,
        uses=0,
        created_at=now,
    )
    db.add(invite)
    await db.flush()
    await audit(
        db,
        "chat_invite.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=chat.id,
        ip=ip,
        data={
            "invite_id": invite_id,
            "expires_at": expires_at.isoformat(),
            "max_uses": body.max_uses,
        },
    )
    return (await _describe(db, chat, [invite]))[0]


async def list_invites(db: AsyncSession, ctx: OrgContext, chat_id: str) -> list[ChatInviteOut]:
    """Moderators see every link of the chat; members who may invite see their own."""
    chat, me = await visible_chat(db, ctx, chat_id)
    stmt = sa.select(ChatInvite).where(ChatInvite.chat_id == chat.id)
    if not policy.is_moderator(me.role):
        if not policy.may_create_invite(chat.kind, chat.settings, me.role):
            raise Forbidden("Only the chat's moderators can see its invitation links.")
        stmt = stmt.where(ChatInvite.created_by == ctx.account_id)
    stmt = stmt.order_by(ChatInvite.id.desc()).limit(LIST_LIMIT)
    return await _describe(db, chat, list((await db.execute(stmt)).scalars()))


async def revoke_invite(
    db: AsyncSession, ctx: OrgContext, chat_id: str, invite_id: str, ip: str
) -> ChatInviteOut:
    """The link stops working at once; moderators or its creator. Idempotent."""
    chat, me = await visible_chat(db, ctx, chat_id)
    invite = await db.get(ChatInvite, invite_id) if is_id(invite_id) else None
    if invite is None or invite.chat_id != chat.id:
        raise not_found("invitation link")
    if not policy.is_moderator(me.role) and invite.created_by != ctx.account_id:
        raise Forbidden("Only the chat's moderators or the link's creator can revoke it.")
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
        await audit(
            db,
            "chat_invite.revoked",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="chat",
            target_id=chat.id,
            ip=ip,
            data={"invite_id": invite.id},
        )
    return (await _describe(db, chat, [invite]))[0]


async def moderators(db: AsyncSession, chat_id: str) -> list[str]:
    stmt = sa.select(ChatMember.account_id).where(
        ChatMember.chat_id == chat_id,
        ChatMember.status == "active",
        ChatMember.role.in_(("owner", "moderator")),
    )
    return list((await db.execute(stmt)).scalars())
