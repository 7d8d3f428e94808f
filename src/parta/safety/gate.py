"""The send path's safety checks, in one call (`screen`) before a message is written and
one (`after_created`) right after: safe mode in direct chats, the organisation's per-role
rate limit, and the word filter. Called by parta.messages.service.send_message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.kit.errors import Conflict, Unprocessable
from parta.messages.schemas import MessageOut
from parta.models import Chat, Message
from parta.safety import held, hidden, rates, reach, wordlists
from parta.safety.settings import safety_settings


@dataclass
class Screened:
    """What the send path does next: write `text` as `kind`, or answer `held` (202)."""

    text: str
    kind: str
    held: MessageOut | None = None
    hidden_body: str | None = None
    matched: list[str] = field(default_factory=list)


async def screen(
    db: AsyncSession,
    ctx: OrgContext,
    chat: Chat,
    *,
    text: str,
    kind: str,
    client_id: str,
    reply_to_id: str | None,
    attachment_ids: Sequence[str],
    now: datetime,
) -> Screened:
    """403 `safe_mode` in a direct chat with a student the sender may not reach; 429
    `rate_limited` past the role's limit; then the word filter decides for text messages:
    held (not written), hidden (written without its text) or sent as it is."""
    if kind == "text":
        again = await held.existing(db, chat.id, ctx.account_id, client_id)
        if again is not None and again.status == "rejected":
            raise Conflict(
                "A moderator did not approve this message, so it was not sent.",
                code="message_rejected",
                fields={"reason": again.reason} if again.reason else None,
            )
        if again is not None:  # a retry of a held message: the same answer
            return Screened(text, kind, held=await held.view(db, again))
    if chat.kind == "direct":
        await reach.check_direct(db, ctx, chat, "message")
    await rates.check(ctx, safety_settings(ctx.org).rate_limits, now.timestamp())
    if kind != "text" or not text:
        return Screened(text, kind)
    found = await wordlists.hits(db, ctx, text, as_author=True)
    action = wordlists.action_of(found)
    if action is None:
        return Screened(text, kind)
    matched = list(dict.fromkeys(h.entry for h in found))
    if action == "hold" or attachment_ids:
        # Files cannot be hidden piecemeal: a message with files is held instead.
        view = await held.hold(
            db,
            ctx,
            chat,
            client_id=client_id,
            body=text,
            reply_to_id=reply_to_id,
            attachment_ids=attachment_ids,
            matched=matched,
        )
        return Screened(text, kind, held=view, matched=matched)
    return Screened("", hidden.KIND, hidden_body=text, matched=matched)


async def after_created(db: AsyncSession, message: Message, screened: Screened) -> None:
    if screened.hidden_body is not None:
        await hidden.keep_text(db, message, screened.hidden_body, screened.matched)


async def check_edit(db: AsyncSession, ctx: OrgContext, text: str) -> None:
    """An edit cannot bring in what the filter would have hidden or held: 422 `filtered`."""
    found = await wordlists.hits(db, ctx, text, as_author=True)
    if found:
        raise Unprocessable(
            "Your school's word filter does not allow this text, so the message cannot be "
            "changed to it.",
            code="filtered",
            fields={"body": ", ".join(dict.fromkeys(h.entry for h in found))[:200]},
        )
