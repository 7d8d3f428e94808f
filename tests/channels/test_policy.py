"""The channel rules, table by table (pure functions, no server)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from parta.auth.roles import OrgRole
from parta.channels.policy import (
    Audience,
    audience_role,
    comments_open,
    may_comment,
    may_delete_comment,
    may_switch_post_comments,
)
from parta.chats.policy import Person

A, B = "CLASS_A", "CLASS_B"


def person(
    *roles: OrgRole,
    verified: bool = False,
    classes: tuple[str, ...] = (),
    children_classes: tuple[str, ...] = (),
    account: str = "p",
) -> Person:
    return Person(
        account_id=account,
        roles=frozenset(roles),
        verified_staff=verified,
        class_ids=frozenset(classes),
        children_class_ids=frozenset(children_classes),
    )


ADMIN = person(OrgRole.ADMIN, verified=True)
TEACHER = person(OrgRole.TEACHER, verified=True)
UNVERIFIED = person(OrgRole.TEACHER)
STUDENT_A = person(OrgRole.STUDENT, classes=(A,))
PARENT_A = person(OrgRole.PARENT, children_classes=(A,))
PARENT_B = person(OrgRole.PARENT, children_classes=(B,))
PARENT_NONE = person(OrgRole.PARENT)


@pytest.mark.parametrize(
    ("audience", "who", "taught", "role"),
    [
        (Audience(everyone=True), STUDENT_A, (), "member"),
        (Audience(everyone=True), ADMIN, (), "moderator"),
        (Audience(staff=True), ADMIN, (), "moderator"),
        (Audience(staff=True), TEACHER, (), "member"),
        (Audience(staff=True), UNVERIFIED, (), None),
        (Audience(staff=True), PARENT_A, (), None),
        (Audience(students=True), STUDENT_A, (), "member"),
        (Audience(students=True), PARENT_A, (), None),
        (Audience(parents=True), PARENT_NONE, (), "member"),
        (Audience(parents=True, class_ids=frozenset({A})), PARENT_A, (), "member"),
        (Audience(parents=True, class_ids=frozenset({A})), PARENT_B, (), None),
        (Audience(parents=True, class_ids=frozenset({A})), PARENT_NONE, (), None),
        (Audience(parents=True, class_ids=frozenset({A})), STUDENT_A, (), None),
        (Audience(class_ids=frozenset({A})), STUDENT_A, (), "member"),  # both, when none ticked
        (Audience(class_ids=frozenset({A})), PARENT_A, (), "member"),
        (Audience(class_ids=frozenset({A})), TEACHER, (A,), "member"),  # the class teacher
        (Audience(class_ids=frozenset({A})), TEACHER, (B,), None),
        (Audience(class_ids=frozenset({A})), UNVERIFIED, (A,), None),
        (Audience(students=True, poster_ids=frozenset({"p"})), TEACHER, (), "moderator"),
        (Audience(students=True, poster_ids=frozenset({"p"})), UNVERIFIED, (), None),
        (Audience(everyone=True, poster_ids=frozenset({"p"})), STUDENT_A, (), "member"),
    ],
)
def test_audience_role(
    audience: Audience, who: Person, taught: tuple[str, ...], role: str | None
) -> None:
    assert audience_role(audience, who, frozenset(taught)) == role


@pytest.mark.parametrize(
    ("settings", "post", "archived", "role", "allowed"),
    [
        ({}, True, False, "member", False),  # off until a moderator turns them on
        ({"comments": True}, True, False, "member", True),
        ({"comments": True}, False, False, "member", False),
        ({"comments": True}, False, False, "moderator", False),  # the post's switch holds
        ({"comments": True}, True, True, "moderator", False),
        ({"comments": True}, True, False, None, False),
    ],
)
def test_may_comment(
    settings: dict[str, bool], post: bool, archived: bool, role: str | None, allowed: bool
) -> None:
    assert may_comment(settings, post, archived, role) is allowed
    if role is not None and not archived:
        assert comments_open(settings, post) is allowed


WINDOW = timedelta(hours=48)


@pytest.mark.parametrize(
    ("author", "role", "age_hours", "allowed"),
    [
        (True, "member", 1, True),
        (True, "member", 49, False),
        (False, "member", 1, False),
        (False, "moderator", 500, True),
        (False, "owner", 1, True),
    ],
)
def test_may_delete_comment(author: bool, role: str, age_hours: int, allowed: bool) -> None:
    assert may_delete_comment(author, role, timedelta(hours=age_hours), WINDOW) is allowed


@pytest.mark.parametrize(
    ("author", "role", "allowed"),
    [
        (True, "member", True),
        (False, "member", False),
        (False, "moderator", True),
        (False, None, False),
    ],
)
def test_may_switch_post_comments(author: bool, role: str | None, allowed: bool) -> None:
    assert may_switch_post_comments(author, role) is allowed
