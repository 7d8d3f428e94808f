"""The one reader of trust-line threads: what the writer and the responder each see.

The responder sees the writer only as `Writer`: a pseudonym while the thread is
anonymous, the name and class once the writer is revealed (`revealed_id`). The writer's
entries have no author, and nothing here reads the seal.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.avatars.urls import avatar_url
from parta.members.briefs import avatar_files, class_labels
from parta.models import Account, Membership, TrustMessage, TrustThread
from parta.moderation import policy
from parta.moderation.trust import pseudonyms
from parta.moderation.trust.schemas import Entry, Responder, Thread, Writer


async def responders(db: AsyncSession, rows: Sequence[Membership]) -> list[Responder]:
    avatars = await avatar_files(db, [m.account_id for m in rows])
    return [
        Responder(
            membership_id=m.id,
            name=m.full_name,
            title=m.title,
            avatar_url=avatar_url(avatars.get(m.account_id or "")),
        )
        for m in rows
    ]


async def _responder(db: AsyncSession, thread: TrustThread) -> Responder:
    m = await db.get(Membership, thread.responder_membership_id)
    if m is not None:
        return (await responders(db, [m]))[0]
    account = await db.get(Account, thread.responder_id)
    return Responder(
        membership_id=thread.responder_membership_id,
        name=account.display_name if account else "",
        title="",
    )


async def _writer(db: AsyncSession, thread: TrustThread, language: str) -> Writer:
    label = pseudonyms.label(thread.pseudonym, language)
    revealed = thread.revealed_id
    if not policy.sees_writer(
        anonymous=thread.anonymous, escalated=thread.escalated_at is not None
    ):
        return Writer(anonymous=True, label=label)
    if revealed is None:  # not expected: a revealed thread always names its writer
        return Writer(anonymous=True, label=label)
    stmt = sa.select(Membership).where(
        Membership.org_id == thread.org_id, Membership.account_id == revealed
    )
    memberships = list((await db.execute(stmt)).scalars())
    student = next((m for m in memberships if m.role == OrgRole.STUDENT), None)
    labels = await class_labels(db, [student.class_id] if student else [])
    account = await db.get(Account, revealed)
    name = memberships[0].full_name if memberships else (account.display_name if account else "")
    return Writer(
        anonymous=thread.anonymous,
        label=name,
        name=name,
        class_label=labels.get(student.class_id or "") if student else None,
        account_id=revealed,
    )


def _unread(thread: TrustThread, side: str) -> bool:
    if side == "writer":
        seen, waiting = thread.writer_seen_at, thread.last_side in ("responder", "event")
    else:
        seen, waiting = thread.responder_seen_at, thread.last_side == "writer"
    return waiting and (seen is None or seen < thread.last_activity_at)


async def thread(
    db: AsyncSession, ctx: OrgContext, thread: TrustThread, side: str, *, full: bool
) -> Thread:
    """The thread for the writer or the responder; `full` adds its entries."""
    language = ctx.actor.account.language
    responder = await _responder(db, thread)
    writer = await _writer(db, thread, language) if side == "responder" else None
    stmt = sa.select(TrustMessage).where(TrustMessage.thread_id == thread.id)
    if full:
        rows = list(
            (await db.execute(stmt.order_by(TrustMessage.created_at, TrustMessage.id))).scalars()
        )
    else:
        last = stmt.where(TrustMessage.side != "event").order_by(
            TrustMessage.created_at.desc(), TrustMessage.id.desc()
        )
        rows = list((await db.execute(last.limit(1))).scalars())
    texts = [r for r in rows if r.side != "event"]
    preview = " ".join(texts[-1].body.split())[:140] if texts else ""

    def author(e: TrustMessage) -> str:
        if e.side == "responder":
            return responder.name
        if e.side == "writer" and writer is not None:
            return writer.label
        return ""

    return Thread(
        id=thread.id,
        status="closed" if thread.status == "closed" else "open",
        my_side="writer" if side == "writer" else "responder",
        anonymous=thread.anonymous,
        escalated=thread.escalated_at is not None,
        escalated_at=thread.escalated_at,
        escalation_reason=thread.escalation_reason if side == "responder" else "",
        responder=responder,
        writer=writer,
        unread=_unread(thread, side),
        preview=preview,
        last_activity_at=thread.last_activity_at,
        created_at=thread.created_at,
        entries=[
            Entry(
                id=e.id,
                side=e.side,  # type: ignore[arg-type]  # stored values are Side names
                mine=e.side == side,
                author=author(e),
                event=e.event,
                body=e.body,
                created_at=e.created_at,
            )
            for e in rows
        ]
        if full
        else [],
    )
