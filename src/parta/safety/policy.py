"""Safe mode, quiet hours and rate limits as pure rules over plain values (table-driven
tests in tests/safety/test_policy.py).

Safe mode: a student can be reached (a direct message, a direct call, being added to a
chat) only by people in their circles — their parents, the organisation's staff, teachers
(every verified teacher, or only their own when the organisation or a parent says so) and,
unless switched off, their classmates. The organisation sets the rules; a parent can only
make them stricter for their own child.

Quiet hours: a nightly window ("19:00"-"08:00", crossing midnight or not) and whole days
off, in the organisation's time zone. During them messages are written and delivered in
the app; pushes and notification e-mails wait until they end.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Relation = Literal["self", "parent", "staff", "own_teacher", "teacher", "classmate", "other"]
Reach = Literal["message", "call", "add"]
Teachers = Literal["all", "own"]


@dataclass(frozen=True)
class SafeMode:
    """Who may reach a student: the organisation's rules, or a child's (stricter) ones."""

    enabled: bool = True
    classmates: bool = True
    classmate_calls: bool = True
    teachers: Teachers = "all"


@dataclass(frozen=True)
class ChildRules:
    """A parent's choice for their child; it can only take away from the organisation's."""

    classmates: bool = True
    classmate_calls: bool = True
    teachers: Teachers = "all"


def for_child(org: SafeMode, child: ChildRules | None) -> SafeMode:
    """The rules for one student: the organisation's, tightened by the parent's choice.
    Nothing a parent sets can open what the organisation closed."""
    if child is None:
        return org
    return replace(
        org,
        classmates=org.classmates and child.classmates,
        classmate_calls=org.classmate_calls and child.classmate_calls,
        teachers="own" if "own" in (org.teachers, child.teachers) else "all",
    )


def may_reach(rules: SafeMode, relation: Relation, what: Reach) -> bool:
    """May someone with this relation to a student reach them this way?

    Parents and the organisation's staff always can (a school must be able to reach a
    child); teachers as the rules say; classmates unless switched off (calls separately,
    and never when messages are off); nobody else.
    """
    if not rules.enabled or relation in ("self", "parent", "staff", "own_teacher"):
        return True
    if relation == "teacher":
        return rules.teachers == "all"
    if relation == "classmate":
        if what == "call":
            return rules.classmates and rules.classmate_calls
        return rules.classmates
    return False


def relation_of(
    *,
    actor_id: str,
    student_id: str,
    actor_children: Collection[str],
    actor_staff: bool,
    actor_teacher: bool,
    own_teachers: Collection[str],
    shared_class: bool,
    actor_student: bool,
) -> Relation:
    """How the actor stands to the student. `actor_staff`: a verified administrator, head
    or staff member; `actor_teacher`: a verified teacher (staff roles come first)."""
    if actor_id == student_id:
        return "self"
    if student_id in actor_children:
        return "parent"
    if actor_staff:
        return "staff"
    if actor_teacher:
        return "own_teacher" if actor_id in own_teachers else "teacher"
    if actor_student and shared_class:
        return "classmate"
    return "other"


def may_add_to_chat(run_by_staff: bool, chat_kind: str) -> bool:
    """Students are added only to chats run by verified staff, never to a parents' chat."""
    return run_by_staff and chat_kind != "class_parents"


# Quiet hours -----------------------------------------------------------------------------

ChatScope = Literal["class_parents", "parent_direct", "class", "student_direct", "group"]
CHAT_SCOPES: tuple[ChatScope, ...] = (
    "class_parents",
    "parent_direct",
    "class",
    "student_direct",
    "group",
)
SEARCH_DAYS = 9  # the longest quiet span: a night, up to seven days off, the next night


@dataclass(frozen=True)
class QuietRule:
    """Quiet from `start` to `end` every day (crossing midnight when start > end; no nightly
    window when they are equal) and all day on `days_off` (ISO weekdays, Monday = 1)."""

    start: time
    end: time
    days_off: frozenset[int] = frozenset()

    def quiet_at(self, local: datetime) -> bool:
        if local.isoweekday() in self.days_off:
            return True
        t = local.timetz().replace(tzinfo=None)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def quiet_until(rule: QuietRule, tz: ZoneInfo, now: datetime) -> datetime | None:
    """When the quiet hours around `now` end (aware, in `tz`), or None when `now` is not
    in them. A rule that is quiet around the clock (every day off) never ends: None too,
    since holding notifications for ever would lose them."""
    local = now.astimezone(tz)
    if not rule.quiet_at(local):
        return None
    # Quiet changes to not quiet only at an `end` time or at midnight (a day off ends).
    candidates: list[datetime] = []
    for offset in range(SEARCH_DAYS):
        day: date = local.date() + timedelta(days=offset)
        candidates.append(datetime.combine(day, rule.end, tzinfo=tz))
        candidates.append(datetime.combine(day, time(0), tzinfo=tz))
    for candidate in sorted(c for c in candidates if c > local):
        if not rule.quiet_at(candidate):
            return candidate
    return None


def scopes_of(chat_kind: str, member_roles: Sequence[Collection[str]]) -> set[ChatScope]:
    """Which of the organisation's quiet-hour scopes a chat falls under. A direct chat is a
    parents' one when either side is a parent, a students' one when either is a student."""
    if chat_kind == "class_parents":
        return {"class_parents"}
    if chat_kind == "class":
        return {"class"}
    if chat_kind == "group":
        return {"group"}
    if chat_kind != "direct":
        return set()
    out: set[ChatScope] = set()
    if any("parent" in roles for roles in member_roles):
        out.add("parent_direct")
    if any("student" in roles for roles in member_roles):
        out.add("student_direct")
    return out


# Rate limits -----------------------------------------------------------------------------

RateRole = Literal["student", "parent", "staff"]
RATE_WINDOW_SECONDS = 60


def rate_role(roles: Collection[str], verified_staff: bool) -> RateRole:
    """The role whose limit applies: the most generous one the person holds (a teacher who
    is also a parent writes as a teacher). Unverified staff count as students. No role at
    all is a bot (an account an administrator set up and added to chats): staff's limit."""
    if verified_staff or not roles:
        return "staff"
    if "parent" in roles:
        return "parent"
    return "student"
