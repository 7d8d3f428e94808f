"""The invitation policies, table-driven."""

from __future__ import annotations

import pytest

from parta.auth.roles import OrgRole
from parta.invites.policy import (
    Inviter,
    create_refusal,
    may_get_parent_invite,
    may_list_any,
    may_list_own,
    may_manage,
)

ADMIN = Inviter("a", is_admin=True, invite_any=True)
HEAD = Inviter("h", invite_any=True)
TEACHER = Inviter("t", invite_own_class=True, led_class_ids=frozenset({"5a"}))
NOBODY = Inviter("s", membership_ids=frozenset({"kid"}))


@pytest.mark.parametrize(
    ("actor", "role", "class_id", "allowed"),
    [
        (ADMIN, OrgRole.ADMIN, None, True),
        (ADMIN, OrgRole.TEACHER, None, True),
        (HEAD, OrgRole.ADMIN, None, False),
        (HEAD, OrgRole.HEAD, None, True),
        (HEAD, OrgRole.STUDENT, "5a", True),
        (TEACHER, OrgRole.STUDENT, "5a", True),
        (TEACHER, OrgRole.PARENT, "5a", True),
        (TEACHER, OrgRole.STUDENT, "5b", False),
        (TEACHER, OrgRole.STUDENT, None, False),
        (TEACHER, OrgRole.TEACHER, "5a", False),
        (TEACHER, OrgRole.STAFF, "5a", False),
        (NOBODY, OrgRole.STUDENT, "5a", False),
        (NOBODY, OrgRole.PARENT, None, False),
    ],
)
def test_create_refusal(actor: Inviter, role: OrgRole, class_id: str | None, allowed: bool) -> None:
    assert (create_refusal(actor, role, class_id) is None) is allowed


@pytest.mark.parametrize(
    ("actor", "created_by", "any_", "own", "manage"),
    [
        (ADMIN, "x", True, True, True),
        (HEAD, None, True, True, True),
        (TEACHER, "t", False, True, True),
        (TEACHER, "x", False, True, False),
        (TEACHER, None, False, True, False),
        (NOBODY, "s", False, False, False),
    ],
)
def test_listing_and_managing(
    actor: Inviter, created_by: str | None, any_: bool, own: bool, manage: bool
) -> None:
    assert may_list_any(actor) is any_
    assert may_list_own(actor) is own
    assert may_manage(actor, created_by) is manage


@pytest.mark.parametrize(
    ("actor", "student", "class_id", "allowed"),
    [
        (ADMIN, "kid", None, True),
        (HEAD, "kid", "5b", True),
        (TEACHER, "kid", "5a", True),
        (TEACHER, "kid", "5b", False),
        (TEACHER, "kid", None, False),
        (NOBODY, "kid", "5a", True),  # the student themselves
        (NOBODY, "other", "5a", False),
    ],
)
def test_parent_invite(actor: Inviter, student: str, class_id: str | None, allowed: bool) -> None:
    assert may_get_parent_invite(actor, student, class_id) is allowed
