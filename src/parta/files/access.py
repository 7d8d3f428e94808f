"""The one place that answers "may this person read this file".

- in a message: anyone who can read that chat (an active member), while the message exists;
- in a homework submission: the submitting student and the assignment's author only;
- a pending upload: only the person who uploaded it.
Always inside an active organisation the reader is an active member of. Anything else is
answered as if the file did not exist (404).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.errors import NotFound, not_found
from parta.kit.ids import is_id
from parta.models import (
    Assignment,
    Attachment,
    ChatMember,
    Membership,
    Message,
    Org,
    Submission,
)


def _missing() -> NotFound:
    return not_found("file")


async def _in_active_org(db: AsyncSession, org_id: str, account_id: str) -> bool:
    stmt = (
        sa.select(Membership.id)
        .join(Org, Org.id == Membership.org_id)
        .where(
            Membership.org_id == org_id,
            Membership.account_id == account_id,
            Membership.status == "active",
            Org.status == "active",
        )
        .limit(1)
    )
    return (await db.execute(stmt)).first() is not None


async def _reads_message(db: AsyncSession, a: Attachment, account_id: str) -> bool:
    stmt = (
        sa.select(ChatMember.id)
        .join(Message, Message.chat_id == ChatMember.chat_id)
        .where(
            Message.id == a.message_id,
            Message.deleted_at.is_(None),
            ChatMember.account_id == account_id,
            ChatMember.status == "active",
        )
        .limit(1)
    )
    return (await db.execute(stmt)).first() is not None


async def _reads_submission(db: AsyncSession, a: Attachment, account_id: str) -> bool:
    stmt = (
        sa.select(Submission.account_id, Assignment.created_by)
        .join(Assignment, Assignment.id == Submission.assignment_id)
        .where(Submission.id == a.submission_id)
    )
    row = (await db.execute(stmt)).first()
    return row is not None and account_id in (row[0], row[1])


async def may_read(db: AsyncSession, a: Attachment, account_id: str) -> bool:
    """Whether `account_id` may read the attachment (see the module's rules)."""
    if a.message_id is not None:
        allowed = await _reads_message(db, a, account_id)
    elif a.submission_id is not None:
        allowed = await _reads_submission(db, a, account_id)
    else:
        allowed = a.uploaded_by == account_id
    return allowed and await _in_active_org(db, a.org_id, account_id)


async def readable_attachment(
    db: AsyncSession, account_id: str, attachment_id: str, *, org_id: str | None = None
) -> Attachment:
    """The attachment when `account_id` may read it (within `org_id` when given); else 404."""
    if not is_id(attachment_id):
        raise _missing()
    a = await db.get(Attachment, attachment_id)
    if a is None or (org_id is not None and a.org_id != org_id):
        raise _missing()
    if not await may_read(db, a, account_id):
        raise _missing()
    return a
