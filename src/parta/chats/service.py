"""Chat use cases: create groups and direct chats, settings, members, leave, archive."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.avatars.urls import avatar_url
from parta.chats import policy
from parta.chats.access import member_row, visible_chat
from parta.chats.members import add_member, announce_joined, deactivate_member
from parta.chats.people import briefs, policy_people
from parta.chats.schemas import ChatMemberOut, ChatPatch, DirectPolicyPatch, GroupIn, MyChatIn
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.models import Chat, ChatMember, Org
from parta.moderation import guard
from parta.realtime.log import emit, notify
from parta.safety import reach


async def _org_members(db: AsyncSession, org_id: str, account_ids: list[str]) -> set[str]:
    """The subset of `account_ids` who are active members of the organisation."""
    people = await policy_people(db, org_id, account_ids)
    return set(people)


async def create_group(db: AsyncSession, ctx: OrgContext, body: GroupIn) -> Chat:
    """A verified teacher or staff member creates an ad hoc group and becomes its owner."""
    if not policy.may_create_group(ctx.is_verified_staff()):
        raise Forbidden("Only verified teachers and staff can create group chats.")
    wanted = [a for a in dict.fromkeys(body.member_ids) if a != ctx.account_id]
    found = await _org_members(db, ctx.org_id, wanted)
    missing = [a for a in wanted if a not in found]
    if missing:
        raise Unprocessable(
            "Some people are not members of this organisation.",
            code="unknown_members",
            fields={"member_ids": ", ".join(m[:26] for m in missing[:20])},
        )
    await reach.check_add(db, ctx, None, wanted)  # safe mode: students only by their circles
    settings = dict(policy.DEFAULT_CHAT_SETTINGS)
    if body.settings is not None:
        settings.update(body.settings.model_dump())
    chat = Chat(
        org_id=ctx.org_id,
        kind="group",
        title=body.title.strip(),
        description=body.description.strip(),
        settings=settings,
        created_by=ctx.account_id,
    )
    db.add(chat)
    await db.flush()
    await add_member(db, chat, ctx.account_id, "owner")
    for account_id in wanted:
        await add_member(db, chat, account_id)
    await emit(
        db,
        chat.id,
        "chat.created",
        {"chat_id": chat.id, "kind": chat.kind, "title": chat.title, "by": ctx.account_id},
        members_changed=True,
    )
    await announce_joined(db, chat, [ctx.account_id, *wanted], by=ctx.account_id)
    return chat


def _direct_key(org_id: str, a: str, b: str) -> str:
    x, y = sorted((a, b))
    return f"direct:{org_id}:{x}:{y}"


async def open_direct(db: AsyncSession, ctx: OrgContext, account_id: str) -> Chat:
    """The direct chat with `account_id`, created if the organisation's policy allows it."""
    if not is_id(account_id):
        raise not_found("person")
    key = _direct_key(ctx.org_id, ctx.account_id, account_id)
    existing = (
        await db.execute(sa.select(Chat).where(Chat.unique_key == key))
    ).scalar_one_or_none()
    if existing is not None:
        row = await member_row(db, existing.id, ctx.account_id)
        if row is not None and row.status == "active":
            return existing
    await guard.check_pair(db, ctx.account_id, account_id, "chat")  # personal blocks
    people = await policy_people(db, ctx.org_id, [ctx.account_id, account_id])
    if account_id not in people or account_id == ctx.account_id:
        raise not_found("person")
    rules = policy.direct_policy(ctx.org.settings)
    if not policy.may_start_direct(people[ctx.account_id], people[account_id], rules):
        raise Forbidden(
            "Your school's rules do not allow you to start a chat with this person.",
            code="direct_not_allowed",
        )
    await reach.check_reach(db, ctx, [account_id], "message")  # safe mode for students
    if existing is not None:
        await add_member(db, existing, ctx.account_id)
        await announce_joined(db, existing, [ctx.account_id], by=ctx.account_id)
        return existing
    chat = Chat(
        org_id=ctx.org_id,
        kind="direct",
        unique_key=key,
        settings=dict(policy.DEFAULT_CHAT_SETTINGS),
        created_by=ctx.account_id,
    )
    db.add(chat)
    await db.flush()
    await add_member(db, chat, ctx.account_id)
    await add_member(db, chat, account_id)
    await emit(
        db,
        chat.id,
        "chat.created",
        {"chat_id": chat.id, "kind": "direct", "title": "", "by": ctx.account_id},
        members_changed=True,
    )
    return chat


