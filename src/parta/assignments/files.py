"""The files of submissions: taking a student's pending uploads into their submission,
dropping the ones no longer listed, and showing them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.files.attachment_views import attachment_out
from parta.files.schemas import AttachmentOut
from parta.files.uploads import delete_attachments
from parta.kit.clock import utcnow
from parta.kit.errors import Unprocessable
from parta.kit.ids import is_id
from parta.models import Assignment, Attachment, Submission


def _bad(attachment_id: str) -> Unprocessable:
    return Unprocessable(
        "A file is not one of your uploads in this chat. Upload it again and retry.",
        code="bad_attachment",
        fields={"attachment_ids": attachment_id[:40]},
    )


async def take_files(
    db: AsyncSession,
    account_id: str,
    assignment: Assignment,
    submission: Submission,
    attachment_ids: Sequence[str],
) -> list[Attachment]:
    """Make the submission's files exactly `attachment_ids`, in that order.

    Each id is either a file of this submission already, or my pending upload in the
    assignment's chat (not in a message, not in another submission); anything else is 422
    and changes nothing. Files of the submission that are not listed are removed.
    """
    wanted = list(dict.fromkeys(attachment_ids))  # a repeated id is the same file
    for attachment_id in wanted:
        if not is_id(attachment_id):
            raise _bad(attachment_id)
    found: dict[str, Attachment] = {}
    if wanted:
        stmt = sa.select(Attachment).where(Attachment.id.in_(wanted))
        found = {a.id: a for a in (await db.execute(stmt)).scalars()}
    for attachment_id in wanted:
        a = found.get(attachment_id)
        mine = (
            a is not None
            and a.org_id == assignment.org_id
            and a.chat_id == assignment.chat_id
            and a.uploaded_by == account_id
            and a.message_id is None
            and a.submission_id in (None, submission.id)
        )
        if not mine:
            raise _bad(attachment_id)
    current = await _rows_of(db, [submission.id])
    await delete_attachments(db, [a for a in current.get(submission.id, []) if a.id not in found])
    now = utcnow()
    taken = []
    for position, attachment_id in enumerate(wanted):
        a = found[attachment_id]
        a.submission_id = submission.id
        a.position = position
        a.attached_at = a.attached_at or now
        taken.append(a)
    await db.flush()
    return taken


async def drop_files(db: AsyncSession, submission_id: str) -> None:
    """Remove a withdrawn submission's files (with their stored-file rows)."""
    rows = await _rows_of(db, [submission_id])
    await delete_attachments(db, rows.get(submission_id, []))


async def _rows_of(
    db: AsyncSession, submission_ids: Collection[str]
) -> dict[str, list[Attachment]]:
    out: dict[str, list[Attachment]] = defaultdict(list)
    if not submission_ids:
        return out
    stmt = (
        sa.select(Attachment)
        .where(Attachment.submission_id.in_(list(submission_ids)))
        .order_by(Attachment.position, Attachment.id)
    )
    for a in (await db.execute(stmt)).scalars():
        assert a.submission_id is not None
        out[a.submission_id].append(a)
    return out


async def files_of(
    db: AsyncSession, submission_ids: Collection[str]
) -> dict[str, list[AttachmentOut]]:
    """The files of each submission as AttachmentOut (download links signed for readers)."""
    rows = await _rows_of(db, submission_ids)
    return {sid: [attachment_out(a) for a in files] for sid, files in rows.items()}


async def file_rows(
    db: AsyncSession, submission_ids: Collection[str]
) -> dict[str, list[Attachment]]:
    """The Attachment rows of each submission, in order (for the archive)."""
    return await _rows_of(db, submission_ids)
