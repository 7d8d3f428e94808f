"""Who may see and change a library: pure rules over plain facts (table-driven tests).

- the organisation's library: every active member reads; administrators (and a verified
  head) add and manage;
- a class's library: its students, their confirmed parents and the organisation's verified
  staff read; verified teachers add (Parta has no timetable, so any verified teacher may
  teach the class); the class teacher and administrators manage everything in it;
- a group's library: its members and its lead read; verified staff members of the group
  and the lead add; the lead and administrators manage. Administrators read every group.

"Manage" is editing, moving and deleting anyone's items; whoever may add may also edit,
move and delete what they added themselves. Archived classes and groups are read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

PLACES = ("org", "class", "group")
MAX_FOLDER_DEPTH = 5  # folders nest at most five levels deep
MAX_ITEMS_PER_FOLDER = 500  # so one listing is always one page


@dataclass(frozen=True)
class Viewer:
    """What the rules need to know about the person, inside one organisation."""

    account_id: str
    admin: bool  # an administrator, or a verified head
    verified_staff: bool
    verified_teacher: bool
    staff_membership_ids: frozenset[str]  # memberships with verified staff rights
    class_ids: frozenset[str]  # classes the person is a student of
    children_class_ids: frozenset[str]  # classes of their confirmed children
    group_ids: frozenset[str]  # groups any of their memberships belongs to
    staff_group_ids: frozenset[str]  # groups one of their verified staff memberships is in


@dataclass(frozen=True)
class PlaceFacts:
    kind: str  # org | class | group
    id: str
    archived: bool = False
    class_teacher_id: str | None = None  # membership id
    lead_id: str | None = None  # membership id


@dataclass(frozen=True)
class Access:
    read: bool
    add: bool
    manage: bool


NONE = Access(read=False, add=False, manage=False)


def access(v: Viewer, p: PlaceFacts) -> Access:
    """What the viewer may do in the place's library."""
    if p.kind == "org":
        read, add, manage = True, v.admin, v.admin
    elif p.kind == "class":
        curator = p.class_teacher_id is not None and p.class_teacher_id in v.staff_membership_ids
        read = v.verified_staff or v.admin or p.id in v.class_ids or p.id in v.children_class_ids
        manage = v.admin or curator
        add = manage or v.verified_teacher
    elif p.kind == "group":
        lead = p.lead_id is not None and p.lead_id in v.staff_membership_ids
        read = v.admin or lead or p.id in v.group_ids
        manage = v.admin or lead
        add = manage or p.id in v.staff_group_ids
    else:
        return NONE
    if not read:
        return NONE
    if p.archived:
        return Access(read=True, add=False, manage=False)
    return Access(read=True, add=add, manage=manage)


def may_change(a: Access, *, is_author: bool) -> bool:
    """Rename, move or delete one item: managers any item, contributors their own."""
    return a.manage or (a.add and is_author)
