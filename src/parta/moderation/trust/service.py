"""The trust line: a student (or any member, if the school allows) writes privately to a
designated responder — the school psychologist, the safeguarding lead — optionally
without giving their name.

Why a small thread store and not a chat of a new kind: everything that reads chats shows
who wrote (history, /sync, member lists, read receipts, typing, presence, search, files,
exports, webhooks, the audit log of chat actions), so anonymity in a chat would have to be
defended in every one of those readers, now and in every future one. Here there is one
reader (parta.moderation.trust.views), the writer's entries carry no author at all, and the
only link to the writer is the thread's seal (parta.moderation.trust.seal).

Nothing the writer does is audited (an audit row names its actor). A responder's
safeguarding escalation is: it records the reason, reveals the writer to the responder,
and the writer is told in the thread.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth import throttle
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, TooManyRequests, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.kit.pagination import clamp_limit
from parta.models import Membership, TrustMessage, TrustThread
from parta.moderation import policy, settings
from parta.moderation.trust import pseudonyms, seal, views
from parta.moderation.trust.schemas import (
    EntryIn,
    EscalateIn,
    Thread,
    ThreadIn,
    ThreadPage,
    TrustInfo,
)
from parta.realtime.log import notify
from parta.support.keyset import before, make_cursor

THREADS_PER_DAY = 5
ENTRIES_PER_HOUR = 60


async def _responder_memberships(db: AsyncSession, ctx: OrgContext) -> list[Membership]:
    return await settings.trust_responders(db, ctx.org)


def _mine(rows: list[Membership], account_id: str) -> bool:
    return any(m.account_id == account_id for m in rows)


async def info(db: AsyncSession, ctx: OrgContext) -> TrustInfo:
    """Whether the trust line is open here, to me, and who answers it."""
    rows = await _responder_memberships(db, ctx)
    responder = _mine(rows, ctx.account_id)
    everyone = settings.trust_everyone(ctx.org)
    may = bool(rows) and policy.may_write_trust(
        is_student=ctx.has_role(OrgRole.STUDENT), everyone_allowed=everyone, is_responder=responder
    )
    return TrustInfo(
        available=bool(rows),
        may_write=may,
        everyone=everyone,
        responder=responder,
        responders=await views.responders(db, rows),
    )


async def responder_state(db: AsyncSession, ctx: OrgContext) -> tuple[bool, int]:
    """Whether I answer the trust line, and how many threads wait for my answer."""
    rows = await _responder_memberships(db, ctx)
    if not _mine(rows, ctx.account_id):
        return False, 0
    stmt = _inbox_scope(ctx, rows).where(
        TrustThread.last_side == "writer",
        sa.or_(
            TrustThread.responder_seen_at.is_(None),
            TrustThread.responder_seen_at < TrustThread.last_activity_at,
        ),
    )
    count = (await db.execute(sa.select(sa.func.count()).select_from(stmt.subquery()))).scalar_one()
    return True, int(count)


def _inbox_scope(ctx: OrgContext, rows: list[Membership]) -> sa.Select[TrustThread]:
    """Threads written to me, and those whose responder no longer answers the trust line
    (so that no child's message is left unread)."""
    current = [m.account_id for m in rows if m.account_id]
    return sa.select(TrustThread).where(
        TrustThread.org_id == ctx.org_id,
        sa.or_(
            TrustThread.responder_id == ctx.account_id,
            TrustThread.responder_id.not_in(current),
        ),
    )


async def _scoped(
    db: AsyncSession, ctx: OrgContext, thread_id: str, *, for_update: bool = False
) -> tuple[TrustThread, str]:
    """The thread and my side in it (writer or responder); 404 for everyone else."""
    if not is_id(thread_id):
        raise not_found("conversation")
    stmt = sa.select(TrustThread).where(
        TrustThread.id == thread_id, TrustThread.org_id == ctx.org_id
    )
    if for_update:
        stmt = stmt.with_for_update()
    thread = (await db.execute(stmt)).scalar_one_or_none()
    if thread is None:
        raise not_found("conversation")
    if thread.owner_tag == seal.owner_tag(ctx.org_id, ctx.account_id):
        return thread, "writer"
    rows = await _responder_memberships(db, ctx)
    if _mine(rows, ctx.account_id):
        current = {m.account_id for m in rows}
        if thread.responder_id == ctx.account_id or thread.responder_id not in current:
            return thread, "responder"
    raise not_found("conversation")


async def _limit(db: AsyncSession, key: str, limit: int, window: timedelta) -> None:
    if await throttle.count_recent(db, key, window) >= limit:
        raise TooManyRequests(
            "You have written a lot just now. Please wait a little. If you are in danger, "
            "call 112 or tell an adult you trust right away.",
            code="trust_limit",
            headers={"Retry-After": str(int(window.total_seconds()))},
        )
    await throttle.record(db, key)


def _body(text: str) -> str:
    if not text:
        raise Unprocessable("Write a message.", code="empty_message", fields={"body": "empty"})
    return text


def _tell_writer(db: AsyncSession, thread: TrustThread) -> None:
    # The seal is opened only to address the writer's own devices; nothing is stored.
    writer = seal.open_seal(thread.id, thread.sealed_writer)
    notify(db, (writer,), "trust.thread", {"org_id": thread.org_id, "thread_id": thread.id})


async def _tell_responders(db: AsyncSession, ctx: OrgContext, thread: TrustThread) -> None:
    rows = await _responder_memberships(db, ctx)
    current = {m.account_id for m in rows if m.account_id}
    to = {thread.responder_id} if thread.responder_id in current else current
    if to:
        data = {"org_id": thread.org_id, "thread_id": thread.id}
        notify(db, tuple(sorted(to)), "trust.thread", data)


async def open_thread(db: AsyncSession, ctx: OrgContext, body: ThreadIn) -> Thread:
    """Write to a responder: a new conversation, anonymous unless I say otherwise."""
    rows = await _responder_memberships(db, ctx)
    me_responder = _mine(rows, ctx.account_id)
    if not policy.may_write_trust(
        is_student=ctx.has_role(OrgRole.STUDENT),
        everyone_allowed=settings.trust_everyone(ctx.org),
        is_responder=me_responder,
    ):
        raise Forbidden(
            "The trust line of this organisation is for students.", code="trust_not_allowed"
        )
    responder = next((m for m in rows if m.id == body.responder_id), None)
    if responder is None or responder.account_id is None:
        raise Unprocessable(
            "Choose one of the people who answer the trust line.",
            code="not_a_responder",
            fields={"responder_id": "not a responder"},
        )
    text = _body(body.body)
    tag = seal.owner_tag(ctx.org_id, ctx.account_id)
    await _limit(db, f"trust.thread:{tag}", THREADS_PER_DAY, timedelta(days=1))
    now = utcnow()
    thread_id = new_id()
    thread = TrustThread(
        id=thread_id,
        org_id=ctx.org_id,
        responder_id=responder.account_id,
        responder_membership_id=responder.id,
        anonymous=body.anonymous,
        pseudonym=pseudonyms.draw(),
        owner_tag=tag,
        sealed_writer=seal.seal(thread_id, ctx.account_id),
        revealed_id=None if body.anonymous else ctx.account_id,
        status="open",
        last_side="writer",
        last_activity_at=now,
        writer_seen_at=now,
        created_at=now,
    )
    db.add(thread)
    await db.flush()
    db.add(
        TrustMessage(
            thread_id=thread.id, org_id=ctx.org_id, side="writer", body=text, created_at=now
        )
    )
    await db.flush()
    await _tell_responders(db, ctx, thread)
    return await views.thread(db, ctx, thread, "writer", full=True)


async def _page(
    db: AsyncSession,
    ctx: OrgContext,
    stmt: sa.Select[TrustThread],
    side: str,
    cursor: str | None,
    limit: int | None,
) -> ThreadPage:
    n = clamp_limit(limit)
    if cursor:
        stmt = stmt.where(before(TrustThread.last_activity_at, TrustThread.id, cursor))
    stmt = stmt.order_by(TrustThread.last_activity_at.desc(), TrustThread.id.desc()).limit(n + 1)
    rows = list((await db.execute(stmt)).scalars())
    more = len(rows) > n
    rows = rows[:n]
    last = rows[-1] if more and rows else None
    return ThreadPage(
        items=[await views.thread(db, ctx, t, side, full=False) for t in rows],
        next_cursor=make_cursor(last.last_activity_at, last.id) if last else None,
    )


async def mine(
    db: AsyncSession, ctx: OrgContext, cursor: str | None, limit: int | None
) -> ThreadPage:
    """The conversations I started, latest activity first."""
    tag = seal.owner_tag(ctx.org_id, ctx.account_id)
    stmt = sa.select(TrustThread).where(
        TrustThread.org_id == ctx.org_id, TrustThread.owner_tag == tag
    )
    return await _page(db, ctx, stmt, "writer", cursor, limit)


async def inbox(
    db: AsyncSession, ctx: OrgContext, cursor: str | None, limit: int | None
) -> ThreadPage:
    """The conversations I answer (responders; 403 `not_responder` for others)."""
    rows = await _responder_memberships(db, ctx)
    if not _mine(rows, ctx.account_id):
        raise Forbidden("Only the trust line's responders have an inbox.", code="not_responder")
    return await _page(db, ctx, _inbox_scope(ctx, rows), "responder", cursor, limit)


async def get(db: AsyncSession, ctx: OrgContext, thread_id: str) -> Thread:
    """One conversation with all its entries; reading it marks it seen for me."""
    thread, side = await _scoped(db, ctx, thread_id)
    if side == "writer":
        thread.writer_seen_at = utcnow()
    else:
        thread.responder_seen_at = utcnow()
    await db.flush()
    return await views.thread(db, ctx, thread, side, full=True)


async def write(db: AsyncSession, ctx: OrgContext, thread_id: str, body: EntryIn) -> Thread:
    """Add to the conversation (either side); it reopens a closed one."""
    thread, side = await _scoped(db, ctx, thread_id, for_update=True)
    text = _body(body.body)
    now = utcnow()
    if side == "writer":
        await _limit(db, f"trust.entry:{thread.owner_tag}", ENTRIES_PER_HOUR, timedelta(hours=1))
    db.add(
        TrustMessage(
            thread_id=thread.id,
            org_id=thread.org_id,
            side=side,
            author_id=ctx.account_id if side == "responder" else None,
            body=text,
            created_at=now,
        )
    )
    thread.status, thread.last_side, thread.last_activity_at = "open", side, now
    if side == "writer":
        thread.writer_seen_at = now
        await db.flush()
        await _tell_responders(db, ctx, thread)
    else:
        thread.responder_seen_at = now
        await db.flush()
        _tell_writer(db, thread)
    return await views.thread(db, ctx, thread, side, full=True)


async def _event(db: AsyncSession, thread: TrustThread, ctx: OrgContext, event: str) -> None:
    now = utcnow()
    db.add(
        TrustMessage(
            thread_id=thread.id,
            org_id=thread.org_id,
            side="event",
            author_id=None,
            event=event,
            created_at=now,
        )
    )
    thread.last_side, thread.last_activity_at = "event", now
    await db.flush()


async def close(db: AsyncSession, ctx: OrgContext, thread_id: str) -> Thread:
    """End the conversation (either side); writing again reopens it."""
    thread, side = await _scoped(db, ctx, thread_id, for_update=True)
    if thread.status == "closed":
        return await views.thread(db, ctx, thread, side, full=True)
    thread.status = "closed"
    await _event(db, thread, ctx, "closed")
    if side == "writer":
        await _tell_responders(db, ctx, thread)
    else:
        _tell_writer(db, thread)
    return await views.thread(db, ctx, thread, side, full=True)


async def escalate(
    db: AsyncSession, ctx: OrgContext, thread_id: str, body: EscalateIn, *, ip: str
) -> Thread:
    """Record a safeguarding escalation (the responder): the reason goes to the audit log,
    the writer is revealed to the responder, and the writer is told in the thread."""
    thread, side = await _scoped(db, ctx, thread_id, for_update=True)
    if side != "responder":
        raise Forbidden("Only the responder records an escalation.", code="not_responder")
    if thread.escalated_at is not None:
        raise Conflict("This conversation has already been escalated.", code="already_escalated")
    if len(body.reason) < policy.MIN_REASON_LENGTH:
        raise Unprocessable(
            "Write why the student must be identified (at least 10 characters).",
            code="reason_required",
            fields={"reason": "at least 10 characters"},
        )
    now = utcnow()
    thread.escalated_at, thread.escalated_by = now, ctx.account_id
    thread.escalation_reason = body.reason
    thread.revealed_id = seal.open_seal(thread.id, thread.sealed_writer)
    await _event(db, thread, ctx, "escalated")
    await record(
        db,
        "trust.escalated",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="trust_thread",
        target_id=thread.id,
        ip=ip,
        data={"reason": body.reason, "anonymous": thread.anonymous},
    )
    _tell_writer(db, thread)
    return await views.thread(db, ctx, thread, side, full=True)
