"""Endpoints: serving avatars, and the pictures of chats (people set theirs under /me)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from parta.auth.deps import Ctx, CurrentActor
from parta.avatars import service
from parta.avatars.http import avatar_body_schema, avatar_response, read_avatar_form
from parta.avatars.schemas import AvatarOut
from parta.avatars.urls import avatar_url
from parta.deps import DB

router = APIRouter(tags=["avatars"])


@router.get(
    "/avatars/{file_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"image/webp": {}}}},
)
async def get_avatar(file_id: str, actor: CurrentActor, db: DB) -> StreamingResponse:
    """A picture of a person (seen by people who share an organisation with them) or of a
    chat (seen by its members); 404 for everyone else. Never changes under its address, so
    it is sent with `Cache-Control: private, max-age=…, immutable`."""
    stored = await service.visible_avatar(db, actor.id, file_id)
    return await avatar_response(stored)


@router.put(
    "/orgs/{org_id}/chats/{chat_id}/avatar",
    response_model=AvatarOut,
    openapi_extra=avatar_body_schema(),
)
async def set_chat_avatar(chat_id: str, request: Request, ctx: Ctx, db: DB) -> AvatarOut:
    """Set the chat's picture (its moderators): multipart `image`, JPEG, PNG or WebP up to
    5 MB, re-encoded to a 256×256 square without metadata. Members get `chat.updated`.
    404 unless I am a member; 403 unless a moderator; 413, 415, 422 `invalid_image`."""
    chat = await service.moderated_chat(db, ctx, chat_id)
    data = await read_avatar_form(request)
    chat = await service.set_chat_avatar(db, ctx, chat, data)
    return AvatarOut(avatar_url=avatar_url(chat.avatar_file_id))


@router.delete("/orgs/{org_id}/chats/{chat_id}/avatar", status_code=204)
async def remove_chat_avatar(chat_id: str, ctx: Ctx, db: DB) -> Response:
    """Remove the chat's picture (its moderators)."""
    chat = await service.moderated_chat(db, ctx, chat_id)
    await service.remove_chat_avatar(db, ctx, chat)
    return Response(status_code=204)
