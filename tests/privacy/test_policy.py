"""The privacy rules as pure functions, table by table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parta.privacy.policy import Standing, admin_may_erase, may_decide, may_view, under_consent_age
from parta.privacy.retention import months_before


@pytest.mark.parametrize(
    ("grade", "age", "minor"),
    [
        (1, 14, True),
        (7, 14, True),  # 13 when the year starts
        (8, 14, False),  # 14
        (11, 18, True),  # 17
        (11, 16, False),
        (5, 0, False),  # the organisation lets everyone decide for themselves
        (None, 14, True),  # no class: the safer assumption
        (None, 0, False),
    ],
)
def test_consent_age_from_the_grade(grade: int | None, age: int, minor: bool) -> None:
    assert under_consent_age(grade, age) is minor


@pytest.mark.parametrize(
    ("standing", "view", "decide"),
    [
        (Standing(is_self=True, parent_of_minor=False, subject_minor=False), True, True),
        (Standing(is_self=True, parent_of_minor=False, subject_minor=True), True, False),
        (Standing(is_self=False, parent_of_minor=True, subject_minor=True), True, True),
        # A parent of a child who is over the consent age, or of someone else's child.
        (Standing(is_self=False, parent_of_minor=False, subject_minor=False), False, False),
        (Standing(is_self=False, parent_of_minor=False, subject_minor=True), False, False),
    ],
)
def test_who_views_and_who_decides(standing: Standing, view: bool, decide: bool) -> None:
    assert may_view(standing) is view
    assert may_decide(standing) is decide


@pytest.mark.parametrize(
    ("allowed", "actor", "admin", "elsewhere", "refusal"),
    [
        (True, False, False, False, None),
        (False, False, False, False, "erasure_not_allowed"),
        (True, True, False, False, "erase_yourself_in_settings"),
        (True, False, True, False, "target_is_admin"),
        (True, False, False, True, "member_of_other_orgs"),
    ],
)
def test_what_an_administrator_may_erase(
    allowed: bool, actor: bool, admin: bool, elsewhere: bool, refusal: str | None
) -> None:
    got = admin_may_erase(
        allowed_by_org=allowed,
        target_is_actor=actor,
        target_is_admin=admin,
        target_in_other_orgs=elsewhere,
    )
    assert got == refusal


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2027, 3, 31, 12, tzinfo=UTC), 1, datetime(2027, 2, 28, 12, tzinfo=UTC)),
        (datetime(2028, 3, 31, 12, tzinfo=UTC), 1, datetime(2028, 2, 29, 12, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 1, datetime(2026, 12, 15, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 24, datetime(2025, 1, 15, tzinfo=UTC)),
        (datetime(2027, 12, 31, tzinfo=UTC), 6, datetime(2027, 6, 30, tzinfo=UTC)),
    ],
)
def test_months_before(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected
