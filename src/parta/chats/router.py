"""Endpoints: my chats, groups, direct chats, settings, members, the direct-message policy."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx
from parta.chats import service
from parta.chats.access import visible_chat
from parta.chats.candidates import MAX_LIMIT, direct_candidates
from parta.chats.invite_router import router as invite_router
from parta.chats.listing import my_chats
from parta.chats.schemas import (
    ChatMemberOut,
    ChatOut,
    ChatPatch,
    DirectCandidate,
    DirectIn,
    DirectPolicy,
    DirectPolicyPatch,
    GroupIn,
    MemberRoleIn,
    MembersIn,
    MyChatIn,
)
from parta.deps import DB
from parta.kit.http import client_ip

router = APIRouter(prefix="/orgs/{org_id}", tags=["chats"])


async def _one(db: DB, ctx: Ctx, chat_id: str) -> ChatOut:
    found = await my_chats(db, ctx.org_id, ctx.account_id, [chat_id])
    return found[0]


@router.get("/chats", response_model=list[ChatOut])
async def list_chats(ctx: Ctx, db: DB) -> list[ChatOut]:
    """My chats in this organisation with unread and mention counts, pinned first."""
    return await my_chats(db, ctx.org_id, ctx.account_id)


@router.post("/chats", response_model=ChatOut, status_code=201)
async def create_group(body: GroupIn, ctx: Ctx, db: DB) -> ChatOut:
    """Create a group chat (verified teachers and staff); the creator becomes its owner."""
    chat = await service.create_group(db, ctx, body)
    return await _one(db, ctx, chat.id)


@router.post("/chats/direct", response_model=ChatOut)
async def open_direct(body: DirectIn, ctx: Ctx, db: DB) -> ChatOut:
    """Open (or create) the direct chat with a person, if the organisation's policy allows."""
    chat = await service.open_direct(db, ctx, body.account_id)
    return await _one(db, ctx, chat.id)


@router.get("/chats/direct/candidates", response_model=list[DirectCandidate])
async def list_direct_candidates(
    ctx: Ctx,
    db: DB,
    q: str | None = Query(None, max_length=200, description="Part of the name, any case"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
) -> list[DirectCandidate]:
    """People of this organisation I may start a direct chat with (the policy), by name."""
    found = await direct_candidates(db, ctx, q, limit)
    return [
        DirectCandidate(
            account_id=c.account_id,
            name=c.name,
            roles=list(c.roles),
            verified=c.verified,
            class_label=c.class_label,
        )
        for c in found
    ]


@router.get("/chats/{chat_id}", response_model=ChatOut)
async def get_chat(chat_id: str, ctx: Ctx, db: DB) -> ChatOut:
    """One of my chats."""
    await visible_chat(db, ctx, chat_id)
    return await _one(db, ctx, chat_id)


@router.patch("/chats/{chat_id}", response_model=ChatOut)
async def update_chat(chat_id: str, body: ChatPatch, ctx: Ctx, db: DB) -> ChatOut:
    """Change the title, description or settings (moderators)."""
    await service.update_chat(db, ctx, chat_id, body)
    return await _one(db, ctx, chat_id)


@router.put("/chats/{chat_id}/me", status_code=204)
async def update_my_chat(chat_id: str, body: MyChatIn, ctx: Ctx, db: DB) -> Response:
    """Mute, pin or save the draft of a chat; synced to all my devices."""
    await service.update_my_chat(db, ctx, chat_id, body)
    return Response(status_code=204)


@router.get("/chats/{chat_id}/members", response_model=list[ChatMemberOut])
async def list_members(chat_id: str, ctx: Ctx, db: DB) -> list[ChatMemberOut]:
    """The chat's active members with their chat role and badge."""
    return await service.chat_members(db, ctx, chat_id)


@router.post("/chats/{chat_id}/members", status_code=200)
async def add_members(chat_id: str, body: MembersIn, ctx: Ctx, db: DB) -> dict[str, int]:
    """Add people of the organisation to a group chat (per the chat's settings)."""
    return {"added": await service.add_members(db, ctx, chat_id, body.account_ids)}


@router.delete("/chats/{chat_id}/members/{account_id}", status_code=204)
async def remove_member(chat_id: str, account_id: str, ctx: Ctx, db: DB) -> Response:
    """Remove a member (moderators); removing yourself is leaving."""
    await service.remove_member(db, ctx, chat_id, account_id)
    return Response(status_code=204)


@router.put("/chats/{chat_id}/members/{account_id}/role", status_code=204)
async def set_member_role(
    chat_id: str, account_id: str, body: MemberRoleIn, ctx: Ctx, db: DB
) -> Response:
    """Make a member a moderator or a plain member (the owner)."""
    await service.set_member_role(db, ctx, chat_id, account_id, body.role)
    return Response(status_code=204)


@router.post("/chats/{chat_id}/leave", status_code=204)
async def leave(chat_id: str, ctx: Ctx, db: DB) -> Response:
    """Leave a group or direct chat (roster chats cannot be left; mute them instead)."""
    await service.leave_chat(db, ctx, chat_id)
    return Response(status_code=204)


@router.post("/chats/{chat_id}/archive", status_code=204)
async def archive(chat_id: str, ctx: Ctx, db: DB) -> Response:
    """Archive a group chat: it becomes read-only (the owner)."""
    await service.archive_chat(db, ctx, chat_id)
    return Response(status_code=204)


@router.get("/policies/direct-messages", response_model=DirectPolicy)
async def get_direct_policy(ctx: Ctx) -> DirectPolicy:
    """Who may start a direct chat with whom in this organisation."""
    return DirectPolicy(**await service.get_direct_policy(ctx))


@router.patch("/policies/direct-messages", response_model=DirectPolicy)
async def set_direct_policy(
    body: DirectPolicyPatch, request: Request, ctx: Ctx, db: DB
) -> DirectPolicy:
    """Change the direct-message policy (administrators)."""
    return DirectPolicy(**await service.set_direct_policy(db, ctx, body, client_ip(request)))


# Invitation links and join requests live in their own module, under the same prefix.
router.include_router(invite_router)
