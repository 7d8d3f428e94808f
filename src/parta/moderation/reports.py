"""Reports: a member reports a message or a person; the chat's moderators and the
organisation's safeguarding staff handle it and close it with an outcome.

Every report is looked up under the organisation of the route and answered 404 unless the
caller reported it or handles it (policy.sees). The realtime event `moderation.report`
carries no content: each client reloads the report with its own rights.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth import throttle
from parta.auth.deps import OrgContext
from parta.auth.roles import ChatRole, Right
from parta.chats.access import visible_chat
from parta.chats.people import active_memberships
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, TooManyRequests, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import clamp_limit
from parta.models import Chat, ChatMember, Message, Report, ReportAction
from parta.moderation import evidence, policy, settings, views
from parta.moderation.schemas import CloseIn, Overview, ReportIn, ReportOut, ReportPage
from parta.realtime.log import notify

MODERATOR_ROLES = (ChatRole.OWNER.value, ChatRole.MODERATOR.value)


def _moderated_chats(ctx: OrgContext) -> sa.Select[str]:
    return sa.select(ChatMember.chat_id).where(
        ChatMember.org_id == ctx.org_id,
        ChatMember.account_id == ctx.account_id,
        ChatMember.status == "active",
        ChatMember.role.in_(MODERATOR_ROLES),
    )


async def moderates(db: AsyncSession, chat_id: str | None, account_id: str) -> bool:
    if chat_id is None:
        return False
    stmt = sa.select(ChatMember.id).where(
        ChatMember.chat_id == chat_id,
        ChatMember.account_id == account_id,
        ChatMember.status == "active",
        ChatMember.role.in_(MODERATOR_ROLES),
    )
    return (await db.execute(stmt.limit(1))).first() is not None


async def facts_of(db: AsyncSession, ctx: OrgContext, report: Report) -> policy.Facts:
    return policy.Facts(
        safeguarding=await settings.is_safeguarding(db, ctx),
        moderates_chat=await moderates(db, report.chat_id, ctx.account_id),
        admin=ctx.can(Right.MANAGE_MEMBERS),
        reported=report.target_id == ctx.account_id,
        reporter=report.reporter_id == ctx.account_id,
    )


async def scoped(
    db: AsyncSession, ctx: OrgContext, report_id: str, *, for_update: bool = False
) -> tuple[Report, policy.Facts]:
    """The report and the caller's facts; 404 unless they reported or handle it."""
    if not is_id(report_id):
        raise not_found("report")
    stmt = sa.select(Report).where(Report.id == report_id, Report.org_id == ctx.org_id)
    if for_update:
        stmt = stmt.with_for_update()
    report = (await db.execute(stmt)).scalar_one_or_none()
    if report is None:
        raise not_found("report")
    facts = await facts_of(db, ctx, report)
    if not policy.sees(facts, report.reason):
        raise not_found("report")
    return report, facts


async def chat_kind(db: AsyncSession, report: Report) -> str | None:
    if report.chat_id is None:
        return None
    chat = await db.get(Chat, report.chat_id)
    return chat.kind if chat is not None else None


async def detail(db: AsyncSession, report: Report, facts: policy.Facts) -> ReportOut:
    return await views.detail(db, report, facts, chat_kind=await chat_kind(db, report))


async def handlers_of(db: AsyncSession, ctx: OrgContext, report: Report) -> set[str]:
    """Everyone who handles the report (to tell them it came), never its subject."""
    out = await settings.safeguarding_accounts(db, ctx.org)
    if report.chat_id is not None and report.reason not in policy.SAFEGUARDING_ONLY:
        stmt = sa.select(ChatMember.account_id).where(
            ChatMember.chat_id == report.chat_id,
            ChatMember.status == "active",
            ChatMember.role.in_(MODERATOR_ROLES),
        )
        out |= set((await db.execute(stmt)).scalars())
    out.discard(report.target_id)
    return out


def tell(db: AsyncSession, accounts: set[str], report: Report) -> None:
    if accounts:
        data = {"org_id": report.org_id, "report_id": report.id, "status": report.status}
        notify(db, tuple(sorted(accounts)), "moderation.report", data)


