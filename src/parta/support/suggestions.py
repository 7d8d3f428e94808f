"""Suggestions for improving the platform: any member sends one straight to the operator
(the organisation's administrators are not in between); the operator sorts them (new,
planned, done, declined) and may answer; the author follows their own."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth import throttle
from parta.auth.deps import Actor, OrgContext
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import Unprocessable, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import Page, clamp_limit
from parta.mail.outbox import queue_mail
from parta.models import Suggestion
from parta.realtime.log import notify
from parta.support import repository as repo
from parta.support import texts
from parta.support.notices import SUGGESTION_EVENT
from parta.support.schemas import (
    PlatformSuggestionOut,
    SuggestionDecisionIn,
    SuggestionIn,
    SuggestionOut,
    SuggestionPage,
    SupportPersonOut,
)
from parta.support.views import DELETED

PER_DAY = 10


def _out(s: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        id=s.id,
        title=s.title,
        body=s.body,
        status=s.status,  # type: ignore[arg-type]  # stored values are statuses
        reply=s.reply,
        decided_at=s.decided_at,
        created_at=s.created_at,
    )


async def _platform_out(db: AsyncSession, rows: list[Suggestion]) -> list[PlatformSuggestionOut]:
    names = await repo.names(db, [s.author_id for s in rows])
    orgs = await repo.org_names(db, [s.org_id for s in rows])
    return [
        PlatformSuggestionOut(
            **_out(s).model_dump(),
            org_id=s.org_id,
            org_name=orgs.get(s.org_id, ""),
            author=SupportPersonOut(
                account_id=s.author_id, name=names.get(s.author_id, DELETED), roles=[]
            ),
        )
        for s in rows
    ]


def _bad_cursor() -> Unprocessable:
    return Unprocessable("The page cursor is not valid.", code="bad_cursor")


async def suggest(db: AsyncSession, ctx: OrgContext, data: SuggestionIn) -> SuggestionOut:
    """Send a suggestion to the operator (any member; 429 after 10 a day). The operator's
    devices get `support.suggestion`."""
    key = f"support.suggestion:{ctx.account_id}"
    await throttle.ensure_below(
        db, key, PER_DAY, timedelta(days=1), "You have sent many suggestions today. Thank you!"
    )
    await throttle.record(db, key)
    s = Suggestion(org_id=ctx.org_id, author_id=ctx.account_id, title=data.title, body=data.body)
    db.add(s)
    await db.flush()
    operators = tuple(await repo.operator_ids(db))
    if operators:
        notify(db, operators, SUGGESTION_EVENT, {"suggestion_id": s.id, "status": s.status})
    return _out(s)


async def mine(
    db: AsyncSession, ctx: OrgContext, cursor: str | None, limit: int | None
) -> Page[SuggestionOut]:
    """My suggestions sent from this organisation, newest first, with the operator's answer."""
    n = clamp_limit(limit)
    stmt = sa.select(Suggestion).where(
        Suggestion.org_id == ctx.org_id, Suggestion.author_id == ctx.account_id
    )
    if cursor is not None:
        if not is_id(cursor):
            raise _bad_cursor()
        stmt = stmt.where(Suggestion.id < cursor)
    rows = list((await db.execute(stmt.order_by(Suggestion.id.desc()).limit(n + 1))).scalars())
    more = len(rows) > n
    rows = rows[:n]
    return Page(items=[_out(s) for s in rows], next_cursor=rows[-1].id if more and rows else None)


async def platform_list(
    db: AsyncSession, status: str | None, cursor: str | None, limit: int | None
) -> SuggestionPage:
    """The operator's list, newest first, optionally of one status, with counts."""
    n = clamp_limit(limit)
    stmt = sa.select(Suggestion)
    if status:
        stmt = stmt.where(Suggestion.status == status)
    if cursor is not None:
        if not is_id(cursor):
            raise _bad_cursor()
        stmt = stmt.where(Suggestion.id < cursor)
    rows = list((await db.execute(stmt.order_by(Suggestion.id.desc()).limit(n + 1))).scalars())
    more = len(rows) > n
    rows = rows[:n]
    counts_stmt = sa.select(Suggestion.status, sa.func.count()).group_by(Suggestion.status)
    counts = {k: int(v) for k, v in (await db.execute(counts_stmt)).all()}
    return SuggestionPage(
        items=await _platform_out(db, rows),
        next_cursor=rows[-1].id if more and rows else None,
        counts=counts,
    )


async def decide(
    db: AsyncSession, actor: Actor, suggestion_id: str, data: SuggestionDecisionIn
) -> PlatformSuggestionOut:
    """Set the status (and the answer, when given). The author's devices get
    `support.suggestion`, and an e-mail when the status changed to planned, done or
    declined."""
    s = await db.get(Suggestion, suggestion_id) if is_id(suggestion_id) else None
    if s is None:
        raise not_found("suggestion")
    changed = s.status != data.status
    s.status = data.status
    if data.reply is not None:
        s.reply = data.reply
    s.decided_by, s.decided_at = actor.id, utcnow()
    await db.flush()
    notify(db, (s.author_id,), SUGGESTION_EVENT, {"suggestion_id": s.id, "status": s.status})
    if changed and s.status != "new":
        link = get_settings().public_base_url.rstrip("/") + "/help/suggestions"
        for email, language in await repo.mail_targets(db, [s.author_id]):
            subject, body = texts.render(
                "suggestion_decided",
                language,
                title=s.title,
                status=texts.label(language, s.status),
                text=f"\n\n{s.reply}" if s.reply else "",
                link=link,
            )
            await queue_mail(db, email, subject, body)
    (out,) = await _platform_out(db, [s])
    return out
