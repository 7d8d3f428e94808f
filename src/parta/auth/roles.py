"""Roles and rights, declared once. Policies everywhere read these tables.

Organisation roles: admin, head, teacher, staff, student, parent. An unverified teacher or
staff member has student-level rights until an administrator verifies them.
"""

from __future__ import annotations

from enum import StrEnum


class OrgRole(StrEnum):
    ADMIN = "admin"
    HEAD = "head"
    TEACHER = "teacher"
    STAFF = "staff"
    STUDENT = "student"
    PARENT = "parent"


class ChatRole(StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"
    MEMBER = "member"


class Right(StrEnum):
    MANAGE_ORG = "manage_org"  # settings, policies
    MANAGE_STRUCTURE = "manage_structure"  # years, classes, groups, departments, moves
    MANAGE_MEMBERS = "manage_members"  # roles, removal
    VERIFY_STAFF = "verify_staff"
    INVITE_ANY = "invite_any"  # invitations for any role
    INVITE_OWN_CLASS = "invite_own_class"  # students and parents of one's own classes
    CONFIRM_PARENT_LINKS = "confirm_parent_links"  # any class (class teachers: their own)
    IMPORT_ROSTER = "import_roster"
    READ_AUDIT = "read_audit"
    SEE_MEMBERS = "see_members"  # the organisation's member list
    SEE_PENDING = "see_pending"  # roster entries nobody has claimed yet


_STAFF_RIGHTS = {Right.SEE_MEMBERS}
_ADMIN_RIGHTS = set(Right)

ROLE_RIGHTS: dict[OrgRole, frozenset[Right]] = {
    OrgRole.ADMIN: frozenset(_ADMIN_RIGHTS),
    OrgRole.HEAD: frozenset(
        {Right.READ_AUDIT, Right.SEE_MEMBERS, Right.SEE_PENDING, Right.VERIFY_STAFF}
        | {Right.CONFIRM_PARENT_LINKS, Right.INVITE_ANY}
    ),
    OrgRole.TEACHER: frozenset(_STAFF_RIGHTS | {Right.INVITE_OWN_CLASS, Right.SEE_PENDING}),
    OrgRole.STAFF: frozenset(_STAFF_RIGHTS),
    OrgRole.STUDENT: frozenset({Right.SEE_MEMBERS}),
    OrgRole.PARENT: frozenset({Right.SEE_MEMBERS}),
}

# Roles whose rights need an administrator's verification first.
VERIFIED_ROLES = frozenset({OrgRole.TEACHER, OrgRole.STAFF, OrgRole.HEAD})
STAFF_ROLES = frozenset({OrgRole.ADMIN, OrgRole.HEAD, OrgRole.TEACHER, OrgRole.STAFF})
# Roles a verified teacher may invite into their own classes.
TEACHER_INVITABLE = frozenset({OrgRole.STUDENT, OrgRole.PARENT})


def rights_of(role: OrgRole, verified: bool) -> frozenset[Right]:
    """Rights of one membership; unverified staff roles fall back to student rights."""
    if role in VERIFIED_ROLES and not verified:
        return ROLE_RIGHTS[OrgRole.STUDENT]
    return ROLE_RIGHTS[role]
