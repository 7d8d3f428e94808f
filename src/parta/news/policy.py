"""Who reads the operator's posts: pure rules (table-driven tests in tests/news).

Posts for `teachers` reach verified staff of any organisation (administrators, and heads,
teachers and staff once verified); posts for `everyone` reach every member, students and
parents included. Only the operator writes, and only the operator sees drafts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parta.auth.roles import STAFF_ROLES, OrgRole

AUDIENCES = ("teachers", "everyone")
CATEGORIES = ("news", "howto", "webinar")


@dataclass(frozen=True)
class Role:
    role: str
    verified: bool


def audiences_for(memberships: Iterable[Role], *, operator: bool = False) -> frozenset[str]:
    """The audiences whose posts the person reads (empty: none at all)."""
    if operator:
        return frozenset(AUDIENCES)
    out: set[str] = set()
    for m in memberships:
        out.add("everyone")
        if m.role in STAFF_ROLES and (m.verified or m.role == OrgRole.ADMIN):
            out.add("teachers")
    return frozenset(out)