async def update_chat(db: AsyncSession, ctx: OrgContext, chat_id: str, body: ChatPatch) -> Chat:
    """Moderators change the title, description and settings."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.kind == "direct" or not policy.is_moderator(me.role):
        raise Forbidden("Only the chat's moderators can change its settings.")
    changed: dict[str, Any] = {}
    if body.title is not None and chat.kind in ("group", "channel"):
        chat.title = changed["title"] = body.title.strip()
    if body.description is not None:
        chat.description = changed["description"] = body.description.strip()
    if body.settings is not None:
        # Only the settings sent change: the others keep their values, not the defaults.
        sent = body.settings.model_dump(exclude_unset=True)
        chat.settings = changed["settings"] = {**chat.settings, **sent}
    await db.flush()
    if changed:
        await emit(db, chat.id, "chat.updated", {**changed, "by": ctx.account_id})
    return chat


async def add_members(
    db: AsyncSession, ctx: OrgContext, chat_id: str, account_ids: list[str]
) -> int:
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    if not policy.may_add_members(chat.kind, chat.settings, me.role):
        raise Forbidden("You cannot add members to this chat.")
    wanted = list(dict.fromkeys(account_ids))
    people = await policy_people(db, ctx.org_id, [ctx.account_id, *wanted])
    missing = [a for a in wanted if a not in people]
    if missing:
        raise Unprocessable(
            "Some people are not members of this organisation.", code="unknown_members"
        )
    if not ctx.is_verified_staff():
        # Members who are not staff may add only people they could write to directly, so
        # nobody can pull a student into a chat outside the organisation's rules.
        rules = policy.direct_policy(ctx.org.settings)
        for a in wanted:
            if not policy.may_start_direct(people[ctx.account_id], people[a], rules):
                raise Forbidden("Your school's rules do not allow you to add this person.")
    await reach.check_add(db, ctx, chat, wanted)  # safe mode: students only by the rules
    added = [a for a in wanted if await add_member(db, chat, a) is not None]
    await announce_joined(db, chat, added, by=ctx.account_id)
    return len(added)


async def remove_member(db: AsyncSession, ctx: OrgContext, chat_id: str, account_id: str) -> None:
    """A moderator removes a member. In roster chats only people who came by a link can be
    removed by hand; the roster decides about everyone else."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if account_id == ctx.account_id:
        await leave_chat(db, ctx, chat_id)
        return
    if chat.kind == "direct":
        raise Conflict("Nobody can be removed from a direct chat.", code="roster_chat")
    if not policy.is_moderator(me.role):
        raise Forbidden("Only the chat's moderators can remove members.")
    row = await member_row(db, chat.id, account_id)
    if row is None or row.status != "active":
        raise not_found("member")
    if chat.kind in policy.SYSTEM_KINDS and row.invite_id is None:
        raise Conflict(
            "Members of this chat follow the school's roster and cannot be removed by hand.",
            code="roster_chat",
        )
    if row.role == "owner":
        raise Forbidden("The owner cannot be removed.")
    await deactivate_member(db, chat, row, "removed", by=ctx.account_id)


