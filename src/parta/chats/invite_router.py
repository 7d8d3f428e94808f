"""Endpoints: chat invitation links, joining by a link, join requests.

Included by `parta.chats.router` under its `/orgs/{org_id}` prefix.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from parta.auth.deps import Ctx
from parta.chats import invites, joining, requests
from parta.chats.schemas import (
    ChatInviteIn,
    ChatInviteOut,
    ChatInvitePreview,
    JoinOut,
    JoinRequestOut,
)
from parta.deps import DB
from parta.kit.http import client_ip

router = APIRouter(tags=["chats"])


@router.post("/chats/{chat_id}/invites", response_model=ChatInviteOut, status_code=201)
async def create_invite(
    chat_id: str, request: Request, ctx: Ctx, db: DB, body: ChatInviteIn | None = None
) -> ChatInviteOut:
    """Create an invitation link to a chat (moderators; members too when the chat's
    `members_may_invite` is on, except in roster chats). Never for direct chats."""
    return await invites.create_invite(db, ctx, chat_id, body or ChatInviteIn(), client_ip(request))


@router.get("/chats/{chat_id}/invites", response_model=list[ChatInviteOut])
async def list_invites(chat_id: str, ctx: Ctx, db: DB) -> list[ChatInviteOut]:
    """The chat's links, newest first (moderators: all; other members: their own)."""
    return await invites.list_invites(db, ctx, chat_id)


@router.post("/chats/{chat_id}/invites/{invite_id}/revoke", response_model=ChatInviteOut)
async def revoke_invite(
    chat_id: str, invite_id: str, request: Request, ctx: Ctx, db: DB
) -> ChatInviteOut:
    """Stop a link at once (moderators, or the link's creator). Idempotent."""
    return await invites.revoke_invite(db, ctx, chat_id, invite_id, client_ip(request))


@router.get("/chat-invites/{token}", response_model=ChatInvitePreview)
async def preview_invite(token: str, ctx: Ctx, db: DB) -> ChatInvitePreview:
    """Where a link leads: the chat's title, kind, size and whether joining needs approval."""
    return await joining.preview(db, ctx, token)


@router.post("/chat-invites/{token}/join", response_model=JoinOut)
async def join_by_invite(token: str, request: Request, ctx: Ctx, db: DB) -> JoinOut:
    """Join a chat by its link (members of this organisation only), or ask to join when
    the chat needs a moderator's approval (`status: pending`)."""
    return await joining.join(db, ctx, token, client_ip(request))


@router.get("/chats/{chat_id}/join-requests", response_model=list[JoinRequestOut])
async def list_join_requests(chat_id: str, ctx: Ctx, db: DB) -> list[JoinRequestOut]:
    """People waiting for approval to join, oldest first (moderators)."""
    return await requests.list_requests(db, ctx, chat_id)


@router.post("/chats/{chat_id}/join-requests/{account_id}/approve", status_code=204)
async def approve_join_request(
    chat_id: str, account_id: str, request: Request, ctx: Ctx, db: DB
) -> Response:
    """Let the person in (moderators)."""
    await requests.approve(db, ctx, chat_id, account_id, client_ip(request))
    return Response(status_code=204)


@router.post("/chats/{chat_id}/join-requests/{account_id}/reject", status_code=204)
async def reject_join_request(
    chat_id: str, account_id: str, request: Request, ctx: Ctx, db: DB
) -> Response:
    """Refuse the request (moderators)."""
    await requests.reject(db, ctx, chat_id, account_id, client_ip(request))
    return Response(status_code=204)
