"""Pure rules: INN check digits and who may review an application."""

from __future__ import annotations

import pytest

from parta.auth.deps import Actor
from parta.models import Account, AuthSession, OrgApplication
from parta.operator.inn import is_valid_inn
from parta.operator.policy import can_review
from tests.operator.helpers import valid_inn


@pytest.mark.parametrize(
    ("inn", "ok"),
    [
        ("7707083893", True),  # Sberbank
        ("7736207543", True),  # Yandex
        ("500100732259", True),
        ("7707083894", False),
        ("500100732258", False),
        ("500100732269", False),
        ("0000000000", False),
        ("770708389", False),
        ("77070838930", False),
        ("７７０７０８３８９３", False),  # full-width digits
        ("", False),
    ],
)
def test_inn_check_digits(inn: str, ok: bool) -> None:
    assert is_valid_inn(inn) is ok


def test_generated_inns_are_valid() -> None:
    assert all(is_valid_inn(valid_inn(n)) for n in (10, 12) for _ in range(50))


def _actor(operator: bool) -> Actor:
    return Actor(account=Account(is_operator=operator), session=AuthSession(), via_cookie=False)


@pytest.mark.parametrize(
    ("operator", "status", "ok"),
    [
        (True, "pending", True),
        (True, "approved", False),
        (True, "rejected", False),
        (False, "pending", False),
        (None, "pending", False),
    ],
)
def test_can_review(operator: bool | None, status: str, ok: bool) -> None:
    actor = None if operator is None else _actor(operator)
    assert can_review(actor, OrgApplication(status=status)) is ok
