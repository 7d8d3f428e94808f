"""Pure rules of the structure domain (table-driven tests in tests/structure)."""

from __future__ import annotations

from parta.auth.roles import STAFF_ROLES, OrgRole

GROUP_KINDS = ("study", "department")
# Statuses of a membership that still belongs somewhere (unclaimed roster entries included).
LIVE_STATUSES = ("active", "pending")


def group_accepts(kind: str, role: str) -> bool:
    """Departments are staff only; study groups take anyone of the organisation."""
    if kind == "department":
        return role in STAFF_ROLES
    return True


def can_lead_group(role: str) -> bool:
    return role in STAFF_ROLES


def can_lead_class(role: str, status: str) -> bool:
    return role == OrgRole.TEACHER and status == "active"


def graduates(grade: int, max_grade: int) -> bool:
    """At the end of a year a class of the last grade graduates instead of moving up."""
    return grade >= max_grade
