"""A chat's "files" tab: what was shared in its messages, newest first, by kind."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.files.attachment_views import attachment_out
from parta.files.schemas import FileTabItem, FileTabPage
from parta.kit.errors import Unprocessable
from parta.kit.ids import is_id
from parta.models import Attachment, Message


async def files_tab(
    db: AsyncSession,
    ctx: OrgContext,
    chat_id: str,
    *,
    kind: str | None,
    before: str | None,
    limit: int,
) -> FileTabPage:
    """Files sent in the chat's messages (not deleted ones), newest first. `before` is the
    last attachment id of the previous page. 404 unless I am a member."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    stmt = (
        sa.select(Attachment, Message)
        .join(Message, Message.id == Attachment.message_id)
        .where(Attachment.chat_id == chat.id, Message.deleted_at.is_(None))
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())
        .limit(limit + 1)
    )
    if kind is not None:
        stmt = stmt.where(Attachment.kind == kind)
    if before is not None:
        cursor = await db.get(Attachment, before) if is_id(before) else None
        if cursor is None or cursor.chat_id != chat.id:
            raise Unprocessable("The page cursor is not valid.", code="bad_cursor")
        stmt = stmt.where(
            sa.or_(
                Attachment.created_at < cursor.created_at,
                sa.and_(Attachment.created_at == cursor.created_at, Attachment.id < cursor.id),
            )
        )
    rows = list((await db.execute(stmt)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    people = await briefs(db, ctx.org_id, {m.author_id for _, m in rows if m.author_id})
    items = []
    for a, m in rows:
        author = people.get(m.author_id) if m.author_id else None
        items.append(
            FileTabItem(
                attachment=attachment_out(a),
                message_id=m.id,
                author_name=author.name if author else None,
                created_at=m.created_at,
            )
        )
    return FileTabPage(items=items, next_before=rows[-1][0].id if more and rows else None)
