"""Who takes part in a community and who may do what there: pure functions over plain facts,
tested table by table (tests/communities/test_policy.py)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from parta.auth.roles import STAFF_ROLES, OrgRole

Seat = Literal["staff", "student"]
Role = Literal["owner", "moderator", "member"]

KINDS = ("methodological", "subject", "joint_project", "other")
# Statuses of an organisation's participation (models.community.CommunityOrg).
INVITED, REQUESTED, ACTIVE, WITHDRAWN, REMOVED = (
    "invited",
    "requested",
    "active",
    "withdrawn",
    "removed",
)
OPEN_STATUSES = frozenset({INVITED, REQUESTED, ACTIVE})


@dataclass(frozen=True)
class Selection:
    """Whom an organisation sends: every verified teacher, chosen staff, chosen classes."""

    all_teachers: bool
    staff_ids: Collection[str]
    class_ids: Collection[str]


def is_verified_staff(role: str, verified: bool) -> bool:
    """Administrators are vouched for by the operator; other staff roles by an administrator."""
    return role == OrgRole.ADMIN or (role in STAFF_ROLES and verified)


def seat_of(
    role: str, verified: bool, membership_id: str, class_id: str | None, chosen: Selection
) -> Seat | None:
    """The seat one membership gets from its organisation's choice, or None.

    Parents never take part; unverified staff never do (a verified role is what the other
    organisations trust); students only through a class their administrator allowed.
    """
    if role == OrgRole.STUDENT:
        return "student" if class_id is not None and class_id in chosen.class_ids else None
    if not is_verified_staff(role, verified):
        return None
    if membership_id in chosen.staff_ids:
        return "staff"
    if chosen.all_teachers and role == OrgRole.TEACHER:
        return "staff"
    return None


def may_create(role: str, verified: bool) -> bool:
    """Verified staff and administrators start communities."""
    return is_verified_staff(role, verified)


def may_moderate(role: Role) -> bool:
    return role in ("owner", "moderator")


def may_delete_post(role: Role, is_author: bool) -> bool:
    return is_author or may_moderate(role)


def may_be_moderator(seat: Seat) -> bool:
    """Moderators are adults: a student is never given power over members of other schools."""
    return seat == "staff"


def after_invite(status: str | None) -> str | None:
    """The status an invitation by the community leads to, or None when it changes nothing
    (already invited or taking part). A pending request is thereby accepted."""
    if status in (INVITED, ACTIVE):
        return None
    if status == REQUESTED:
        return ACTIVE
    return INVITED


def after_request(status: str | None) -> str | None:
    """The status an administrator's request with the community's code leads to, or None
    when it changes nothing. A pending invitation is thereby accepted."""
    if status in (REQUESTED, ACTIVE):
        return None
    if status == INVITED:
        return ACTIVE
    return REQUESTED
