"""Who gets a seat from an organisation's choice, and how invitations and requests meet."""

from __future__ import annotations

import pytest

from parta.communities import policy
from parta.communities.policy import Selection

CHOICE = Selection(all_teachers=False, staff_ids={"M-CHOSEN"}, class_ids={"C-ALLOWED"})
ALL = Selection(all_teachers=True, staff_ids=set(), class_ids=set())


@pytest.mark.parametrize(
    ("role", "verified", "membership", "class_id", "chosen", "seat"),
    [
        ("teacher", True, "M-CHOSEN", None, CHOICE, "staff"),
        ("teacher", True, "M-OTHER", None, CHOICE, None),
        ("teacher", False, "M-CHOSEN", None, CHOICE, None),  # unverified: never
        ("teacher", True, "M-OTHER", None, ALL, "staff"),
        ("teacher", False, "M-OTHER", None, ALL, None),
        ("head", True, "M-OTHER", None, ALL, None),  # "all teachers" means teachers
        ("head", True, "M-CHOSEN", None, CHOICE, "staff"),
        ("staff", True, "M-CHOSEN", None, CHOICE, "staff"),
        ("admin", False, "M-CHOSEN", None, CHOICE, "staff"),  # admins need no verification
        ("admin", False, "M-OTHER", None, ALL, None),
        ("student", False, "M-S", "C-ALLOWED", CHOICE, "student"),
        ("student", False, "M-S", "C-OTHER", CHOICE, None),
        ("student", False, "M-S", None, CHOICE, None),
        ("student", False, "M-CHOSEN", None, CHOICE, None),  # a student is never "staff"
        ("student", False, "M-S", "C-ALLOWED", ALL, None),
        ("parent", False, "M-CHOSEN", "C-ALLOWED", CHOICE, None),  # parents never
    ],
)
def test_seat_of(
    role: str,
    verified: bool,
    membership: str,
    class_id: str | None,
    chosen: Selection,
    seat: str | None,
) -> None:
    assert policy.seat_of(role, verified, membership, class_id, chosen) == seat


@pytest.mark.parametrize(
    ("before", "invited", "asked"),
    [
        (None, "invited", "requested"),
        ("invited", None, "active"),  # a request meets an invitation
        ("requested", "active", None),  # an invitation meets a request
        ("active", None, None),
        ("withdrawn", "invited", "requested"),
        ("removed", "invited", "requested"),
    ],
)
def test_invitations_and_requests(
    before: str | None, invited: str | None, asked: str | None
) -> None:
    assert policy.after_invite(before) == invited
    assert policy.after_request(before) == asked


@pytest.mark.parametrize(
    ("role", "verified", "may"),
    [
        ("admin", False, True),
        ("teacher", True, True),
        ("teacher", False, False),
        ("head", True, True),
        ("staff", True, True),
        ("student", True, False),
        ("parent", True, False),
    ],
)
def test_may_create(role: str, verified: bool, may: bool) -> None:
    assert policy.may_create(role, verified) is may


def test_moderation() -> None:
    assert policy.may_delete_post("member", is_author=True)
    assert not policy.may_delete_post("member", is_author=False)
    assert policy.may_delete_post("moderator", is_author=False)
    assert policy.may_be_moderator("staff") and not policy.may_be_moderator("student")
