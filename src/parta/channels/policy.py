"""Who may do what in channels: pure functions over plain values, tested table by table.

- Posting follows the chat rules (`chats.policy.may_post`: moderators of a channel).
- Comments are open under a post when the channel allows them (`settings["comments"]`,
  off unless a moderator turns it on: the safe default for a school) and the post's author
  has not closed them; any member may then write, while the channel is not archived.
- Who belongs to an administrator's channel is `audience_role` of the person's roster facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from parta.auth.roles import OrgRole
from parta.chats.policy import Person, is_moderator

MAX_CLASSES = 200
MAX_POSTERS = 50


def comments_on(settings: dict[str, Any]) -> bool:
    """The channel's own switch (moderators): comments under its posts at all."""
    return bool(settings.get("comments", False))


def comments_open(settings: dict[str, Any], post_enabled: bool) -> bool:
    """Comments are shown and may be written under this post."""
    return comments_on(settings) and post_enabled


def may_comment(
    settings: dict[str, Any], post_enabled: bool, archived: bool, chat_role: str | None
) -> bool:
    return chat_role is not None and not archived and comments_open(settings, post_enabled)


def may_switch_post_comments(is_author: bool, chat_role: str | None) -> bool:
    """The post's author, or a moderator, opens or closes its comments."""
    return is_author or is_moderator(chat_role)


def may_delete_comment(
    is_author: bool, chat_role: str | None, age: timedelta, edit_window: timedelta
) -> bool:
    """Moderators always; authors within the organisation's edit window (as messages)."""
    if is_moderator(chat_role):
        return True
    return is_author and age <= edit_window


@dataclass(frozen=True)
class Audience:
    """An administrator's channel: for whom, and who posts besides administrators."""

    everyone: bool = False
    staff: bool = False
    students: bool = False
    parents: bool = False
    class_ids: frozenset[str] = frozenset()
    poster_ids: frozenset[str] = frozenset()

    def is_empty(self) -> bool:
        return not (self.everyone or self.staff or self.students or self.parents or self.class_ids)


def audience_role(a: Audience, p: Person, taught_class_ids: frozenset[str]) -> str | None:
    """The person's role in the channel (`moderator`, `member`) or None when they are not in
    its audience. `p` is an active member of the organisation; `taught_class_ids` are the
    classes whose class teacher they are.

    Administrators always moderate (they run every channel); chosen posters moderate while
    they are verified staff. Chosen classes narrow students and parents to those classes;
    with classes and neither students nor parents ticked, both are meant. The class teachers
    of chosen classes are in it too.
    """
    if OrgRole.ADMIN in p.roles:
        return "moderator"
    if p.account_id in a.poster_ids and p.verified_staff:
        return "moderator"
    if a.everyone:
        return "member"
    if a.staff and p.verified_staff:
        return "member"
    if a.class_ids:
        either = not a.students and not a.parents
        if (a.students or either) and OrgRole.STUDENT in p.roles and p.class_ids & a.class_ids:
            return "member"
        parent = OrgRole.PARENT in p.roles
        if (a.parents or either) and parent and p.children_class_ids & a.class_ids:
            return "member"
        if p.verified_staff and taught_class_ids & a.class_ids:
            return "member"
        return None
    if a.students and OrgRole.STUDENT in p.roles:
        return "member"
    if a.parents and OrgRole.PARENT in p.roles:
        return "member"
    return None
