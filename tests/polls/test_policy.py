"""The poll rules, table by table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parta.polls import policy

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("closed_at", "deadline", "closed"),
    [
        (None, None, False),
        (None, NOW + timedelta(seconds=1), False),
        (None, NOW, True),
        (None, NOW - timedelta(minutes=1), True),
        (NOW - timedelta(minutes=1), None, True),
        (NOW - timedelta(minutes=1), NOW + timedelta(days=1), True),
    ],
)
def test_is_closed(closed_at: datetime | None, deadline: datetime | None, closed: bool) -> None:
    assert policy.is_closed(closed_at, deadline, NOW) is closed


@pytest.mark.parametrize(
    ("is_author", "role", "allowed"),
    [
        (True, "member", True),
        (False, "member", False),
        (False, "moderator", True),
        (False, "owner", True),
        (False, None, False),
    ],
)
def test_may_close(is_author: bool, role: str | None, allowed: bool) -> None:
    assert policy.may_close(is_author, role) is allowed


@pytest.mark.parametrize(
    ("quiz", "voted", "closed", "reveal"),
    [
        (False, True, True, False),
        (True, False, False, False),
        (True, True, False, True),
        (True, False, True, True),
    ],
)
def test_reveals_correct(quiz: bool, voted: bool, closed: bool, reveal: bool) -> None:
    assert policy.reveals_correct(quiz, voted, closed) is reveal


@pytest.mark.parametrize(
    ("quiz", "has_voted", "allowed"),
    [(False, False, True), (False, True, True), (True, False, True), (True, True, False)],
)
def test_may_change_vote(quiz: bool, has_voted: bool, allowed: bool) -> None:
    assert policy.may_change_vote(quiz, has_voted) is allowed


@pytest.mark.parametrize(
    ("allowed", "count", "ok"),
    [(False, 2, False), (True, 2, True), (True, 9, True), (True, 10, False)],
)
def test_may_add_option(allowed: bool, count: int, ok: bool) -> None:
    assert policy.may_add_option(allowed, count) is ok


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Да", " да ", True),
        ("В  пятницу", "в пятницу", True),
        ("ДА", "да", True),
        ("Да", "Нет", False),
        ("Straße", "STRASSE", True),
    ],
)
def test_option_key(a: str, b: str, same: bool) -> None:
    assert (policy.option_key(a) == policy.option_key(b)) is same
