"""Endpoints of the trust line: the writer's side (students; every member if the school
allows) and the responders' inbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT
from parta.members.schemas import IdPath
from parta.moderation.trust import service
from parta.moderation.trust.schemas import (
    EntryIn,
    EscalateIn,
    Thread,
    ThreadIn,
    ThreadPage,
    TrustInfo,
)
from parta.support.keyset import MAX_CURSOR

router = APIRouter(tags=["trust line"])
T = "/orgs/{org_id}/trust"

Cursor = Annotated[
    str | None, Query(max_length=MAX_CURSOR, description="next_cursor of the last page")
]
Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT)]


@router.get(T, response_model=TrustInfo)
async def trust_info(ctx: Ctx, db: DB) -> TrustInfo:
    """Whether the trust line is open here and to me, and who answers it."""
    return await service.info(db, ctx)


@router.post(T + "/threads", response_model=Thread, status_code=201)
async def open_thread(body: ThreadIn, ctx: Ctx, db: DB) -> Thread:
    """Write to one of the responders. Anonymous by default: the responder sees a
    pseudonym ("Аноним · Синий кит 27"), never the account, until they record a
    safeguarding escalation. 403 `trust_not_allowed`; 422 `not_a_responder`; 429
    `trust_limit`."""
    return await service.open_thread(db, ctx, body)


@router.get(T + "/threads", response_model=ThreadPage)
async def my_threads(ctx: Ctx, db: DB, cursor: Cursor = None, limit: Limit = None) -> ThreadPage:
    """The conversations I started, latest activity first."""
    return await service.mine(db, ctx, cursor, limit)


@router.get(T + "/inbox", response_model=ThreadPage)
async def inbox(ctx: Ctx, db: DB, cursor: Cursor = None, limit: Limit = None) -> ThreadPage:
    """The conversations I answer, latest activity first (responders; 403 `not_responder`).
    Conversations whose responder no longer answers the trust line appear in every
    responder's inbox."""
    return await service.inbox(db, ctx, cursor, limit)


@router.get(T + "/threads/{thread_id}", response_model=Thread)
async def get_thread(thread_id: IdPath, ctx: Ctx, db: DB) -> Thread:
    """A conversation with its entries, for its writer or its responder (404 otherwise)."""
    return await service.get(db, ctx, thread_id)


@router.post(T + "/threads/{thread_id}/entries", response_model=Thread, status_code=201)
async def write(thread_id: IdPath, body: EntryIn, ctx: Ctx, db: DB) -> Thread:
    """Write in the conversation (either side); the other side gets `trust.thread`."""
    return await service.write(db, ctx, thread_id, body)


@router.post(T + "/threads/{thread_id}/close", response_model=Thread)
async def close(thread_id: IdPath, ctx: Ctx, db: DB) -> Thread:
    """End the conversation (either side); writing again reopens it."""
    return await service.close(db, ctx, thread_id)


@router.post(T + "/threads/{thread_id}/escalate", response_model=Thread)
async def escalate(
    thread_id: IdPath, body: EscalateIn, request: Request, ctx: Ctx, db: DB
) -> Thread:
    """Record a safeguarding escalation (the responder) with the reason (at least 10
    characters): the writer's name is revealed to the responder, the escalation goes to the
    audit log, and the writer is told. 409 `already_escalated`; 422 `reason_required`."""
    return await service.escalate(db, ctx, thread_id, body, ip=client_ip(request))