async def leave_chat(db: AsyncSession, ctx: OrgContext, chat_id: str) -> None:
    """Leave a group or direct chat, or a roster chat one joined by a link."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.kind in policy.SYSTEM_KINDS and me.invite_id is None:
        raise Conflict(
            "You belong to this chat through the school's roster; mute it instead of leaving.",
            code="roster_chat",
        )
    if me.role == "owner":
        await _hand_over_ownership(db, chat, me)
    await deactivate_member(db, chat, me, "left", by=ctx.account_id)


async def _hand_over_ownership(db: AsyncSession, chat: Chat, owner: ChatMember) -> None:
    stmt = (
        sa.select(ChatMember)
        .where(
            ChatMember.chat_id == chat.id,
            ChatMember.status == "active",
            ChatMember.id != owner.id,
        )
        .order_by((ChatMember.role == "moderator").desc(), ChatMember.joined_at)
        .limit(1)
    )
    heir = (await db.execute(stmt)).scalar_one_or_none()
    if heir is not None:
        heir.role = "owner"
        await emit(db, chat.id, "member.role", {"account_id": heir.account_id, "role": "owner"})


async def set_member_role(
    db: AsyncSession, ctx: OrgContext, chat_id: str, account_id: str, role: str
) -> None:
    chat, me = await visible_chat(db, ctx, chat_id)
    if me.role != "owner" or chat.kind in policy.SYSTEM_KINDS:
        raise Forbidden("Only the chat's owner can change roles.")
    row = await member_row(db, chat.id, account_id)
    if row is None or row.status != "active":
        raise not_found("member")
    if row.role == "owner":
        raise Conflict("The owner's role cannot be changed.")
    row.role = role
    await emit(db, chat.id, "member.role", {"account_id": row.account_id, "role": role})


async def archive_chat(db: AsyncSession, ctx: OrgContext, chat_id: str) -> None:
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.kind != "group" or me.role != "owner":
        raise Forbidden("Only the owner of a group chat can archive it.")
    if chat.archived_at is None:
        chat.archived_at = utcnow()
        await emit(db, chat.id, "chat.updated", {"archived": True, "by": ctx.account_id})


async def update_my_chat(db: AsyncSession, ctx: OrgContext, chat_id: str, body: MyChatIn) -> None:
    """Mute, pin and the draft: private to the person, synced to all their devices."""
    chat, me = await visible_chat(db, ctx, chat_id)
    changed: dict[str, Any] = {}
    if body.muted is not None:
        me.muted = changed["muted"] = body.muted
    if body.pinned is not None:
        me.pinned = changed["pinned"] = body.pinned
    if body.draft is not None:
        me.draft = changed["draft"] = body.draft
        me.draft_updated_at = utcnow()
    if changed:
        notify(db, (ctx.account_id,), "chat.me", changed, chat_id=chat.id)


async def get_direct_policy(ctx: OrgContext) -> dict[str, bool]:
    return policy.direct_policy(ctx.org.settings)


async def set_direct_policy(
    db: AsyncSession, ctx: OrgContext, body: DirectPolicyPatch, ip: str
) -> dict[str, bool]:
    ctx.require(Right.MANAGE_ORG, "Only administrators can change who may message whom.")
    current = policy.direct_policy(ctx.org.settings)
    current.update({k: v for k, v in body.model_dump().items() if v is not None})
    org = await db.get(Org, ctx.org_id)
    assert org is not None
    org.settings = {**org.settings, "direct_policy": current}
    await audit(
        db, "policy.direct_changed", org_id=ctx.org_id, actor_id=ctx.account_id, ip=ip, data=current
    )
    return current


async def chat_members(db: AsyncSession, ctx: OrgContext, chat_id: str) -> list[ChatMemberOut]:
    """Active members of a chat I am in, with chat role and badge (no contact details)."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    stmt = sa.select(ChatMember).where(ChatMember.chat_id == chat.id, ChatMember.status == "active")
    rows = list((await db.execute(stmt)).scalars())
    people = await briefs(db, ctx.org_id, [r.account_id for r in rows])
    return [
        ChatMemberOut(
            account_id=r.account_id,
            name=people[r.account_id].name,
            roles=list(people[r.account_id].roles),
            verified=people[r.account_id].verified,
            chat_role=r.role,
            status=r.status,
            joined_at=r.joined_at,
            avatar_url=avatar_url(people[r.account_id].avatar_file_id),
        )
        for r in rows
    ]
