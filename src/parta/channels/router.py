"""Endpoints: channels (administrators create and manage them), posts with their counters
and comment switch, views, comments, scheduled posts.

A channel's id is its chat id: history, files, polls, pins, reactions and read state are
the chat endpoints (`/orgs/{org_id}/chats/{chat_id}/...`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from parta.auth.deps import Ctx
from parta.channels import comments, posts, scheduled, service
from parta.channels.schemas import (
    ChannelCommentIn,
    ChannelCommentOut,
    ChannelCommentPage,
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    ChannelPostIn,
    ChannelPostOut,
    ChannelPostPage,
    ChannelPostPatch,
    ChannelPostStats,
    ChannelViewsIn,
    ScheduledPostIn,
    ScheduledPostOut,
    ScheduledPostPatch,
)
from parta.deps import DB

router = APIRouter(prefix="/orgs/{org_id}/channels", tags=["channels"])
ONE = "/{chat_id}"
POST = ONE + "/posts/{message_id}"
SCHEDULED = ONE + "/scheduled/{scheduled_id}"


@router.get("", response_model=list[ChannelOut])
async def list_channels(ctx: Ctx, db: DB) -> list[ChannelOut]:
    """Administrators: every channel of the organisation, archived ones too, with audience
    and posters. Others: the channels they are in."""
    return await service.list_channels(db, ctx)


@router.post("", response_model=ChannelOut, status_code=201)
async def create_channel(body: ChannelIn, ctx: Ctx, db: DB) -> ChannelOut:
    """Create a channel for an audience (administrators; 403 otherwise). Its members follow
    the roster; administrators and the chosen posters (verified staff) post. 422
    `empty_audience`, `bad_class`, `bad_poster`."""
    return await service.create_channel(db, ctx, body)


@router.get(ONE, response_model=ChannelOut)
async def get_channel(chat_id: str, ctx: Ctx, db: DB) -> ChannelOut:
    """One channel: whether I may post, whether comments are on; audience and posters for
    administrators."""
    return await service.get_channel(db, ctx, chat_id)


@router.patch(ONE, response_model=ChannelOut)
async def update_channel(chat_id: str, body: ChannelPatch, ctx: Ctx, db: DB) -> ChannelOut:
    """Change title, description, comments (moderators); audience, posters, archived
    (administrators; 409 `org_channel_fixed` for the organisation's own channel). Members
    see `chat.updated`."""
    return await service.update_channel(db, ctx, chat_id, body)


@router.get(ONE + "/posts", response_model=ChannelPostPage)
async def list_posts(
    chat_id: str,
    ctx: Ctx,
    db: DB,
    before_seq: int | None = Query(None, ge=0),
    limit: int = Query(30, ge=1, le=100),
) -> ChannelPostPage:
    """A page of posts (newest page first, oldest first inside) with views and comment
    counts. Deleted posts are left out. Does not count views: see `POST .../views`."""
    return await posts.posts_page(db, ctx, chat_id, before_seq=before_seq, limit=limit)


@router.post(ONE + "/posts", response_model=ChannelPostOut, status_code=201)
async def publish(
    chat_id: str, body: ChannelPostIn, ctx: Ctx, db: DB, response: Response
) -> ChannelPostOut:
    """Post now (moderators; 403 `posting_not_allowed`), with the post's comment switch.
    Members get `message.new`. Retrying with the same `client_id` returns the stored post
    (200)."""
    out, created = await posts.publish(db, ctx, chat_id, body)
    if not created:
        response.status_code = 200
    return out


@router.get(ONE + "/stats", response_model=list[ChannelPostStats])
async def stats(
    chat_id: str,
    ctx: Ctx,
    db: DB,
    ids: Annotated[list[str], Query(max_length=100, description="Post (message) ids")],
) -> list[ChannelPostStats]:
    """Views and comment counts of posts, without counting a view."""
    return await posts.post_stats(db, ctx, chat_id, ids)


@router.post(ONE + "/views", response_model=list[ChannelPostStats])
async def views(chat_id: str, body: ChannelViewsIn, ctx: Ctx, db: DB) -> list[ChannelPostStats]:
    """These posts were on my screen: each counts me once, ever. Returns their counters."""
    return await posts.record_views(db, ctx, chat_id, body.message_ids)


@router.patch(POST, response_model=ChannelPostStats)
async def switch_comments(
    chat_id: str, message_id: str, body: ChannelPostPatch, ctx: Ctx, db: DB
) -> ChannelPostStats:
    """Open or close comments under a post (its author or a moderator; 403
    `not_post_author`). Members see `channel.post`."""
    return await posts.switch_comments(db, ctx, chat_id, message_id, body.comments_enabled)


@router.get(POST + "/comments", response_model=ChannelCommentPage)
async def list_comments(
    chat_id: str,
    message_id: str,
    ctx: Ctx,
    db: DB,
    before: str | None = Query(None, max_length=26, description="A comment id"),
    limit: int = Query(50, ge=1, le=100),
) -> ChannelCommentPage:
    """The newest comments of a post, or those before a comment; oldest first."""
    return await comments.list_comments(db, ctx, chat_id, message_id, before=before, limit=limit)


@router.post(POST + "/comments", response_model=ChannelCommentOut, status_code=201)
async def add_comment(
    chat_id: str, message_id: str, body: ChannelCommentIn, ctx: Ctx, db: DB, response: Response
) -> ChannelCommentOut:
    """Comment under a post (members, while comments are open; 403 `comments_closed`).
    Members get `channel.comment` with the new count. A retried `client_id` returns the
    stored comment (200)."""
    out, created = await comments.add_comment(
        db, ctx, chat_id, message_id, body.client_id, body.body
    )
    if not created:
        response.status_code = 200
    return out


@router.delete(POST + "/comments/{comment_id}", status_code=204)
async def delete_comment(
    chat_id: str, message_id: str, comment_id: str, ctx: Ctx, db: DB
) -> Response:
    """Delete a comment (moderators; its author within the edit window). Members get
    `channel.comment_deleted` with the new count."""
    await comments.delete_comment(db, ctx, chat_id, message_id, comment_id)
    return Response(status_code=204)


@router.get(ONE + "/scheduled", response_model=list[ScheduledPostOut])
async def list_scheduled(chat_id: str, ctx: Ctx, db: DB) -> list[ScheduledPostOut]:
    """Waiting and failed scheduled posts, soonest first (moderators)."""
    return await scheduled.list_scheduled(db, ctx, chat_id)


@router.post(ONE + "/scheduled", response_model=ScheduledPostOut, status_code=201)
async def schedule(chat_id: str, body: ScheduledPostIn, ctx: Ctx, db: DB) -> ScheduledPostOut:
    """Write a post to be published at `publish_at` as me (moderators; 422
    `publish_at_past`, `publish_at_too_far`). Moderators' devices get `channel.scheduled`."""
    return await scheduled.schedule(db, ctx, chat_id, body)


@router.patch(SCHEDULED, response_model=ScheduledPostOut)
async def update_scheduled(
    chat_id: str, scheduled_id: str, body: ScheduledPostPatch, ctx: Ctx, db: DB
) -> ScheduledPostOut:
    """Change a waiting (or failed) post's text, time or comment switch (moderators)."""
    return await scheduled.update_scheduled(db, ctx, chat_id, scheduled_id, body)


@router.delete(SCHEDULED, status_code=204)
async def cancel_scheduled(chat_id: str, scheduled_id: str, ctx: Ctx, db: DB) -> Response:
    """Cancel a waiting post (moderators)."""
    await scheduled.cancel_scheduled(db, ctx, chat_id, scheduled_id)
    return Response(status_code=204)


@router.post(SCHEDULED + "/publish", response_model=ChannelPostOut)
async def publish_scheduled(chat_id: str, scheduled_id: str, ctx: Ctx, db: DB) -> ChannelPostOut:
    """Publish a waiting post now, as its author (moderators)."""
    return await scheduled.publish_now(db, ctx, chat_id, scheduled_id)
