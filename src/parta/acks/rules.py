"""Who may ask for confirmation of a message, and what a permission slip may carry."""

from __future__ import annotations

from datetime import UTC, datetime

from parta.auth.deps import OrgContext
from parta.kit.errors import Forbidden, Unprocessable
from parta.models import Chat, ChatMember, Message

MAX_QUESTION = 300


def check_may_require_ack(ctx: OrgContext, chat: Chat, me: ChatMember) -> None:
    """Teachers and administrators (verified staff) may mark a message "please confirm"."""
    if not ctx.is_verified_staff():
        raise Forbidden(
            "Only teachers and administrators can ask for confirmation.",
            code="ack_not_allowed",
        )


def slip_fields(
    question: str | None, deadline: datetime | None, now: datetime
) -> tuple[str | None, datetime | None]:
    """A slip's question (blank = none) and deadline, checked: the deadline must be in the
    future and needs a question (a plain confirmation has no deadline)."""
    text = " ".join((question or "").split()) or None
    if text is not None and len(text) > MAX_QUESTION:
        raise Unprocessable(
            f"The question is longer than {MAX_QUESTION} characters.",
            code="question_too_long",
            fields={"ack_question": "too long"},
        )
    if deadline is not None:
        if text is None:
            raise Unprocessable(
                "A deadline needs a yes/no question.",
                code="deadline_without_question",
                fields={"ack_deadline": "needs ack_question"},
            )
        if deadline.tzinfo is None:  # a naive time is taken as UTC
            deadline = deadline.replace(tzinfo=UTC)
        if deadline <= now:
            raise Unprocessable(
                "The deadline must be in the future.",
                code="deadline_past",
                fields={"ack_deadline": "in the past"},
            )
    return text, deadline


def slip_closed(message: Message, now: datetime) -> bool:
    """Answers to a slip can be changed until its deadline."""
    return message.ack_deadline is not None and message.ack_deadline <= now
