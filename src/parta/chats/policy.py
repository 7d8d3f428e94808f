"""Who may do what in chats: pure functions over plain values, tested table by table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from parta.auth.roles import ChatRole, OrgRole

CHAT_KINDS = ("direct", "group", "class", "class_parents", "staff", "channel")
SYSTEM_KINDS = frozenset({"class", "class_parents", "staff", "channel"})
REACTIONS = ("👍", "❤️", "😂", "😮", "😢", "🙏", "👏", "🔥", "✅", "❓")

# Direct-message policy of an organisation (Org.settings["direct_policy"]), safe by default.
DEFAULT_DIRECT_POLICY: dict[str, bool] = {
    "student_to_teachers": True,  # verified teachers of the organisation
    "student_to_classmates": True,
    "parent_to_teachers": True,
    "parent_to_class_parents": True,  # parents of their children's classmates
    "parent_to_own_children": True,
    "student_to_staff": False,  # administrators, head, other staff
    "parent_to_staff": True,
}

DEFAULT_CHAT_SETTINGS: dict[str, Any] = {
    "who_may_post": "all",  # all | moderators
    "who_may_add": "moderators",  # all | moderators
    "members_may_invite": False,
    "join_approval": False,
    "slow_mode_seconds": 0,
    "reactions": True,
}


def direct_policy(org_settings: dict[str, Any]) -> dict[str, bool]:
    configured = org_settings.get("direct_policy") or {}
    policy = dict(DEFAULT_DIRECT_POLICY)
    for key, value in configured.items():
        if key in policy and isinstance(value, bool):
            policy[key] = value
    return policy


@dataclass(frozen=True)
class Person:
    """What the direct-message rules need to know about one side, inside one organisation."""

    account_id: str
    roles: frozenset[OrgRole]
    verified_staff: bool  # holds a verified admin/head/teacher/staff membership
    class_ids: frozenset[str] = frozenset()  # their class (students)
    children: frozenset[str] = frozenset()  # account ids of confirmed children (parents)
    children_class_ids: frozenset[str] = frozenset()


def may_start_direct(a: Person, b: Person, policy: dict[str, bool]) -> bool:
    """May `a` open a direct chat with `b`? Both are active members of the same organisation."""
    if a.account_id == b.account_id:
        return False
    if a.verified_staff:
        return True
    b_teacher = OrgRole.TEACHER in b.roles and b.verified_staff
    b_other_staff = b.verified_staff and not b_teacher
    if OrgRole.STUDENT in a.roles:
        if b_teacher and policy["student_to_teachers"]:
            return True
        if b_other_staff and policy["student_to_staff"]:
            return True
        classmates = OrgRole.STUDENT in b.roles and bool(a.class_ids & b.class_ids)
        if classmates and policy["student_to_classmates"]:
            return True
    if OrgRole.PARENT in a.roles:
        if b_teacher and policy["parent_to_teachers"]:
            return True
        if b_other_staff and policy["parent_to_staff"]:
            return True
        if b.account_id in a.children and policy["parent_to_own_children"]:
            return True
        same_class = OrgRole.PARENT in b.roles and bool(a.children_class_ids & b.children_class_ids)
        if same_class and policy["parent_to_class_parents"]:
            return True
    return False


def is_moderator(chat_role: str | None) -> bool:
    return chat_role in (ChatRole.OWNER, ChatRole.MODERATOR)


def may_post(chat_kind: str, settings: dict[str, Any], chat_role: str | None) -> bool:
    if chat_role is None:
        return False
    if chat_kind == "channel" or settings.get("who_may_post") == "moderators":
        return is_moderator(chat_role)
    return True


def slow_mode_wait(
    settings: dict[str, Any], chat_role: str, last_post_at: datetime | None, now: datetime
) -> int:
    """Seconds the member must still wait before posting (0 when they may post now)."""
    seconds = int(settings.get("slow_mode_seconds") or 0)
    if seconds <= 0 or is_moderator(chat_role) or last_post_at is None:
        return 0
    remaining = last_post_at + timedelta(seconds=seconds) - now
    return max(0, int(remaining.total_seconds() + 0.999))


def may_add_members(chat_kind: str, settings: dict[str, Any], chat_role: str | None) -> bool:
    if chat_kind in SYSTEM_KINDS or chat_kind == "direct" or chat_role is None:
        return False
    return is_moderator(chat_role) or settings.get("who_may_add") == "all"


def may_create_group(verified_staff: bool) -> bool:
    """Ad hoc groups are created by verified teachers and staff."""
    return verified_staff


def may_edit_message(is_author: bool) -> bool:
    return is_author


def may_delete_message(
    is_author: bool, chat_role: str | None, age: timedelta, edit_window: timedelta
) -> bool:
    """Authors within the organisation's window; moderators always."""
    if is_moderator(chat_role):
        return True
    return is_author and age <= edit_window


def may_mention_all(chat_role: str | None) -> bool:
    return is_moderator(chat_role)


# Chat invitation links -------------------------------------------------------------------


def may_create_invite(chat_kind: str, settings: dict[str, Any], chat_role: str | None) -> bool:
    """Moderators, or any member of a group whose settings let members invite. Never for
    direct chats; roster chats (class, parents', staff room, channel): moderators only."""
    if chat_kind == "direct" or chat_role is None:
        return False
    if is_moderator(chat_role):
        return True
    return chat_kind not in SYSTEM_KINDS and bool(settings.get("members_may_invite"))


def invite_state(
    *,
    revoked: bool,
    expires_at: datetime | None,
    max_uses: int | None,
    uses: int,
    creator_entitled: bool,
    now: datetime,
) -> str:
    """active, revoked, expired or exhausted (in that order of precedence).

    A link whose creator may no longer invite (left the chat, lost the moderator role, or
    members may no longer invite) counts as revoked: a link never outlives its author's right.
    """
    if revoked or not creator_entitled:
        return "revoked"
    if expires_at is not None and expires_at <= now:
        return "expired"
    if max_uses is not None and uses >= max_uses:
        return "exhausted"
    return "active"


def may_join_by_link(
    joiner: Person,
    chat_kind: str,
    *,
    creator: Person | None,
    run_by_staff: bool,
    policy: dict[str, bool],
) -> bool:
    """May `joiner` (an active member of the chat's organisation) use a link to this chat?

    - the staff room is for verified staff only; students never join a parents' chat;
    - a student joins only chats run by verified staff (a group whose owner is verified
      staff: a teacher's link), never a group a student or parent has taken over;
    - a link made by someone who is not verified staff admits only the people its creator
      could write to directly, the same rule as adding members by hand — so parents and
      students cannot pull anyone (above all, students) into a chat outside the rules.
    """
    if chat_kind == "direct" or creator is None:
        return False
    if chat_kind == "staff":
        return joiner.verified_staff
    if joiner.verified_staff:
        return True
    student = OrgRole.STUDENT in joiner.roles
    if student and (chat_kind == "class_parents" or not run_by_staff):
        return False
    if creator.verified_staff:
        return True
    return may_start_direct(creator, joiner, policy)


def join_needs_approval(settings: dict[str, Any], former_status: str | None) -> bool:
    """Approval when the chat asks for it, and always for someone who was removed from it
    (by a moderator or by the roster): a link must not undo a moderator's decision."""
    return bool(settings.get("join_approval")) or former_status == "removed"
