"""Who may use the catalogue: pure rules (table-driven tests in tests/catalogue).

Teachers of any organisation browse verified items and share them; the platform operator
runs the catalogue. A "catalogue teacher" holds an active, verified teacher, head or
administrator membership: students, parents, other staff and unverified teachers cannot
browse or submit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parta.auth.roles import OrgRole

TEACHING_ROLES = frozenset({OrgRole.TEACHER, OrgRole.HEAD, OrgRole.ADMIN})
STATUSES = ("pending", "verified", "rejected")


@dataclass(frozen=True)
class Role:
    role: str
    verified: bool


def is_catalogue_teacher(memberships: Iterable[Role]) -> bool:
    return any(
        m.role in TEACHING_ROLES and (m.verified or m.role == OrgRole.ADMIN) for m in memberships
    )


def may_review(status: str) -> bool:
    """The operator decides once: only pending items are approved or rejected."""
    return status == "pending"
