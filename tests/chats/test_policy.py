"""Table-driven tests of the pure chat policy: every rule, and each rule switched off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from parta.auth.roles import OrgRole
from parta.chats import policy
from parta.chats.policy import Person

CLASS_A, CLASS_B = "class-a", "class-b"


def person(
    account_id: str,
    *roles: OrgRole,
    verified: bool = False,
    classes: tuple[str, ...] = (),
    children: tuple[str, ...] = (),
    children_classes: tuple[str, ...] = (),
) -> Person:
    return Person(
        account_id=account_id,
        roles=frozenset(roles),
        verified_staff=verified,
        class_ids=frozenset(classes),
        children=frozenset(children),
        children_class_ids=frozenset(children_classes),
    )


STUDENT = person("student", OrgRole.STUDENT, classes=(CLASS_A,))
CLASSMATE = person("classmate", OrgRole.STUDENT, classes=(CLASS_A,))
OTHER_STUDENT = person("other-student", OrgRole.STUDENT, classes=(CLASS_B,))
TEACHER = person("teacher", OrgRole.TEACHER, verified=True)
UNVERIFIED_TEACHER = person("new-teacher", OrgRole.TEACHER)
ADMIN = person("admin", OrgRole.ADMIN, verified=True)
HEAD = person("head", OrgRole.HEAD, verified=True)
STAFF = person("staff", OrgRole.STAFF, verified=True)
PARENT = person("parent", OrgRole.PARENT, children=("student",), children_classes=(CLASS_A,))
CLASS_PARENT = person(
    "class-parent", OrgRole.PARENT, children=("classmate",), children_classes=(CLASS_A,)
)
OTHER_PARENT = person(
    "other-parent", OrgRole.PARENT, children=("other-student",), children_classes=(CLASS_B,)
)
# A teacher who is also a parent at the same school keeps a staff member's reach.
TEACHER_PARENT = person(
    "teacher-parent",
    OrgRole.TEACHER,
    OrgRole.PARENT,
    verified=True,
    children=("other-student",),
    children_classes=(CLASS_B,),
)

# (from, to, the rule that allows it, or None when nothing does)
DIRECT_CASES: list[tuple[Person, Person, str | None]] = [
    (STUDENT, TEACHER, "student_to_teachers"),
    (STUDENT, CLASSMATE, "student_to_classmates"),
    (STUDENT, OTHER_STUDENT, None),
    (STUDENT, PARENT, None),
    (STUDENT, OTHER_PARENT, None),
    (STUDENT, ADMIN, "student_to_staff"),
    (STUDENT, HEAD, "student_to_staff"),
    (STUDENT, STAFF, "student_to_staff"),
    (STUDENT, UNVERIFIED_TEACHER, None),
    (PARENT, TEACHER, "parent_to_teachers"),
    (PARENT, STUDENT, "parent_to_own_children"),
    (PARENT, CLASSMATE, None),
    (PARENT, OTHER_STUDENT, None),
    (PARENT, CLASS_PARENT, "parent_to_class_parents"),
    (PARENT, OTHER_PARENT, None),
    (PARENT, ADMIN, "parent_to_staff"),
    (PARENT, STAFF, "parent_to_staff"),
    (PARENT, UNVERIFIED_TEACHER, None),
    (UNVERIFIED_TEACHER, STUDENT, None),
    (UNVERIFIED_TEACHER, TEACHER, None),
    (UNVERIFIED_TEACHER, ADMIN, None),
    (UNVERIFIED_TEACHER, PARENT, None),
]
STAFF_REACH = [TEACHER, ADMIN, HEAD, STAFF, TEACHER_PARENT]
EVERYONE = [
    STUDENT,
    CLASSMATE,
    OTHER_STUDENT,
    TEACHER,
    UNVERIFIED_TEACHER,
    ADMIN,
    PARENT,
    OTHER_PARENT,
    TEACHER_PARENT,
]


def rules(**changes: bool) -> dict[str, bool]:
    return {**policy.DEFAULT_DIRECT_POLICY, **changes}


@pytest.mark.parametrize(
    ("a", "b", "rule"), DIRECT_CASES, ids=lambda v: getattr(v, "account_id", v)
)
def test_direct_rule_by_default_and_switched(a: Person, b: Person, rule: str | None) -> None:
    default_on = rule is not None and policy.DEFAULT_DIRECT_POLICY[rule]
    assert policy.may_start_direct(a, b, rules()) is default_on
    if rule is not None:
        assert policy.may_start_direct(a, b, rules(**{rule: True})) is True
        assert policy.may_start_direct(a, b, rules(**{rule: False})) is False
    # Nothing else opens a pair that no rule allows, even with every rule on.
    everything_on = {k: True for k in policy.DEFAULT_DIRECT_POLICY}
    if rule is None:
        assert policy.may_start_direct(a, b, everything_on) is False


@pytest.mark.parametrize("a", STAFF_REACH, ids=lambda p: p.account_id)
@pytest.mark.parametrize("b", EVERYONE, ids=lambda p: p.account_id)
def test_verified_staff_reach_everyone_whatever_the_rules(a: Person, b: Person) -> None:
    everything_off = {k: False for k in policy.DEFAULT_DIRECT_POLICY}
    assert policy.may_start_direct(a, b, everything_off) is (a.account_id != b.account_id)


def test_nobody_opens_a_direct_chat_with_themselves() -> None:
    for p in EVERYONE:
        assert policy.may_start_direct(p, p, rules()) is False


def test_safe_defaults() -> None:
    assert policy.DEFAULT_DIRECT_POLICY["student_to_staff"] is False
    assert all(v for k, v in policy.DEFAULT_DIRECT_POLICY.items() if k != "student_to_staff")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, policy.DEFAULT_DIRECT_POLICY),
        ({"direct_policy": {"student_to_staff": True}}, rules(student_to_staff=True)),
        ({"direct_policy": {"student_to_staff": "yes"}}, rules()),  # not a bool: ignored
        ({"direct_policy": {"unknown_rule": True}}, rules()),
        ({"direct_policy": None}, rules()),
    ],
)
def test_direct_policy_reads_org_settings(
    overrides: dict[str, Any], expected: dict[str, bool]
) -> None:
    assert policy.direct_policy(overrides) == expected


ALL = {"who_may_post": "all"}
MODS = {"who_may_post": "moderators"}


@pytest.mark.parametrize(
    ("kind", "settings", "role", "expected"),
    [
        (kind, settings, role, expected)
        for kind in policy.CHAT_KINDS
        for settings in (ALL, MODS)
        for role, is_mod in (("owner", True), ("moderator", True), ("member", False), (None, False))
        for expected in [role is not None and (is_mod or (kind != "channel" and settings is ALL))]
    ],
)
def test_may_post(kind: str, settings: dict[str, Any], role: str | None, expected: bool) -> None:
    assert policy.may_post(kind, settings, role) is expected


NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "role", "last_post", "expected"),
    [
        (0, "member", NOW, 0),
        (60, "member", None, 0),
        (60, "member", NOW, 60),
        (60, "member", NOW - timedelta(seconds=59.5), 1),
        (60, "member", NOW - timedelta(seconds=60), 0),
        (60, "member", NOW - timedelta(hours=1), 0),
        (60, "moderator", NOW, 0),
        (60, "owner", NOW, 0),
        (3600, "member", NOW - timedelta(seconds=1), 3599),
    ],
)
def test_slow_mode_wait(seconds: int, role: str, last_post: datetime | None, expected: int) -> None:
    assert policy.slow_mode_wait({"slow_mode_seconds": seconds}, role, last_post, NOW) == expected


@pytest.mark.parametrize(
    ("kind", "who_may_add", "role", "expected"),
    [
        ("group", "moderators", "owner", True),
        ("group", "moderators", "moderator", True),
        ("group", "moderators", "member", False),
        ("group", "all", "member", True),
        ("group", "all", None, False),
        *[
            (k, w, r, False)
            for k in ("direct", *sorted(policy.SYSTEM_KINDS))
            for w in ("all", "moderators")
            for r in ("owner", "moderator", "member")
        ],
    ],
)
def test_may_add_members(kind: str, who_may_add: str, role: str | None, expected: bool) -> None:
    assert policy.may_add_members(kind, {"who_may_add": who_may_add}, role) is expected


WINDOW = timedelta(hours=48)


@pytest.mark.parametrize(
    ("is_author", "role", "age", "expected"),
    [
        (True, "member", timedelta(minutes=1), True),
        (True, "member", WINDOW, True),
        (True, "member", WINDOW + timedelta(seconds=1), False),
        (False, "member", timedelta(minutes=1), False),
        (False, None, timedelta(0), False),
        (False, "moderator", timedelta(days=365), True),
        (False, "owner", timedelta(days=365), True),
        (True, "owner", timedelta(days=365), True),
    ],
)
def test_may_delete_message(
    is_author: bool, role: str | None, age: timedelta, expected: bool
) -> None:
    assert policy.may_delete_message(is_author, role, age, WINDOW) is expected


def test_small_rules() -> None:
    assert policy.may_create_group(True) and not policy.may_create_group(False)
    assert policy.may_edit_message(True) and not policy.may_edit_message(False)
    assert [policy.may_mention_all(r) for r in ("owner", "moderator", "member", None)] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("kind", "members_may_invite", "role", "expected"),
    [
        ("group", False, "owner", True),
        ("group", False, "moderator", True),
        ("group", False, "member", False),
        ("group", True, "member", True),
        ("group", True, None, False),
        *[(k, True, "member", False) for k in sorted(policy.SYSTEM_KINDS)],
        *[(k, False, "moderator", True) for k in sorted(policy.SYSTEM_KINDS)],
        *[("direct", m, r, False) for m in (True, False) for r in ("owner", "member")],
    ],
)
def test_may_create_invite(
    kind: str, members_may_invite: bool, role: str | None, expected: bool
) -> None:
    settings = {"members_may_invite": members_may_invite}
    assert policy.may_create_invite(kind, settings, role) is expected


LATER = NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("revoked", "expires_at", "max_uses", "uses", "entitled", "expected"),
    [
        (False, None, None, 100, True, "active"),
        (False, LATER, 5, 4, True, "active"),
        (True, LATER, None, 0, True, "revoked"),
        (False, LATER, None, 0, False, "revoked"),  # the creator may no longer invite
        (True, NOW, 1, 1, True, "revoked"),  # revoked wins over expired and exhausted
        (False, NOW, None, 0, True, "expired"),
        (False, NOW, 1, 1, True, "expired"),  # expired wins over exhausted
        (False, LATER, 1, 1, True, "exhausted"),
    ],
)
def test_invite_state(
    revoked: bool,
    expires_at: datetime | None,
    max_uses: int | None,
    uses: int,
    entitled: bool,
    expected: str,
) -> None:
    state = policy.invite_state(
        revoked=revoked,
        expires_at=expires_at,
        max_uses=max_uses,
        uses=uses,
        creator_entitled=entitled,
        now=NOW,
    )
    assert state == expected


# (joiner, chat kind, link creator, chat run by verified staff, expected)
JOIN_CASES: list[tuple[Person, str, Person | None, bool, bool]] = [
    # A teacher's link: anyone of the organisation, students included.
    (STUDENT, "group", TEACHER, True, True),
    (OTHER_STUDENT, "group", TEACHER, True, True),
    (PARENT, "group", TEACHER, True, True),
    (STUDENT, "class", TEACHER, True, True),
    (PARENT, "class_parents", TEACHER, True, True),
    (STUDENT, "class_parents", TEACHER, True, False),  # students never join parents' chats
    (STUDENT, "staff", ADMIN, True, False),  # the staff room is for verified staff
    (PARENT, "staff", ADMIN, True, False),
    (UNVERIFIED_TEACHER, "staff", ADMIN, True, False),
    (TEACHER, "staff", ADMIN, True, True),
    # A group a student or parent has taken over: no student joins, whoever made the link.
    (STUDENT, "group", TEACHER, False, False),
    (PARENT, "group", TEACHER, False, True),
    # A student's or parent's link admits only people its creator may write to.
    (CLASSMATE, "group", STUDENT, True, True),
    (OTHER_STUDENT, "group", STUDENT, True, False),
    (PARENT, "group", STUDENT, True, False),
    (STUDENT, "group", PARENT, True, True),  # their own child
    (CLASSMATE, "group", PARENT, True, False),
    (CLASS_PARENT, "group", PARENT, True, True),
    (OTHER_PARENT, "group", PARENT, True, False),
    (TEACHER, "group", STUDENT, True, True),  # verified staff join any group
    (STUDENT, "group", None, True, False),  # the creator left the organisation
    (STUDENT, "direct", TEACHER, True, False),
]


@pytest.mark.parametrize(
    ("joiner", "kind", "creator", "run_by_staff", "expected"),
    JOIN_CASES,
    ids=lambda v: getattr(v, "account_id", str(v)),
)
def test_may_join_by_link(
    joiner: Person, kind: str, creator: Person | None, run_by_staff: bool, expected: bool
) -> None:
    allowed = policy.may_join_by_link(
        joiner, kind, creator=creator, run_by_staff=run_by_staff, policy=rules()
    )
    assert allowed is expected


def test_links_by_students_follow_the_switched_policy() -> None:
    off = rules(student_to_classmates=False)
    assert not policy.may_join_by_link(
        CLASSMATE, "group", creator=STUDENT, run_by_staff=True, policy=off
    )


@pytest.mark.parametrize(
    ("settings", "former", "expected"),
    [
        ({"join_approval": False}, None, False),
        ({"join_approval": True}, None, True),
        ({"join_approval": False}, "left", False),
        ({"join_approval": False}, "removed", True),  # a link never undoes a removal
        ({}, None, False),
    ],
)
def test_join_needs_approval(settings: dict[str, Any], former: str | None, expected: bool) -> None:
    assert policy.join_needs_approval(settings, former) is expected
