"""Attaching pending uploads to a message being sent (called by parta.messages.service)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from parta.auth.deps import OrgContext
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable
from parta.kit.ids import is_id
from parta.models import Attachment, Chat, Message

MAX_ATTACHMENTS = 10


def _bad(message: str) -> Unprocessable:
    return Unprocessable(message, code="bad_attachment", fields={"attachment_ids": message})


async def check_attachable(
    db: AsyncSession, ctx: OrgContext, chat: Chat, attachment_ids: Sequence[str]
) -> list[Attachment]:
    """My pending uploads in this chat, in the given order; 422 for any other id.

    Also usable for homework submissions: the files are checked the same way."""
    if not attachment_ids:
        return []
    if len(attachment_ids) > MAX_ATTACHMENTS:
        raise _bad(f"A message can carry at most {MAX_ATTACHMENTS} files.")
    if len(set(attachment_ids)) != len(attachment_ids):
        raise _bad("The same file is listed twice.")
    if not all(isinstance(i, str) and is_id(i) for i in attachment_ids):
        raise _bad("Some of the files are not uploads of yours in this chat.")
    stmt = sa.select(Attachment).where(
        Attachment.id.in_(attachment_ids),
        Attachment.chat_id == chat.id,
        Attachment.uploaded_by == ctx.account_id,
        Attachment.message_id.is_(None),
        Attachment.submission_id.is_(None),
    )
    found = {a.id: a for a in (await db.execute(stmt)).scalars()}
    if len(found) != len(attachment_ids):
        raise _bad(
            "Some of the files are not uploads of yours in this chat, or were already sent. "
            "Upload them again."
        )
    return [found[i] for i in attachment_ids]


async def attach_to_message(
    db: AsyncSession, message: Message, uploads: Sequence[Attachment]
) -> None:
    """Bind checked uploads to the stored message (positions in order, count on the row).

    The update only takes rows that are still pending, so two sends racing for one upload
    cannot both get it: the loser is refused and its transaction rolled back."""
    if not uploads:
        return
    now = utcnow()
    for position, upload in enumerate(uploads):
        result = await db.execute(
            sa.update(Attachment)
            .where(
                Attachment.id == upload.id,
                Attachment.message_id.is_(None),
                Attachment.submission_id.is_(None),
            )
            .values(message_id=message.id, attached_at=now, position=position)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("A file was sent in another message meanwhile.", code="bad_attachment")
        # The row is already updated: keep the loaded object in step without another write.
        for key, value in (
            ("message_id", message.id),
            ("attached_at", now),
            ("position", position),
        ):
            set_committed_value(upload, key, value)
    message.attachment_count = len(uploads)
    await db.flush()


async def copies_for_forward(
    db: AsyncSession, ctx: OrgContext, original: Message, to_chat_id: str
) -> list[str]:
    """Pending copies (mine, in the target chat) of a message's files, for forwarding.

    The copies share the stored bytes (content-addressed), so forwarding costs no space; the
    target chat's readers can read them once the forwarded message is sent."""
    if original.attachment_count == 0:
        return []
    stmt = (
        sa.select(Attachment)
        .where(Attachment.message_id == original.id)
        .order_by(Attachment.position, Attachment.id)
    )
    ids: list[str] = []
    for a in (await db.execute(stmt)).scalars():
        copy = Attachment(
            org_id=a.org_id,
            chat_id=to_chat_id,
            file_id=a.file_id,
            thumb_file_id=a.thumb_file_id,
            preview_file_id=a.preview_file_id,
            kind=a.kind,
            name=a.name,
            mime=a.mime,
            size=a.size,
            width=a.width,
            height=a.height,
            duration_ms=a.duration_ms,
            uploaded_by=ctx.account_id,
        )
        db.add(copy)
        await db.flush()
        ids.append(copy.id)
    return ids
