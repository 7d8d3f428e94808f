"""Endpoint: full-text search over the messages of my chats."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.search import service
from parta.search.schemas import SearchPage

router = APIRouter(prefix="/orgs/{org_id}", tags=["search"])


@router.get("/search", response_model=SearchPage)
async def search(
    ctx: Ctx,
    db: DB,
    q: str = Query(
        min_length=1,
        max_length=service.MAX_QUERY,
        description='Words in any form; "exact phrase", -excluded, a or b',
    ),
    chat_id: str | None = Query(None, description="Only this chat (404 if not one of mine)"),
    author_id: str | None = Query(None, description="Only messages by this person"),
    since: datetime | None = Query(None, description="Sent at or after (UTC if no zone)"),
    until: datetime | None = Query(None, description="Sent before (UTC if no zone)"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(service.DEFAULT_LIMIT, ge=1, le=service.MAX_LIMIT),
) -> SearchPage:
    """Search the messages of the chats I am a member of, newest first, with highlighted
    snippets. Russian and English words match in any form ("контрольная" finds
    "контрольной"); deleted messages are never found, edited ones by their new text."""
    return await service.search(
        db,
        ctx,
        q,
        chat_id=chat_id,
        author_id=author_id,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