async def _check_limits(db: AsyncSession, ctx: OrgContext) -> str:
    key = f"moderation.report:{ctx.org_id}:{ctx.account_id}"
    for limit, window in (
        (policy.REPORTS_PER_HOUR, timedelta(hours=1)),
        (policy.REPORTS_PER_DAY, timedelta(days=1)),
    ):
        if await throttle.count_recent(db, key, window) >= limit:
            raise TooManyRequests(
                "You have sent many reports recently. If someone is in danger, tell a "
                "teacher or call 112 now; otherwise please try again later.",
                code="report_limit",
                headers={"Retry-After": str(int(window.total_seconds()))},
            )
    return key


async def _existing(
    db: AsyncSession, ctx: OrgContext, *, message_id: str | None, target_id: str, kind: str
) -> Report | None:
    """The reporter's open report of the same thing: a second click is the same report."""
    stmt = sa.select(Report).where(
        Report.org_id == ctx.org_id,
        Report.reporter_id == ctx.account_id,
        Report.kind == kind,
        Report.target_id == target_id,
        Report.status == "open",
    )
    if message_id is not None:
        stmt = stmt.where(Report.message_id == message_id)
    return (await db.execute(stmt.limit(1))).scalar_one_or_none()


async def _message(db: AsyncSession, ctx: OrgContext, body: ReportIn) -> Message:
    if not body.chat_id or not body.message_id:
        raise Unprocessable(
            "Say which message you report.",
            fields={"message_id": "required with chat_id"},
        )
    chat, _ = await visible_chat(db, ctx, body.chat_id)
    message = await db.get(Message, body.message_id) if is_id(body.message_id) else None
    if message is None or message.chat_id != chat.id:
        raise not_found("message")
    if message.deleted_at is not None:
        raise Conflict("The message has already been deleted.", code="message_deleted")
    return message


async def file_report(
    db: AsyncSession, ctx: OrgContext, body: ReportIn, *, ip: str
) -> tuple[ReportOut, bool]:
    """Report a message of a chat I am in, or a member of the organisation. Returns the
    report and whether it is new (reporting the same thing again returns the open one)."""
    message = None
    if body.kind == "message":
        message = await _message(db, ctx, body)
        target_id = message.author_id
    else:
        if not body.account_id or not is_id(body.account_id):
            raise Unprocessable("Say whom you report.", fields={"account_id": "required"})
        members = await active_memberships(db, ctx.org_id, [body.account_id])
        if body.account_id not in members:
            raise not_found("person")
        target_id = body.account_id
    if not policy.may_report(reporter_id=ctx.account_id, target_id=target_id):
        raise Conflict("You cannot report yourself or the system.", code="not_reportable")
    assert target_id is not None
    found = await _existing(
        db, ctx, message_id=message.id if message else None, target_id=target_id, kind=body.kind
    )
    if found is not None:
        return await detail(db, found, await facts_of(db, ctx, found)), False
    key = await _check_limits(db, ctx)
    report = Report(
        org_id=ctx.org_id,
        reporter_id=ctx.account_id,
        kind=body.kind,
        reason=body.reason,
        comment=body.comment,
        target_id=target_id,
        chat_id=message.chat_id if message else None,
        message_id=message.id if message else None,
        evidence=await evidence.snapshot(db, message) if message else {},
        status="open",
    )
    db.add(report)
    await db.flush()
    await throttle.record(db, key)
    await record(
        db,
        "moderation.report_filed",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="report",
        target_id=report.id,
        ip=ip,
        data={"kind": report.kind, "reason": report.reason, "chat_id": report.chat_id},
    )
    tell(db, await handlers_of(db, ctx, report), report)
    return await detail(db, report, await facts_of(db, ctx, report)), True


def _page(reports: list[Report], n: int) -> tuple[list[Report], str | None]:
    more = len(reports) > n
    reports = reports[:n]
    return reports, reports[-1].id if more and reports else None


async def mine(
    db: AsyncSession, ctx: OrgContext, status: str | None, cursor: str | None, limit: int | None
) -> ReportPage:
    """My reports in this organisation, newest first, with their status and outcome."""
    n = clamp_limit(limit)
    base = sa.select(Report).where(
        Report.org_id == ctx.org_id, Report.reporter_id == ctx.account_id
    )
    counts = await _counts(db, base)
    stmt = base
    if status:
        stmt = stmt.where(Report.status == status)
    if cursor and is_id(cursor):
        stmt = stmt.where(Report.id < cursor)
    found = list((await db.execute(stmt.order_by(Report.id.desc()).limit(n + 1))).scalars())
    found, next_cursor = _page(found, n)
    items = await views.rows(db, ctx.org_id, found, handler=False)
    return ReportPage(items=items, next_cursor=next_cursor, counts=counts)


