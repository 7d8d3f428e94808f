"""Pure permission rules of the members domain (table-driven tests in tests/members)."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from parta.auth.roles import VERIFIED_ROLES, OrgRole, Right

# Who may see members in each status.
STATUS_RIGHT: dict[str, Right] = {
    "active": Right.SEE_MEMBERS,
    "alumni": Right.SEE_MEMBERS,
    "pending": Right.SEE_PENDING,
    "removed": Right.MANAGE_MEMBERS,
    "suspended": Right.MANAGE_MEMBERS,  # parta.moderation: until an administrator lifts it
}


def can_see_status(rights: Collection[Right], status: str) -> bool:
    right = STATUS_RIGHT.get(status)
    return right is not None and right in rights


def default_statuses(rights: Collection[Right]) -> list[str]:
    """What a listing without a status filter shows: active members, plus the unclaimed roster."""
    return [s for s in ("active", "pending") if can_see_status(rights, s)]


def can_be_verified(role: str) -> bool:
    return role in VERIFIED_ROLES


class LinkScope(StrEnum):
    ALL = "all"
    OWN_CLASSES = "own_classes"
    NONE = "none"


def parent_link_scope(rights: Collection[Right], leads_classes: bool) -> LinkScope:
    """Admins and heads decide every link; a verified class teacher, links of their classes."""
    if Right.CONFIRM_PARENT_LINKS in rights:
        return LinkScope.ALL
    if leads_classes:
        return LinkScope.OWN_CLASSES
    return LinkScope.NONE


def can_see_children(*, is_self: bool, is_verified_staff: bool) -> bool:
    return is_self or is_verified_staff


def can_see_parents(*, is_self: bool, is_parent: bool, is_verified_staff: bool) -> bool:
    return is_self or is_parent or is_verified_staff


def resets_verification(old_role: str, new_role: str) -> bool:
    """Any change of role asks for a fresh verification of the new one."""
    return old_role != new_role


def keeps_class(role: str) -> bool:
    """Only students belong to a class; other roles relate to classes in other ways."""
    return role == OrgRole.STUDENT
