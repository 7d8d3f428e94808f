"""Table-driven tests of the members domain's pure rules."""

from __future__ import annotations

import pytest

from parta.auth.roles import OrgRole, Right, rights_of
from parta.members import policy
from parta.structure import policy as structure_policy


def rights(role: OrgRole, verified: bool = True) -> frozenset[Right]:
    return rights_of(role, verified)


@pytest.mark.parametrize(
    ("role", "verified", "status", "expected"),
    [
        (OrgRole.ADMIN, True, "active", True),
        (OrgRole.ADMIN, True, "pending", True),
        (OrgRole.ADMIN, True, "removed", True),
        (OrgRole.HEAD, True, "pending", True),
        (OrgRole.HEAD, True, "removed", False),
        (OrgRole.TEACHER, True, "pending", True),
        (OrgRole.TEACHER, False, "pending", False),
        (OrgRole.STAFF, True, "pending", False),
        (OrgRole.STUDENT, True, "active", True),
        (OrgRole.STUDENT, True, "alumni", True),
        (OrgRole.STUDENT, True, "pending", False),
        (OrgRole.PARENT, True, "removed", False),
        (OrgRole.ADMIN, True, "bogus", False),
    ],
)
def test_can_see_status(role: OrgRole, verified: bool, status: str, expected: bool) -> None:
    assert policy.can_see_status(rights(role, verified), status) is expected


@pytest.mark.parametrize(
    ("role", "verified", "leads", "expected"),
    [
        (OrgRole.ADMIN, True, False, policy.LinkScope.ALL),
        (OrgRole.HEAD, True, False, policy.LinkScope.ALL),
        (OrgRole.HEAD, False, False, policy.LinkScope.NONE),
        (OrgRole.TEACHER, True, True, policy.LinkScope.OWN_CLASSES),
        (OrgRole.TEACHER, True, False, policy.LinkScope.NONE),
        (OrgRole.STAFF, True, False, policy.LinkScope.NONE),
        (OrgRole.PARENT, True, False, policy.LinkScope.NONE),
    ],
)
def test_parent_link_scope(
    role: OrgRole, verified: bool, leads: bool, expected: policy.LinkScope
) -> None:
    assert policy.parent_link_scope(rights(role, verified), leads) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("teacher", True), ("staff", True), ("head", True), ("admin", False), ("student", False)],
)
def test_can_be_verified(role: str, expected: bool) -> None:
    assert policy.can_be_verified(role) is expected


@pytest.mark.parametrize(
    ("kind", "role", "expected"),
    [
        ("department", "teacher", True),
        ("department", "admin", True),
        ("department", "student", False),
        ("department", "parent", False),
        ("study", "student", True),
    ],
)
def test_group_accepts(kind: str, role: str, expected: bool) -> None:
    assert structure_policy.group_accepts(kind, role) is expected


@pytest.mark.parametrize(
    ("is_self", "is_parent", "staff", "expected"),
    [
        (True, False, False, True),
        (False, True, False, True),
        (False, False, True, True),
        (False, False, False, False),
    ],
)
def test_can_see_parents(is_self: bool, is_parent: bool, staff: bool, expected: bool) -> None:
    got = policy.can_see_parents(is_self=is_self, is_parent=is_parent, is_verified_staff=staff)
    assert got is expected


@pytest.mark.parametrize(
    ("grade", "top", "expected"), [(11, 11, True), (10, 11, False), (9, 9, True)]
)
def test_graduates(grade: int, top: int, expected: bool) -> None:
    assert structure_policy.graduates(grade, top) is expected
