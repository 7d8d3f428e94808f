"""The library rules, table by table (parta.materials.policy)."""

from __future__ import annotations

import pytest

from parta.materials.policy import Access, PlaceFacts, Viewer, access, may_change

E: frozenset[str] = frozenset()


def viewer(**over: object) -> Viewer:
    base: dict[str, object] = {
        "account_id": "me",
        "admin": False,
        "verified_staff": False,
        "verified_teacher": False,
        "staff_membership_ids": E,
        "class_ids": E,
        "children_class_ids": E,
        "group_ids": E,
        "staff_group_ids": E,
    }
    base.update(over)
    return Viewer(**base)  # type: ignore[arg-type]


STUDENT = viewer(class_ids=frozenset({"c1"}))
PARENT = viewer(children_class_ids=frozenset({"c1"}))
TEACHER = viewer(
    verified_staff=True, verified_teacher=True, staff_membership_ids=frozenset({"m-t"})
)
STAFF = viewer(verified_staff=True, staff_membership_ids=frozenset({"m-s"}))
ADMIN = viewer(admin=True, verified_staff=True, staff_membership_ids=frozenset({"m-a"}))
GROUP_STUDENT = viewer(group_ids=frozenset({"g1"}))
GROUP_TEACHER = viewer(
    verified_staff=True,
    verified_teacher=True,
    staff_membership_ids=frozenset({"m-g"}),
    group_ids=frozenset({"g1"}),
    staff_group_ids=frozenset({"g1"}),
)
NOBODY = viewer()

ORG = PlaceFacts("org", "o1")
CLASS = PlaceFacts("class", "c1", class_teacher_id="m-t")
OTHER_CLASS = PlaceFacts("class", "c2", class_teacher_id="m-x")
GROUP = PlaceFacts("group", "g1", lead_id="m-l")
LED_GROUP = PlaceFacts("group", "g1", lead_id="m-t")
ARCHIVED = PlaceFacts("class", "c1", archived=True, class_teacher_id="m-t")

R, RA, RAM = Access(True, False, False), Access(True, True, False), Access(True, True, True)
NO = Access(False, False, False)


@pytest.mark.parametrize(
    ("who", "place", "expected"),
    [
        (NOBODY, ORG, R),
        (TEACHER, ORG, R),
        (ADMIN, ORG, RAM),
        (STUDENT, CLASS, R),
        (PARENT, CLASS, R),
        (STUDENT, OTHER_CLASS, NO),
        (PARENT, OTHER_CLASS, NO),
        (TEACHER, CLASS, RAM),  # the class teacher
        (TEACHER, OTHER_CLASS, RA),  # any verified teacher adds
        (STAFF, CLASS, R),
        (ADMIN, OTHER_CLASS, RAM),
        (NOBODY, CLASS, NO),
        (GROUP_STUDENT, GROUP, R),
        (GROUP_TEACHER, GROUP, RA),
        (TEACHER, GROUP, NO),  # not in the group
        (TEACHER, LED_GROUP, RAM),  # its lead
        (STUDENT, GROUP, NO),
        (ADMIN, GROUP, RAM),
        (TEACHER, ARCHIVED, R),
        (STUDENT, ARCHIVED, R),
        (NOBODY, PlaceFacts("school", "x"), NO),
    ],
)
def test_access(who: Viewer, place: PlaceFacts, expected: Access) -> None:
    assert access(who, place) == expected


def test_contributors_change_only_their_own() -> None:
    assert may_change(RA, is_author=True) and not may_change(RA, is_author=False)
    assert may_change(RAM, is_author=False)
    assert not may_change(R, is_author=True)
