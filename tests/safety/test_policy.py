"""The pure rules of safe mode, quiet hours and rate limits, table by table."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from parta.push.policy import Facts, Prefs, held_until, should_push
from parta.safety.policy import (
    ChildRules,
    QuietRule,
    SafeMode,
    for_child,
    may_add_to_chat,
    may_reach,
    quiet_until,
    rate_role,
    relation_of,
    scopes_of,
)

ON = SafeMode()
NO_CLASSMATES = SafeMode(classmates=False)
NO_CALLS = SafeMode(classmate_calls=False)
OWN_TEACHERS = SafeMode(teachers="own")
OFF = SafeMode(enabled=False, classmates=False, teachers="own")


@pytest.mark.parametrize(
    ("rules", "relation", "what", "allowed"),
    [
        (ON, "parent", "message", True),
        (ON, "staff", "call", True),
        (ON, "teacher", "message", True),
        (ON, "own_teacher", "add", True),
        (ON, "classmate", "message", True),
        (ON, "classmate", "call", True),
        (ON, "other", "message", False),
        (ON, "other", "call", False),
        (ON, "self", "message", True),
        (NO_CLASSMATES, "classmate", "message", False),
        (NO_CLASSMATES, "classmate", "call", False),  # no calls when messages are off
        (NO_CALLS, "classmate", "message", True),
        (NO_CALLS, "classmate", "call", False),
        (OWN_TEACHERS, "teacher", "message", False),
        (OWN_TEACHERS, "own_teacher", "call", True),
        (OWN_TEACHERS, "staff", "add", True),  # staff always
        (OWN_TEACHERS, "parent", "call", True),  # parents always
        (OFF, "other", "message", True),  # safe mode off: only the direct policy decides
    ],
)
def test_may_reach(rules: SafeMode, relation: str, what: str, allowed: bool) -> None:
    assert may_reach(rules, relation, what) is allowed  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("org", "child", "expected"),
    [
        (ON, None, ON),
        (ON, ChildRules(classmates=False), SafeMode(classmates=False)),
        (ON, ChildRules(teachers="own"), SafeMode(teachers="own")),
        # A parent can never open what the organisation closed.
        (NO_CLASSMATES, ChildRules(classmates=True), NO_CLASSMATES),
        (OWN_TEACHERS, ChildRules(teachers="all"), OWN_TEACHERS),
        (NO_CALLS, ChildRules(classmate_calls=True), NO_CALLS),
        (OFF, ChildRules(), OFF),
    ],
)
def test_a_child_rules_only_tighten(
    org: SafeMode, child: ChildRules | None, expected: SafeMode
) -> None:
    assert for_child(org, child) == expected


def _relation(**kw: object) -> str:
    base: dict[str, object] = {
        "actor_id": "a",
        "student_id": "s",
        "actor_children": set(),
        "actor_staff": False,
        "actor_teacher": False,
        "own_teachers": set(),
        "shared_class": False,
        "actor_student": False,
    }
    base.update(kw)
    return relation_of(**base)  # type: ignore[arg-type]


def test_relations() -> None:
    assert _relation(actor_id="s") == "self"
    assert _relation(actor_children={"s"}, actor_staff=True) == "parent"
    assert _relation(actor_staff=True, actor_teacher=True) == "staff"
    assert _relation(actor_teacher=True) == "teacher"
    assert _relation(actor_teacher=True, own_teachers={"a"}) == "own_teacher"
    assert _relation(actor_student=True, shared_class=True) == "classmate"
    assert _relation(actor_student=True) == "other"
    assert _relation(shared_class=True) == "other"  # a parent "in" the class is no classmate


def test_students_join_only_chats_run_by_staff() -> None:
    assert may_add_to_chat(True, "group")
    assert not may_add_to_chat(False, "group")
    assert not may_add_to_chat(True, "class_parents")


MOSCOW = ZoneInfo("Europe/Moscow")
NIGHTS = QuietRule(start=time(19), end=time(8))
NIGHTS_AND_WEEKENDS = QuietRule(start=time(19), end=time(8), days_off=frozenset({6, 7}))
DAYTIME = QuietRule(start=time(13), end=time(14))


def msk(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in June 2026 (1 June is a Monday), Moscow time."""
    return datetime(2026, 6, day, hour, minute, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("rule", "now", "until"),
    [
        (NIGHTS, msk(1, 18, 59), None),
        (NIGHTS, msk(1, 19, 0), msk(2, 8)),
        (NIGHTS, msk(2, 3, 30), msk(2, 8)),
        (NIGHTS, msk(2, 8, 0), None),
        (DAYTIME, msk(1, 13, 30), msk(1, 14)),
        (DAYTIME, msk(1, 14, 0), None),
        (QuietRule(start=time(8), end=time(8)), msk(1, 9), None),  # no nightly window
        # Friday evening: quiet through the weekend until Monday 08:00.
        (NIGHTS_AND_WEEKENDS, msk(5, 20), msk(8, 8)),
        (NIGHTS_AND_WEEKENDS, msk(6, 12), msk(8, 8)),
        (NIGHTS_AND_WEEKENDS, msk(5, 12), None),
        # Every day off: never ends, so nothing is held for ever.
        (QuietRule(start=time(19), end=time(8), days_off=frozenset(range(1, 8))), msk(1, 12), None),
    ],
)
def test_quiet_until(rule: QuietRule, now: datetime, until: datetime | None) -> None:
    got = quiet_until(rule, MOSCOW, now.astimezone(UTC))
    assert got == until


def test_quiet_hours_follow_the_zone() -> None:
    vladivostok = ZoneInfo("Asia/Vladivostok")
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # 22:00 in Vladivostok, 15:00 in Moscow
    assert quiet_until(NIGHTS, MOSCOW, now) is None
    assert quiet_until(NIGHTS, vladivostok, now) == datetime(2026, 6, 2, 8, tzinfo=vladivostok)


@pytest.mark.parametrize(
    ("kind", "roles", "scopes"),
    [
        ("class_parents", [], {"class_parents"}),
        ("class", [], {"class"}),
        ("group", [], {"group"}),
        ("staff", [], set()),
        ("channel", [], set()),
        ("direct", [{"teacher"}, {"parent"}], {"parent_direct"}),
        ("direct", [{"teacher"}, {"student"}], {"student_direct"}),
        ("direct", [{"parent"}, {"student"}], {"parent_direct", "student_direct"}),
        ("direct", [{"teacher"}, {"admin"}], set()),
    ],
)
def test_scopes(kind: str, roles: list[set[str]], scopes: set[str]) -> None:
    assert scopes_of(kind, roles) == scopes


def test_rate_roles() -> None:
    assert rate_role({"student"}, False) == "student"
    assert rate_role({"parent"}, False) == "parent"
    assert rate_role({"teacher", "parent"}, True) == "staff"
    assert rate_role({"teacher"}, False) == "student"  # unverified
    assert rate_role(set(), False) == "staff"  # a bot


def test_quiet_hours_in_the_push_decision() -> None:
    end = datetime(2026, 6, 2, 5, tzinfo=UTC)
    assert held_until("message", end) == end
    assert held_until("ack_reminder", end) == end
    assert held_until("call", end) is None
    assert held_until("message", None) is None
    assert not should_push(Facts(kind="call", prefs=Prefs(), quiet=True))
    assert should_push(Facts(kind="call", prefs=Prefs()))
    assert should_push(Facts(kind="test", prefs=Prefs(), quiet=True))