async def _queue_scope(db: AsyncSession, ctx: OrgContext) -> sa.Select[Report]:
    """Reports I handle: all of the organisation's for safeguarding staff, those of the
    chats I moderate otherwise; never those about me."""
    stmt = sa.select(Report).where(Report.org_id == ctx.org_id, Report.target_id != ctx.account_id)
    if not await settings.is_safeguarding(db, ctx):
        stmt = stmt.where(
            Report.chat_id.in_(_moderated_chats(ctx)),
            Report.reason.not_in(policy.SAFEGUARDING_ONLY),
        )
    return stmt


async def _counts(db: AsyncSession, base: sa.Select[Report]) -> dict[str, int]:
    sub = base.subquery()
    stmt = sa.select(sub.c.status, sa.func.count()).group_by(sub.c.status)
    counts = {"open": 0, "closed": 0}
    for status, count in (await db.execute(stmt)).all():
        counts[str(status)] = int(count)
    return counts


async def queue(
    db: AsyncSession, ctx: OrgContext, status: str | None, cursor: str | None, limit: int | None
) -> ReportPage:
    """The reports I handle, newest first, with the number per status. Everyone may ask;
    someone who handles nothing gets an empty queue."""
    n = clamp_limit(limit)
    base = await _queue_scope(db, ctx)
    counts = await _counts(db, base)
    stmt = base
    if status:
        stmt = stmt.where(Report.status == status)
    if cursor and is_id(cursor):
        stmt = stmt.where(Report.id < cursor)
    found = list((await db.execute(stmt.order_by(Report.id.desc()).limit(n + 1))).scalars())
    found, next_cursor = _page(found, n)
    items = await views.rows(db, ctx.org_id, found, handler=True)
    return ReportPage(items=items, next_cursor=next_cursor, counts=counts)


async def get(db: AsyncSession, ctx: OrgContext, report_id: str) -> ReportOut:
    report, facts = await scoped(db, ctx, report_id)
    return await detail(db, report, facts)


async def close(
    db: AsyncSession, ctx: OrgContext, report_id: str, body: CloseIn, *, ip: str
) -> ReportOut:
    """Close the report with an outcome, an internal note and words for the reporter
    (handlers). The reporter and the other handlers get `moderation.report`."""
    report, facts = await scoped(db, ctx, report_id, for_update=True)
    if not policy.handles(facts, report.reason):
        raise not_handler()
    if report.status != "open":
        raise Conflict("The report is already closed.", code="report_closed")
    now = utcnow()
    report.status, report.outcome = "closed", body.outcome
    report.note, report.reply = body.note, body.reply
    report.closed_at, report.closed_by = now, ctx.account_id
    db.add(
        ReportAction(
            report_id=report.id,
            org_id=report.org_id,
            actor_id=ctx.account_id,
            action="closed",
            data={"outcome": body.outcome},
            created_at=now,
        )
    )
    await record(
        db,
        "moderation.report_closed",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="report",
        target_id=report.id,
        ip=ip,
        data={"outcome": body.outcome},
    )
    await db.flush()
    tell(db, (await handlers_of(db, ctx, report)) | {report.reporter_id}, report)
    return await detail(db, report, facts)


def not_handler() -> Forbidden:
    return Forbidden("Only the report's handlers can do this.", code="not_handler")


async def overview(db: AsyncSession, ctx: OrgContext) -> Overview:
    """Whether I handle reports or answer the trust line, and how much waits for me."""
    from parta.moderation.trust import service as trust

    safeguarding = await settings.is_safeguarding(db, ctx)
    moderator = (await db.execute(_moderated_chats(ctx).limit(1))).first() is not None
    open_count = 0
    if safeguarding or moderator:
        base = (await _queue_scope(db, ctx)).where(Report.status == "open")
        open_count = int(
            (await db.execute(sa.select(sa.func.count()).select_from(base.subquery()))).scalar_one()
        )
    responder, unread = await trust.responder_state(db, ctx)
    return Overview(
        handler=safeguarding or moderator,
        safeguarding=safeguarding,
        admin=ctx.can(Right.MANAGE_MEMBERS),
        responder=responder,
        open_reports=open_count,
        unread_trust=unread,
    )
