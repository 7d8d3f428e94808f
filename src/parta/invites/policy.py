"""Who may create, see and manage invitations: pure functions over an `Inviter` view."""

from __future__ import annotations

from dataclasses import dataclass, field

from parta.auth.roles import TEACHER_INVITABLE, OrgRole


@dataclass(frozen=True)
class Inviter:
    """What the policies need to know about the actor inside one organisation."""

    account_id: str
    is_admin: bool = False
    invite_any: bool = False
    invite_own_class: bool = False
    led_class_ids: frozenset[str] = field(default_factory=frozenset)
    membership_ids: frozenset[str] = field(default_factory=frozenset)


def create_refusal(actor: Inviter, role: OrgRole, class_id: str | None) -> str | None:
    """None when `actor` may create an invitation for `role` (into `class_id`), else why not."""
    if actor.invite_any:
        if role == OrgRole.ADMIN and not actor.is_admin:
            return "Only administrators can invite administrators."
        return None
    if actor.invite_own_class:
        if role not in TEACHER_INVITABLE:
            return "Teachers can invite only students and parents."
        if class_id is None or class_id not in actor.led_class_ids:
            return "Teachers can invite only into a class they lead."
        return None
    return "You do not have the right to invite people."


def may_list_any(actor: Inviter) -> bool:
    """May see every invitation of the organisation."""
    return actor.invite_any


def may_list_own(actor: Inviter) -> bool:
    """May see the invitations they created themselves."""
    return actor.invite_any or actor.invite_own_class


def may_manage(actor: Inviter, created_by: str | None) -> bool:
    """May see the link, the uses and the QR code of an invitation, and revoke it."""
    if actor.invite_any:
        return True
    return actor.invite_own_class and created_by is not None and created_by == actor.account_id


def may_get_parent_invite(
    actor: Inviter, student_membership_id: str, student_class_id: str | None
) -> bool:
    """The student themselves, their class teacher, and whoever may invite anyone."""
    if actor.invite_any or student_membership_id in actor.membership_ids:
        return True
    return (
        actor.invite_own_class
        and student_class_id is not None
        and student_class_id in actor.led_class_ids
    )
