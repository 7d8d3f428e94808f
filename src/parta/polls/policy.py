"""Poll rules as pure functions over plain values (table-tested in tests/polls)."""

from __future__ import annotations

from datetime import datetime

from parta.chats.policy import is_moderator
from parta.polls.schemas import MAX_OPTIONS


def is_closed(closed_at: datetime | None, deadline: datetime | None, now: datetime) -> bool:
    """Closed early by someone, or its deadline has passed."""
    return closed_at is not None or (deadline is not None and deadline <= now)


def may_close(is_author: bool, chat_role: str | None) -> bool:
    """The author, or a moderator of the chat."""
    return is_author or is_moderator(chat_role)


def reveals_correct(quiz: bool, viewer_voted: bool, closed: bool) -> bool:
    """A quiz's answer is shown to whoever has answered, and to everyone once it closes."""
    return quiz and (viewer_voted or closed)


def may_change_vote(quiz: bool, has_voted: bool) -> bool:
    """A quiz answer is final; other votes can be changed or taken back until the poll closes."""
    return not (quiz and has_voted)


def may_add_option(allowed: bool, option_count: int) -> bool:
    return allowed and option_count < MAX_OPTIONS


def option_key(text: str) -> str:
    """What makes two options "the same": case and surrounding spaces do not count."""
    return " ".join(text.split()).casefold()


def clean_text(text: str) -> str:
    # NUL cannot be stored by PostgreSQL and has no meaning in a poll.
    return text.replace("\x00", "").strip()
