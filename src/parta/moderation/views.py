"""Turning reports into what each viewer may read: handlers get the evidence with its
context, the history and the actions open to them; the reporter gets the status, the
outcome and the handler's reply — never the internal note, nor what was done to the
person they reported beyond the outcome."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.models import Chat, ChatSilence, Membership, Message, Report, ReportAction
from parta.moderation import evidence, policy
from parta.moderation.schemas import (
    ActionTaken,
    ChatRef,
    PersonRef,
    ReportOut,
    ReportRow,
    SilenceOut,
    Status,
)


async def people(db: AsyncSession, org_id: str, ids: Iterable[str | None]) -> dict[str, PersonRef]:
    found = await briefs(db, org_id, {i for i in ids if i})
    return {a: PersonRef(account_id=a, name=b.name, verified=b.verified) for a, b in found.items()}


async def chat_refs(db: AsyncSession, ids: Iterable[str | None]) -> dict[str, ChatRef]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = (await db.execute(sa.select(Chat).where(Chat.id.in_(wanted)))).scalars()
    return {c.id: ChatRef(id=c.id, kind=c.kind, title=c.title) for c in rows}


def _status(report: Report) -> Status:
    return "closed" if report.status == "closed" else "open"


async def rows(
    db: AsyncSession, org_id: str, reports: Sequence[Report], *, handler: bool
) -> list[ReportRow]:
    """List rows: the handlers' queue (with the reporter) or the reporter's own list."""
    ids: set[str | None] = {r.target_id for r in reports}
    if handler:
        ids |= {r.reporter_id for r in reports}
    names = await people(db, org_id, ids)
    chats = await chat_refs(db, [r.chat_id for r in reports])
    return [
        ReportRow(
            id=r.id,
            kind=r.kind,
            reason=r.reason,
            status=_status(r),
            outcome=r.outcome,
            created_at=r.created_at,
            closed_at=r.closed_at,
            reporter=names[r.reporter_id] if handler else None,
            target=names[r.target_id],
            chat=chats.get(r.chat_id) if r.chat_id else None,
            excerpt=evidence.excerpt(r.evidence or {}),
            reply=r.reply,
        )
        for r in reports
    ]


async def _silence(db: AsyncSession, report: Report, chat: ChatRef | None) -> ChatSilence | None:
    if report.chat_id is None or chat is None:
        return None
    stmt = sa.select(ChatSilence).where(
        ChatSilence.chat_id == report.chat_id,
        ChatSilence.account_id == report.target_id,
        ChatSilence.until > utcnow(),
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def _suspended(db: AsyncSession, report: Report) -> bool:
    stmt = sa.select(Membership.id).where(
        Membership.org_id == report.org_id,
        Membership.account_id == report.target_id,
        Membership.status == "suspended",
    )
    return (await db.execute(stmt.limit(1))).first() is not None


async def detail(
    db: AsyncSession, report: Report, facts: policy.Facts, *, chat_kind: str | None
) -> ReportOut:
    """The report as this viewer may read it."""
    handler = policy.handles(facts, report.reason)
    history: list[ReportAction] = []
    if handler:
        stmt = (
            sa.select(ReportAction)
            .where(ReportAction.report_id == report.id)
            .order_by(ReportAction.id)
        )
        history = list((await db.execute(stmt)).scalars())
    data = report.evidence or {}
    ids: set[str | None] = {report.reporter_id, report.target_id}
    ids |= {h.actor_id for h in history}
    if handler:
        ids |= evidence.author_ids(data)
    names = await people(db, report.org_id, ids)
    chat = (await chat_refs(db, [report.chat_id])).get(report.chat_id or "")
    proof = None
    if report.kind == "message":
        current = await db.get(Message, report.message_id) if report.message_id else None
        proof = evidence.view(data, names, current, full=handler)
    silence = await _silence(db, report, chat) if handler else None
    open_ = report.status == "open"
    return ReportOut(
        id=report.id,
        kind=report.kind,
        reason=report.reason,
        comment=report.comment,
        status=_status(report),
        outcome=report.outcome,
        reply=report.reply,
        note=report.note if handler else "",
        created_at=report.created_at,
        closed_at=report.closed_at,
        as_handler=handler,
        reporter=names[report.reporter_id],
        target=names[report.target_id],
        chat=chat,
        evidence=proof,
        history=[
            ActionTaken(
                action=h.action, actor=names[h.actor_id], data=h.data or {}, created_at=h.created_at
            )
            for h in history
        ],
        actions=(
            policy.actions_for(
                facts, report.reason, chat_kind=chat_kind, message=report.message_id is not None
            )
            if handler and open_
            else []
        ),
        silence=(
            SilenceOut(
                id=silence.id, chat=chat, person=names[report.target_id], until=silence.until
            )
            if silence is not None and chat is not None
            else None
        ),
        suspended=handler and await _suspended(db, report),
    )
