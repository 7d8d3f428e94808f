"""The support rules as tables: who sees, writes, escalates and sets which status."""

from __future__ import annotations

import pytest

from parta.support.policy import (
    Access,
    may_escalate,
    may_note,
    may_read_notes,
    may_reply,
    org_access,
    platform_access,
    settable_statuses,
    shows_author,
    status_after,
)

REQUESTER = Access(requester=True)
ADMIN = Access(org_staff=True)
ADMIN_REQUESTER = Access(requester=True, org_staff=True)
OPERATOR = Access(platform=True)
NOBODY = Access()


@pytest.mark.parametrize(
    ("access", "sees", "notes", "reply", "side"),
    [
        (REQUESTER, True, False, True, "requester"),
        (ADMIN, True, True, True, "org"),
        (ADMIN_REQUESTER, True, True, True, "requester"),
        (OPERATOR, True, True, True, "platform"),
        (NOBODY, False, False, False, "org"),
    ],
)
def test_who_sees_what(access: Access, sees: bool, notes: bool, reply: bool, side: str) -> None:
    assert access.sees is sees
    assert may_read_notes(access) is notes
    assert may_note(access) is notes
    assert may_reply(access) is reply
    if sees:
        assert access.side == side


def test_doors() -> None:
    assert org_access(account_id="a", requester_id="a", is_admin=False) == REQUESTER
    assert org_access(account_id="b", requester_id="a", is_admin=False) == NOBODY
    assert org_access(account_id="b", requester_id="a", is_admin=True) == ADMIN
    # The operator sees a request only once it was escalated.
    assert platform_access(escalated=False).sees is False
    assert platform_access(escalated=True) == OPERATOR


@pytest.mark.parametrize(
    ("access", "escalated", "status", "expected"),
    [
        (ADMIN, False, "open", True),
        (ADMIN, False, "answered", True),
        (ADMIN, True, "open", False),  # once
        (ADMIN, False, "closed", False),
        (ADMIN_REQUESTER, False, "open", True),
        (REQUESTER, False, "open", False),
        (OPERATOR, False, "open", False),
    ],
)
def test_who_escalates(access: Access, escalated: bool, status: str, expected: bool) -> None:
    assert may_escalate(access, escalated=escalated, status=status) is expected


@pytest.mark.parametrize(
    ("access", "status", "expected"),
    [
        (REQUESTER, "open", ["closed"]),
        (REQUESTER, "answered", ["closed"]),
        (REQUESTER, "closed", ["open"]),
        (ADMIN, "open", ["answered", "closed"]),
        (ADMIN, "closed", ["open", "answered"]),
        (OPERATOR, "answered", ["open", "closed"]),
        (NOBODY, "open", []),
    ],
)
def test_settable_statuses(access: Access, status: str, expected: list[str]) -> None:
    assert settable_statuses(access, status) == expected


@pytest.mark.parametrize(
    ("kind", "side", "status", "expected"),
    [
        ("reply", "requester", "answered", "open"),
        ("reply", "requester", "closed", "open"),
        ("reply", "org", "open", "answered"),
        ("reply", "platform", "open", "answered"),
        ("reply", "org", "closed", "answered"),
        ("note", "org", "open", "open"),
        ("note", "platform", "closed", "closed"),
    ],
)
def test_status_after_an_entry(kind: str, side: str, status: str, expected: str) -> None:
    assert status_after(kind, side, status) == expected  # type: ignore[arg-type]


def test_the_operators_name_stays_in_the_console() -> None:
    assert shows_author(REQUESTER, "platform") is False
    assert shows_author(ADMIN, "platform") is False
    assert shows_author(OPERATOR, "platform") is True
    assert shows_author(REQUESTER, "org") is True
