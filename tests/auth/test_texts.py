"""The mail texts: Russian minutes agree with their number; addresses are masked."""

from __future__ import annotations

import pytest

from parta.auth import texts


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 минуту"),
        (2, "2 минуты"),
        (4, "4 минуты"),
        (5, "5 минут"),
        (11, "11 минут"),
        (12, "12 минут"),
        (15, "15 минут"),
        (21, "21 минуту"),
        (22, "22 минуты"),
        (111, "111 минут"),
    ],
)
def test_russian_minutes(n: int, expected: str) -> None:
    assert f"Код действует {expected}." in texts.sign_in_code("ru", "Аня", "123456", n).body


def test_english_minutes() -> None:
    assert "valid for 1 minute." in texts.sign_in_code("en", "Ann", "123456", 1).body
    assert "valid for 15 minutes." in texts.sign_in_code("en", "Ann", "123456", 15).body


@pytest.mark.parametrize(
    ("email", "masked"),
    [("anna@example.org", "a***@example.org"), ("x@school.ru", "x***@school.ru")],
)
def test_mask_email(email: str, masked: str) -> None:
    assert texts.mask_email(email) == masked
