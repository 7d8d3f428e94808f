"""Attachments as messages show them (loader used by parta.messages.views)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.files.schemas import AttachmentKind, AttachmentOut
from parta.files.signing import signed_url
from parta.models import Attachment, Message


def attachment_out(a: Attachment) -> AttachmentOut:
    """The attachment with fresh signed links (they still need a reader's session)."""
    kind: AttachmentKind = a.kind  # type: ignore[assignment]  # stored values are kinds
    return AttachmentOut(
        id=a.id,
        kind=kind,
        name=a.name,
        mime=a.mime,
        size=a.size,
        width=a.width,
        height=a.height,
        duration_ms=a.duration_ms,
        url=signed_url(a.id),
        thumb_url=signed_url(a.id, "thumb") if a.thumb_file_id else None,
        preview_url=signed_url(a.id, "preview") if a.preview_file_id else None,
        created_at=a.created_at,
    )


async def attachments_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, list[AttachmentOut]]:
    """Attachments of each message that has any, in their order (one query per page)."""
    ids = [m.id for m in messages if m.attachment_count > 0 and m.deleted_at is None]
    if not ids:
        return {}
    stmt = (
        sa.select(Attachment)
        .where(Attachment.message_id.in_(ids))
        .order_by(Attachment.message_id, Attachment.position)
    )
    out: dict[str, list[AttachmentOut]] = defaultdict(list)
    for a in (await db.execute(stmt)).scalars():
        assert a.message_id is not None
        out[a.message_id].append(attachment_out(a))
    return dict(out)
