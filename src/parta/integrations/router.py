"""Endpoints for administrators: bots and their tokens, incoming and outgoing webhooks."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.integrations import bots, incoming, outgoing
from parta.integrations.chats import integration_chats
from parta.integrations.schemas import (
    BotChatIn,
    BotIn,
    BotOut,
    BotPatch,
    DeliveryOut,
    IncomingIn,
    IncomingOut,
    IntegrationChatOut,
    NewIncoming,
    NewSecret,
    NewToken,
    OutgoingIn,
    OutgoingOut,
    OutgoingPatch,
    TokenIn,
    TokenOut,
)
from parta.kit.http import client_ip
from parta.kit.pagination import Page

router = APIRouter(prefix="/orgs/{org_id}", tags=["integrations"])


@router.get("/integrations/chats", response_model=list[IntegrationChatOut])
async def list_integration_chats(ctx: Ctx, db: DB) -> list[IntegrationChatOut]:
    """Chats bots and webhooks may be connected to: every chat of the organisation but
    direct chats, whether or not I am a member (administrators)."""
    return await integration_chats(db, ctx)


@router.get("/bots", response_model=list[BotOut])
async def list_bots(ctx: Ctx, db: DB) -> list[BotOut]:
    """The organisation's bots, incoming webhooks' authors included (administrators)."""
    return await bots.list_bots(db, ctx)


@router.post("/bots", response_model=BotOut, status_code=201)
async def create_bot(body: BotIn, request: Request, ctx: Ctx, db: DB) -> BotOut:
    """Create a bot: an identity that posts under its own name. It can do nothing until it
    has a token (`POST …/tokens`) and chats (`POST …/chats`)."""
    return await bots.create_bot(db, ctx, body, ip=client_ip(request))


@router.get("/bots/{bot_id}", response_model=BotOut)
async def get_bot(bot_id: str, ctx: Ctx, db: DB) -> BotOut:
    """One bot with the chats it is in."""
    return await bots.get_bot(db, ctx, bot_id)


@router.patch("/bots/{bot_id}", response_model=BotOut)
async def update_bot(bot_id: str, body: BotPatch, request: Request, ctx: Ctx, db: DB) -> BotOut:
    """Rename or describe a bot."""
    return await bots.update_bot(db, ctx, bot_id, body, ip=client_ip(request))


@router.delete("/bots/{bot_id}", status_code=204)
async def delete_bot(bot_id: str, request: Request, ctx: Ctx, db: DB) -> Response:
    """Disable a bot: its tokens are revoked and it leaves its chats; its messages stay."""
    await bots.delete_bot(db, ctx, bot_id, ip=client_ip(request))
    return Response(status_code=204)


@router.post("/bots/{bot_id}/chats", response_model=BotOut)
async def add_bot_to_chat(
    bot_id: str, body: BotChatIn, request: Request, ctx: Ctx, db: DB
) -> BotOut:
    """Add the bot to a chat of the organisation (not a direct chat). Members see it join;
    in a channel it joins as a moderator so that it may post."""
    return await bots.add_to_chat(db, ctx, bot_id, body.chat_id, ip=client_ip(request))


@router.delete("/bots/{bot_id}/chats/{chat_id}", response_model=BotOut)
async def remove_bot_from_chat(
    bot_id: str, chat_id: str, request: Request, ctx: Ctx, db: DB
) -> BotOut:
    """Take the bot out of a chat."""
    return await bots.remove_from_chat(db, ctx, bot_id, chat_id, ip=client_ip(request))


@router.get("/bots/{bot_id}/tokens", response_model=list[TokenOut])
async def list_tokens(bot_id: str, ctx: Ctx, db: DB) -> list[TokenOut]:
    """The bot's tokens (names, scopes, last use; never the secrets)."""
    return await bots.list_tokens(db, ctx, bot_id)


@router.post("/bots/{bot_id}/tokens", response_model=NewToken, status_code=201)
async def issue_token(bot_id: str, body: TokenIn, request: Request, ctx: Ctx, db: DB) -> NewToken:
    """Issue a token with scopes (`messages:write`, `chats:read`, `events:write`). The
    secret is shown in this answer only; it is stored hashed."""
    return await bots.issue_token(db, ctx, bot_id, body, ip=client_ip(request))


