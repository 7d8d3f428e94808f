"""Sharing a verified catalogue item into a chat: a message with the item's card (title,
subject, grades, description; a link for links) and, for a file, the file itself as an
attachment that points at the catalogue's stored bytes (no copy), so every member of the
chat can open it under the usual chat rules.

Into a lesson: a lesson is a call of a chat (parta.calls), so sharing into the lesson's
chat is how an item reaches a lesson; there is no separate lesson board yet.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.catalogue.schemas import ShareIn
from parta.catalogue.service import teachers_only, teaches_here
from parta.catalogue.subjects import SUBJECTS
from parta.catalogue.views import grades_of
from parta.chats.access import visible_chat
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.messages.schemas import MessageOut
from parta.messages.service import send_message
from parta.messages.views import message_views
from parta.models import Attachment, CatalogueItem, Message

CARD_DESCRIPTION = 300
# The message Markdown subset has no backslash escapes, so characters that would start
# emphasis, code, a link, a mention or @all are swapped for look-alikes instead.
_LOOKALIKES = str.maketrans({"*": "∗", "_": "ˍ", "`": "ʹ", "@": "＠", "<": "‹", ">": "›"})
_BLOCK_START = re.compile(r"^[-+*#>~=|0-9]")


def _md(text: str) -> str:
    """Text that the message Markdown shows as typed (no formatting from a title)."""
    text = text.translate(_LOOKALIKES).replace("](", "] (")
    # A zero-width space keeps a leading "- " or "1. " from starting a list or a quote.
    return "\u200b" + text if _BLOCK_START.match(text) else text


def _grades(grades: list[int]) -> str:
    if not grades:
        return ""
    if grades == list(range(grades[0], grades[-1] + 1)) and len(grades) > 1:
        return f"{grades[0]}–{grades[-1]} класс"
    return ", ".join(str(g) for g in grades) + " класс"


def card(item: CatalogueItem, comment: str) -> str:
    """The message body: the comment, then the item's card in the Markdown subset."""
    if item.kind == "link" and item.url:
        url = item.url.replace("(", "%28").replace(")", "%29")
        head = f"📚 **[{_md(item.title)}]({url})**"
    else:
        head = f"📚 **{_md(item.title)}**"
    meta = " · ".join(
        p for p in (SUBJECTS.get(item.subject, item.subject), _grades(grades_of(item.grades))) if p
    )
    lines = [head, f"_{_md(meta)} · проверенный материал_"]
    description = " ".join(item.description.split())
    if description:
        if len(description) > CARD_DESCRIPTION:
            description = description[: CARD_DESCRIPTION - 1] + "…"
        lines.append(_md(description))
    body = "\n".join(lines)
    comment = comment.strip()
    return f"{comment}\n\n{body}" if comment else body


async def share_into_chat(
    db: AsyncSession, ctx: OrgContext, item_id: str, data: ShareIn
) -> MessageOut:
    """Post a verified item into a chat I may post in. A retried `client_id` returns the
    stored message (and makes no second file copy). 403 `catalogue_teachers_only`; 404 for
    an item that is not verified or a chat I am not in; chat errors as for sending."""
    if not teaches_here(ctx):
        raise teachers_only()
    item = await db.get(CatalogueItem, item_id) if is_id(item_id) else None
    if item is None or item.status != "verified":
        raise not_found("catalogue item")
    chat, _ = await visible_chat(db, ctx, data.chat_id)
    stmt = sa.select(Message).where(
        Message.chat_id == chat.id,
        Message.author_id == ctx.account_id,
        Message.client_id == data.client_id,
    )
    found = (await db.execute(stmt)).scalar_one_or_none()
    if found is not None:  # a retry
        return (await message_views(db, ctx.org_id, [found], ctx.account_id))[0]
    ids: list[str] = []
    if item.kind == "file" and item.file_id is not None:
        copy = Attachment(
            org_id=ctx.org_id,
            chat_id=chat.id,
            file_id=item.file_id,
            thumb_file_id=item.thumb_file_id,
            preview_file_id=item.preview_file_id,
            kind=item.file_kind or "file",
            name=item.file_name or item.title,
            mime=item.mime or "application/octet-stream",
            size=item.size or 0,
            width=item.width,
            height=item.height,
            duration_ms=item.duration_ms,
            uploaded_by=ctx.account_id,
        )
        db.add(copy)
        await db.flush()
        ids.append(copy.id)
    view, _ = await send_message(
        db,
        ctx,
        chat.id,
        client_id=data.client_id,
        body=card(item, data.comment),
        attachment_ids=ids,
    )
    return view
