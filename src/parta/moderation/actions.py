"""What handlers do about a report: delete the message, silence the person in the chat for
a while, remove them from the chat, suspend them in the organisation (administrators).
Each action lands in the report's history and in the audit log. Silences and suspensions
are lifted here too.

A handler need not be a member of the chat (safeguarding staff usually are not), so the
chat-side effects are made here directly, with the same realtime events the chat's own
moderators' actions send.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole, Right
from parta.chats.access import member_row
from parta.chats.members import deactivate_member
from parta.chats.policy import SYSTEM_KINDS
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.members.repository import lock_active_admins
from parta.models import Chat, ChatSilence, Membership, Message, Report, ReportAction, Suspension
from parta.moderation import policy, reports, settings, views
from parta.moderation.schemas import ActionIn, LiftIn, ReportOut, SuspensionOut
from parta.realtime.log import emit, notify


async def act(
    db: AsyncSession, ctx: OrgContext, report_id: str, body: ActionIn, *, ip: str
) -> ReportOut:
    """Take one action on an open report (its handlers; `suspend`: administrators)."""
    report, facts = await reports.scoped(db, ctx, report_id, for_update=True)
    if not policy.handles(facts, report.reason):
        raise reports.not_handler()
    if report.status != "open":
        raise Conflict("The report is closed.", code="report_closed")
    chat = await db.get(Chat, report.chat_id) if report.chat_id else None
    kind = chat.kind if chat is not None else None
    if not policy.may_act(facts, report.reason, body.action, chat_kind=kind):
        raise Forbidden("You cannot take this action on this report.", code="action_not_allowed")
    data: dict[str, Any]
    if body.action == "delete_message":
        data = await _delete_message(db, ctx, report)
    elif body.action == "silence":
        assert chat is not None
        data = await _silence(db, ctx, report, chat, body.minutes)
    elif body.action == "remove_from_chat":
        assert chat is not None
        data = await _remove(db, ctx, report, chat)
    else:
        data = await _suspend(db, ctx, report, body.note)
    if body.note:
        data["note"] = body.note
    db.add(
        ReportAction(
            report_id=report.id,
            org_id=report.org_id,
            actor_id=ctx.account_id,
            action=body.action,
            data=data,
        )
    )
    await record(
        db,
        f"moderation.{body.action}",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="report",
        target_id=report.id,
        ip=ip,
        data={"account_id": report.target_id, "chat_id": report.chat_id, **data},
    )
    await db.flush()
    reports.tell(db, await reports.handlers_of(db, ctx, report), report)
    return await reports.detail(db, report, facts)


async def _delete_message(db: AsyncSession, ctx: OrgContext, report: Report) -> dict[str, Any]:
    message = await db.get(Message, report.message_id) if report.message_id else None
    if message is None or message.deleted_at is not None:
        raise Conflict("The message is already deleted.", code="message_deleted")
    message.deleted_at, message.deleted_by = utcnow(), ctx.account_id
    message.pinned_at = None
    await emit(db, message.chat_id, "message.deleted", {"id": message.id, "by": ctx.account_id})
    return {"message_id": message.id}


async def _silence(
    db: AsyncSession, ctx: OrgContext, report: Report, chat: Chat, minutes: int | None
) -> dict[str, Any]:
    length = policy.silence_length(minutes or 0)
    if length is None:
        raise Unprocessable(
            "A silence lasts from 5 minutes to 30 days.",
            code="bad_silence",
            fields={"minutes": "5 to 43200"},
        )
    row = await member_row(db, chat.id, report.target_id)
    if row is None or row.status != "active":
        raise Conflict("The person is not in the chat any more.", code="not_in_chat")
    until = utcnow() + length
    stmt = sa.select(ChatSilence).where(
        ChatSilence.chat_id == chat.id, ChatSilence.account_id == report.target_id
    )
    silence = (await db.execute(stmt)).scalar_one_or_none()
    if silence is None:
        silence = ChatSilence(org_id=chat.org_id, chat_id=chat.id, account_id=report.target_id)
        db.add(silence)
    silence.until, silence.report_id, silence.created_by = until, report.id, ctx.account_id
    await db.flush()
    notify(
        db,
        (report.target_id,),
        "moderation.silenced",
        {"chat_id": chat.id, "until": until.isoformat()},
        chat_id=chat.id,
    )
    return {"minutes": int(length.total_seconds() // 60), "until": until.isoformat()}


async def _remove(db: AsyncSession, ctx: OrgContext, report: Report, chat: Chat) -> dict[str, Any]:
    row = await member_row(db, chat.id, report.target_id)
    if row is None or row.status != "active":
        raise Conflict("The person is not in the chat any more.", code="not_in_chat")
    if chat.kind in SYSTEM_KINDS and row.invite_id is None:
        raise Conflict(
            "This chat follows the school's roster: silence the person or suspend them instead.",
            code="roster_chat",
        )
    if row.role == "owner":
        raise Conflict(
            "The chat's owner cannot be removed; suspend them instead.", code="chat_owner"
        )
    await deactivate_member(db, chat, row, "removed", by=ctx.account_id)
    return {}


async def _suspend(db: AsyncSession, ctx: OrgContext, report: Report, note: str) -> dict[str, Any]:
    stmt = sa.select(Membership).where(
        Membership.org_id == ctx.org_id,
        Membership.account_id == report.target_id,
        Membership.status == "active",
    )
    found = list((await db.execute(stmt)).scalars())
    if not found:
        raise Conflict("The person is not an active member.", code="not_member")
    if any(m.role == OrgRole.ADMIN for m in found):
        admins = await lock_active_admins(db, ctx.org_id)
        if not [a for a in admins if a not in {m.id for m in found}]:
            raise Conflict("This is the last administrator of the organisation.", code="last_admin")
    for m in found:
        m.status = "suspended"  # chats of the roster follow (parta.chats.roster_sync)
    suspension = Suspension(
        org_id=ctx.org_id,
        account_id=report.target_id,
        membership_ids=[m.id for m in found],
        report_id=report.id,
        reason=note,
        created_by=ctx.account_id,
    )
    db.add(suspension)
    await db.flush()
    return {"suspension_id": suspension.id, "roles": sorted(m.role for m in found)}


# Lifting ----------------------------------------------------------------------------------


async def lift_silence(
    db: AsyncSession, ctx: OrgContext, silence_id: str, body: LiftIn, *, ip: str
) -> None:
    """End a silence early (the chat's moderators and safeguarding staff)."""
    silence = await db.get(ChatSilence, silence_id) if is_id(silence_id) else None
    if silence is None or silence.org_id != ctx.org_id:
        raise not_found("silence")
    moderator = await reports.moderates(db, silence.chat_id, ctx.account_id)
    if not moderator and not await settings.is_safeguarding(db, ctx):
        raise not_found("silence")
    await db.delete(silence)
    await record(
        db,
        "moderation.silence_lifted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=silence.chat_id,
        ip=ip,
        data={"account_id": silence.account_id, "note": body.note},
    )
    await db.flush()
    notify(
        db,
        (silence.account_id,),
        "moderation.silenced",
        {"chat_id": silence.chat_id, "until": None},
        chat_id=silence.chat_id,
    )


async def suspensions(db: AsyncSession, ctx: OrgContext) -> list[SuspensionOut]:
    """Members suspended now, newest first (administrators)."""
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators manage suspensions.")
    stmt = (
        sa.select(Suspension)
        .where(Suspension.org_id == ctx.org_id, Suspension.lifted_at.is_(None))
        .order_by(Suspension.id.desc())
    )
    rows = list((await db.execute(stmt)).scalars())
    names = await views.people(
        db, ctx.org_id, {r.account_id for r in rows} | {r.created_by for r in rows}
    )
    return [
        SuspensionOut(
            id=r.id,
            person=names[r.account_id],
            reason=r.reason,
            report_id=r.report_id,
            created_at=r.created_at,
            created_by=names[r.created_by],
        )
        for r in rows
    ]


async def lift_suspension(
    db: AsyncSession, ctx: OrgContext, suspension_id: str, body: LiftIn, *, ip: str
) -> None:
    """Give the person their memberships back (administrators). A role they were given
    again in the meantime stays as it is."""
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators manage suspensions.")
    row = await db.get(Suspension, suspension_id) if is_id(suspension_id) else None
    if row is None or row.org_id != ctx.org_id:
        raise not_found("suspension")
    if row.lifted_at is not None:
        return
    stmt = sa.select(Membership).where(
        Membership.id.in_(list(row.membership_ids or [])), Membership.status == "suspended"
    )
    suspended = list((await db.execute(stmt)).scalars())
    active = {
        m.role
        for m in (
            await db.execute(
                sa.select(Membership).where(
                    Membership.org_id == ctx.org_id,
                    Membership.account_id == row.account_id,
                    Membership.status == "active",
                )
            )
        ).scalars()
    }
    for m in suspended:
        m.status = "removed" if m.role in active else "active"
    row.lifted_at, row.lifted_by = utcnow(), ctx.account_id
    await record(
        db,
        "moderation.suspension_lifted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="account",
        target_id=row.account_id,
        ip=ip,
        data={"suspension_id": row.id, "note": body.note},
    )
    await db.flush()
