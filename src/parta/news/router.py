"""Endpoints of platform news, the knowledge base and webinars: reading (members, by
audience) and the operator's editor (404 to everyone but the operator)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import CurrentActor, OperatorActor
from parta.deps import DB
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT, Page
from parta.news import editor, service
from parta.news.schemas import (
    Category,
    NewsEditorPostOut,
    NewsPostIn,
    NewsPostOut,
    NewsPostPatch,
    NewsPostStatus,
    NewsPostSummary,
)
from parta.support.keyset import MAX_CURSOR

router = APIRouter(tags=["news"])
OP = "/operator/news"
Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT)]


@router.get("/news", response_model=Page[NewsPostSummary])
async def feed(
    actor: CurrentActor,
    db: DB,
    category: Category | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find")] = None,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR)] = None,
    limit: Limit = None,
) -> Page[NewsPostSummary]:
    """Published posts for me, newest first: news, how-tos of the knowledge base and
    webinars, by category and words. Posts for teachers reach verified staff only; posts for
    everyone reach students and parents too. 403 `news_members_only` outside every
    organisation."""
    return await service.feed(db, actor, category=category, q=q, cursor=cursor, limit=limit)


@router.get("/news/webinars", response_model=list[NewsPostSummary])
async def webinars(actor: CurrentActor, db: DB) -> list[NewsPostSummary]:
    """Upcoming webinars of the methodological support calendar, soonest first (those that
    began in the last two hours included)."""
    return await service.webinars(db, actor)


@router.get("/news/{post_id}", response_model=NewsPostOut)
async def get_post(post_id: str, actor: CurrentActor, db: DB) -> NewsPostOut:
    """One published post for me; 404 for drafts and posts for another audience."""
    return await service.get_post(db, actor, post_id)


@router.get(OP, response_model=Page[NewsEditorPostOut])
async def list_posts(
    actor: OperatorActor,
    db: DB,
    status: NewsPostStatus | None = None,
    category: Category | None = None,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Limit = None,
) -> Page[NewsEditorPostOut]:
    """Operator: every post, drafts included, newest first."""
    return await editor.list_posts(db, status=status, category=category, cursor=cursor, limit=limit)


@router.post(OP, response_model=NewsEditorPostOut, status_code=201)
async def create(body: NewsPostIn, actor: OperatorActor, db: DB) -> NewsEditorPostOut:
    """Operator: a new draft. Webinars need `webinar_at`; `webinar_url` is http(s)."""
    return await editor.create(db, actor, body)


@router.get(OP + "/{post_id}", response_model=NewsEditorPostOut)
async def get_draft(post_id: str, actor: OperatorActor, db: DB) -> NewsEditorPostOut:
    """Operator: one post, whatever its state."""
    return await editor.get(db, post_id)


@router.patch(OP + "/{post_id}", response_model=NewsEditorPostOut)
async def update(
    post_id: str, body: NewsPostPatch, actor: OperatorActor, db: DB
) -> NewsEditorPostOut:
    """Operator: change a post (a published one stays published)."""
    return await editor.update(db, post_id, body)


@router.post(OP + "/{post_id}/publish", response_model=NewsEditorPostOut)
async def publish(
    post_id: str, request: Request, actor: OperatorActor, db: DB
) -> NewsEditorPostOut:
    """Operator: show the post to its audience."""
    return await editor.publish(db, actor, post_id, client_ip(request))


@router.post(OP + "/{post_id}/unpublish", response_model=NewsEditorPostOut)
async def unpublish(
    post_id: str, request: Request, actor: OperatorActor, db: DB
) -> NewsEditorPostOut:
    """Operator: take the post back to the drafts."""
    return await editor.unpublish(db, actor, post_id, client_ip(request))


@router.delete(OP + "/{post_id}", status_code=204)
async def delete(post_id: str, request: Request, actor: OperatorActor, db: DB) -> Response:
    """Operator: delete a post."""
    await editor.delete(db, actor, post_id, client_ip(request))
    return Response(status_code=204)