@router.delete("/bots/{bot_id}/tokens/{token_id}", status_code=204)
async def revoke_token(bot_id: str, token_id: str, request: Request, ctx: Ctx, db: DB) -> Response:
    """Revoke a token; requests with it get 401 from now on."""
    await bots.revoke_token(db, ctx, bot_id, token_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get("/incoming-webhooks", response_model=list[IncomingOut])
async def list_incoming(ctx: Ctx, db: DB) -> list[IncomingOut]:
    """Live incoming webhooks (their URLs are never shown again)."""
    return await incoming.list_incoming(db, ctx)


@router.post("/incoming-webhooks", response_model=NewIncoming, status_code=201)
async def create_incoming(body: IncomingIn, request: Request, ctx: Ctx, db: DB) -> NewIncoming:
    """Create a secret URL that posts into `chat_id` under `name` (a bot of kind
    "webhook" joins the chat). The URL is shown in this answer only."""
    return await incoming.create_incoming(db, ctx, body, ip=client_ip(request))


@router.delete("/incoming-webhooks/{hook_id}", status_code=204)
async def delete_incoming(hook_id: str, request: Request, ctx: Ctx, db: DB) -> Response:
    """Revoke the URL (404 from now on) and take its bot out of the chat."""
    await incoming.delete_incoming(db, ctx, hook_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get("/outgoing-webhooks", response_model=list[OutgoingOut])
async def list_outgoing(ctx: Ctx, db: DB) -> list[OutgoingOut]:
    """Outgoing webhooks with their state (active, failures in a row, why disabled)."""
    return await outgoing.list_outgoing(db, ctx)


@router.post("/outgoing-webhooks", response_model=NewSecret, status_code=201)
async def create_outgoing(body: OutgoingIn, request: Request, ctx: Ctx, db: DB) -> NewSecret:
    """Subscribe `url` to `events` (message.new, message.edited, message.deleted,
    member.joined, member.left, member.removed, poll.updated) of `chat_ids`. Deliveries are
    signed with the `secret` in this answer (see the `Parta-Signature` header)."""
    return await outgoing.create_outgoing(db, ctx, body, ip=client_ip(request))


@router.get("/outgoing-webhooks/{webhook_id}", response_model=OutgoingOut)
async def get_outgoing(webhook_id: str, ctx: Ctx, db: DB) -> OutgoingOut:
    """One outgoing webhook."""
    return await outgoing.get_outgoing(db, ctx, webhook_id)


@router.patch("/outgoing-webhooks/{webhook_id}", response_model=OutgoingOut)
async def update_outgoing(
    webhook_id: str, body: OutgoingPatch, request: Request, ctx: Ctx, db: DB
) -> OutgoingOut:
    """Change it, or `active: true` to re-enable one that was disabled after failures."""
    return await outgoing.update_outgoing(db, ctx, webhook_id, body, ip=client_ip(request))


@router.delete("/outgoing-webhooks/{webhook_id}", status_code=204)
async def delete_outgoing(webhook_id: str, request: Request, ctx: Ctx, db: DB) -> Response:
    """Delete it with its pending deliveries and log."""
    await outgoing.delete_outgoing(db, ctx, webhook_id, ip=client_ip(request))
    return Response(status_code=204)


@router.post("/outgoing-webhooks/{webhook_id}/rotate-secret", response_model=NewSecret)
async def rotate_secret(webhook_id: str, request: Request, ctx: Ctx, db: DB) -> NewSecret:
    """A new signing secret (the old one stops at once); shown in this answer."""
    return await outgoing.rotate_secret(db, ctx, webhook_id, ip=client_ip(request))


@router.get("/outgoing-webhooks/{webhook_id}/deliveries", response_model=Page[DeliveryOut])
async def deliveries(
    webhook_id: str,
    ctx: Ctx,
    db: DB,
    status: Literal["pending", "delivered", "failed"] | None = Query(None),
    cursor: str | None = Query(None, max_length=26),
    limit: int | None = Query(None, ge=1, le=200),
) -> Page[DeliveryOut]:
    """The delivery log, newest first: status, attempts with their HTTP status codes and
    errors, next attempt time."""
    return await outgoing.deliveries(db, ctx, webhook_id, status=status, cursor=cursor, limit=limit)
