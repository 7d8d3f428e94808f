"""Who may do what in moderation and safeguarding: pure rules over plain values
(table-driven tests in tests/moderation/test_policy.py).

A report is handled by the chat's moderators (for a message in their chat) and by the
organisation's safeguarding staff (every report). Never by the person reported, and a
concern about self-harm goes to safeguarding staff only: a class chat's moderator is
often the teacher next door, not the person trained for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

Reason = Literal["bullying", "harassment", "inappropriate", "spam", "self_harm", "other"]
REASONS: tuple[Reason, ...] = (
    "bullying",
    "harassment",
    "inappropriate",
    "spam",
    "self_harm",
    "other",
)
# Reasons that only safeguarding staff see.
SAFEGUARDING_ONLY: frozenset[str] = frozenset({"self_harm"})

Outcome = Literal["action_taken", "no_violation", "referred"]
OUTCOMES: tuple[Outcome, ...] = ("action_taken", "no_violation", "referred")

Action = Literal["delete_message", "silence", "remove_from_chat", "suspend"]
ACTIONS: tuple[Action, ...] = ("delete_message", "silence", "remove_from_chat", "suspend")

MIN_SILENCE = timedelta(minutes=5)
MAX_SILENCE = timedelta(days=30)
# Context kept around a reported message: this many before and after it.
CONTEXT = 3
# A reporter's limits: enough for a bad day, not enough to flood the handlers.
REPORTS_PER_HOUR = 10
REPORTS_PER_DAY = 30
# Administrators' access to a chat outside a report.
ACCESS_DEFAULT = timedelta(hours=1)
ACCESS_MAX = timedelta(hours=24)
MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one person and one report."""

    safeguarding: bool = False  # designated safeguarding staff (administrators by default)
    moderates_chat: bool = False  # owner or moderator of the report's chat, active
    admin: bool = False  # may manage members (suspensions)
    reported: bool = False  # the person the report is about
    reporter: bool = False


def handles(f: Facts, reason: str) -> bool:
    """Whether the person handles the report (sees its evidence, acts, closes it)."""
    if f.reported:
        return False
    if f.safeguarding:
        return True
    return f.moderates_chat and reason not in SAFEGUARDING_ONLY


def sees(f: Facts, reason: str) -> bool:
    """Handlers see the whole report; its reporter sees its status and outcome."""
    return handles(f, reason) or f.reporter


def may_act(f: Facts, reason: str, action: str, *, chat_kind: str | None) -> bool:
    """Which actions a handler may take. Suspending is an administrator's decision; chat
    actions need the report's chat, and nobody is removed from a direct chat."""
    if not handles(f, reason):
        return False
    if action == "suspend":
        return f.admin
    if chat_kind is None:
        return False
    if action == "remove_from_chat":
        return chat_kind != "direct"
    return action in ("delete_message", "silence")


def actions_for(f: Facts, reason: str, *, chat_kind: str | None, message: bool) -> list[str]:
    """The actions the web client offers this handler for this report."""
    out: list[str] = []
    for action in ACTIONS:
        if action == "delete_message" and not message:
            continue
        if may_act(f, reason, action, chat_kind=chat_kind):
            out.append(action)
    return out


def may_report(*, reporter_id: str, target_id: str | None) -> bool:
    """Nobody reports themselves, nor a message without a person behind it (system)."""
    return target_id is not None and target_id != reporter_id


def silence_length(minutes: int) -> timedelta | None:
    """The silence asked for, or None when it is out of bounds."""
    length = timedelta(minutes=minutes)
    return length if MIN_SILENCE <= length <= MAX_SILENCE else None


# Blocks -----------------------------------------------------------------------------------


def direct_blocked(blocks: set[tuple[str, str]], a: str, b: str) -> str | None:
    """Between `a` (acting) and `b` in a direct chat: "mine" when a blocked b (a is told
    how to unblock), "theirs" when b blocked a, None when neither."""
    if (a, b) in blocks:
        return "mine"
    if (b, a) in blocks:
        return "theirs"
    return None


# Trust line -------------------------------------------------------------------------------


def may_write_trust(*, is_student: bool, everyone_allowed: bool, is_responder: bool) -> bool:
    """Students write to the trust line; everyone else only when the organisation opens it
    to all members. Responders do not write to themselves."""
    if is_responder:
        return False
    return is_student or everyone_allowed


def sees_writer(*, anonymous: bool, escalated: bool) -> bool:
    """The responder learns who wrote only if the writer gave their name, or after a
    recorded safeguarding escalation."""
    return not anonymous or escalated
