"""Answers to events: going / maybe / not going, places and the waiting list, and the
organiser's view of who answered what.

Changes to one event's answers run under the event's row lock (PostgreSQL; SQLite has one
writer), so two people cannot both take the last place and the waiting list keeps its order.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats.people import briefs
from parta.events import audience, policy
from parta.events.notices import mail_event, notify_event
from parta.events.schemas import Answer, EventOut, FamilyRow, ResponseRow, ResponsesOut
from parta.events.views import count, event_views, responses_of, waiting_position
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden
from parta.models import Event, EventResponse, Membership, Org, ParentLink
from parta.realtime.log import notify

_RANK = {"going": 0, "waiting": 1, "maybe": 2, "not_going": 3}


async def _going(db: AsyncSession, event_id: str) -> int:
    stmt = sa.select(sa.func.count()).where(
        EventResponse.event_id == event_id, EventResponse.answer == "going"
    )
    return int((await db.execute(stmt)).scalar_one())


async def promote_waiting(db: AsyncSession, org: Org, event: Event) -> list[str]:
    """Move people from the waiting list to the free places, first come first; each one
    promoted gets `event.promoted` and an e-mail. Call under the event's lock."""
    free = None if event.capacity is None else event.capacity - await _going(db, event.id)
    stmt = (
        sa.select(EventResponse)
        .where(EventResponse.event_id == event.id, EventResponse.answer == "waiting")
        .order_by(EventResponse.queued_at, EventResponse.id)
    )
    if free is not None:
        if free <= 0:
            return []
        stmt = stmt.limit(free)
    promoted = []
    now = utcnow()
    for row in (await db.execute(stmt)).scalars():
        row.answer, row.updated_at = "going", now
        promoted.append(row.account_id)
    if promoted:
        await db.flush()
        await notify_event(db, org, event, promoted, "event.promoted")
        await mail_event(db, org, event, promoted, "promoted")
    return promoted


async def answer(db: AsyncSession, ctx: OrgContext, event_id: str, value: Answer) -> EventOut:
    """Answer an invitation (again: changes it). `going` beyond the capacity puts me on the
    waiting list; leaving a place gives it to the first waiting. The organiser gets
    `event.rsvp`; my other devices get `event.mine`."""
    from parta.events.service import visible_event

    event = await visible_event(db, ctx, event_id, lock=True)
    if not audience.is_for(event, await audience.my_places(db, ctx), ctx.account_id):
        raise Forbidden("This event is not for you.", code="not_invited")
    if event.status == "cancelled":
        raise Conflict("The event is cancelled.", code="event_cancelled")
    now = utcnow()
    if event.ends_at <= now:
        raise Conflict("The event is over.", code="event_over")
    row = (
        await db.execute(
            sa.select(EventResponse).where(
                EventResponse.event_id == event.id, EventResponse.account_id == ctx.account_id
            )
        )
    ).scalar_one_or_none()
    before = row.answer if row else None
    if value == "going" and before in ("going", "waiting"):
        state = before
    elif value == "going":
        full = event.capacity is not None and await _going(db, event.id) >= event.capacity
        state = "waiting" if full else "going"
    else:
        state = value
    if row is None:
        row = EventResponse(
            org_id=ctx.org_id, event_id=event.id, account_id=ctx.account_id, answer=state
        )
        db.add(row)
    if state != before:
        row.answer, row.updated_at = state, now
        row.queued_at = now if state in ("going", "waiting") else None
        await db.flush()
        if before == "going":
            await promote_waiting(db, ctx.org, event)
        view = (await event_views(db, ctx.org, [event], None))[0]
        rsvp = {
            "event_id": event.id,
            "account_id": ctx.account_id,
            "name": ctx.actor.account.display_name,
            "answer": state,
            "counts": view.counts.model_dump(),
        }
        if event.created_by != ctx.account_id:
            notify(db, (event.created_by,), "event.rsvp", rsvp)
        rows = (await responses_of(db, [event.id]))[event.id]
        mine = {"event_id": event.id, "answer": state}
        mine["waiting_position"] = waiting_position(rows, ctx.account_id)  # type: ignore[assignment]
        notify(db, (ctx.account_id,), "event.mine", mine)
    return (
        await event_views(db, ctx.org, [event], ctx.account_id, may_manage_all=policy.is_lead(ctx))
    )[0]


async def _families(
    db: AsyncSession, event: Event, by_account: dict[str, ResponseRow]
) -> list[FamilyRow]:
    """Each student of the class with their confirmed parents' answers."""
    parent = sa.orm.aliased(Membership)
    student = sa.orm.aliased(Membership)
    stmt = (
        sa.select(student.id, student.full_name, student.account_id, parent.account_id)
        .select_from(student)
        .outerjoin(
            ParentLink,
            sa.and_(
                ParentLink.student_membership_id == student.id, ParentLink.status == "confirmed"
            ),
        )
        .outerjoin(
            parent, sa.and_(parent.id == ParentLink.parent_membership_id, parent.status == "active")
        )
        .where(
            student.org_id == event.org_id,
            student.class_id == event.class_id,
            student.role == "student",
            student.status == "active",
        )
    )
    names: dict[str, str] = {}
    student_accounts: dict[str, str | None] = {}
    parents: dict[str, list[str]] = defaultdict(list)
    for mid, full_name, account_id, parent_account in (await db.execute(stmt)).all():
        names[mid] = full_name
        student_accounts[mid] = account_id
        if parent_account:
            parents[mid].append(parent_account)
    people = await briefs(db, event.org_id, [a for a in student_accounts.values() if a])
    out = []
    for mid in sorted(names, key=lambda m: names[m]):
        account = student_accounts[mid]
        child = people[account].name if account else names[mid]
        rows = [by_account[p] for p in sorted(set(parents[mid])) if p in by_account]
        answers = [r.answer for r in rows if r.answer]
        best = min(answers, key=lambda a: _RANK[str(a)]) if answers else None
        out.append(FamilyRow(children=[child], parents=rows, answer=best))
    return out


async def responses(db: AsyncSession, ctx: OrgContext, event_id: str) -> ResponsesOut:
    """Who answered what (the organiser and administrators): everyone invited with their
    answer, counts, and for class events the parents grouped by family."""
    from parta.events.service import visible_event

    event = await visible_event(db, ctx, event_id)
    if not policy.may_manage(ctx, event):
        raise Forbidden("Only the organiser sees the answers.", code="not_organiser")
    invited = await audience.invited(db, event)
    rows = (await responses_of(db, [event.id]))[event.id]
    by = {r.account_id: r for r in rows}
    people = await briefs(db, event.org_id, invited | set(by))
    out_rows = {
        a: ResponseRow(
            account_id=a,
            name=people[a].name,
            roles=list(people[a].roles),
            answer=by[a].answer if a in by else None,  # type: ignore[arg-type]
            waiting_position=waiting_position(rows, a),
            answered_at=by[a].updated_at if a in by else None,
        )
        for a in invited | set(by)
    }
    counts = count(rows)
    counts.no_answer = len(invited - set(by))
    ordered = sorted(out_rows.values(), key=lambda r: (_RANK.get(r.answer or "", 9), r.name))
    families = None
    if event.scope == "class" and event.class_id:
        families = await _families(db, event, out_rows)
    return ResponsesOut(event_id=event.id, counts=counts, people=ordered, families=families)
