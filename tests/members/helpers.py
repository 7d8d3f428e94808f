"""Builders of the members tests: roster entries, parent links, a family in a class."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.members.parent_links import request_link
from parta.models import Account, Membership
from tests.builders import ClassInfo, OrgInfo, Person, make_class, make_member
from tests.harness import LiveServer


def make_pending(
    server: LiveServer,
    org_id: str,
    name: str,
    *,
    role: OrgRole = OrgRole.STUDENT,
    class_id: str | None = None,
) -> str:
    """An unclaimed roster entry (no account yet); returns its membership id."""

    async def _add(db: AsyncSession) -> str:
        m = Membership(
            org_id=org_id, role=role, status="pending", full_name=name, class_id=class_id
        )
        db.add(m)
        await db.flush()
        return m.id

    return server.db(_add)


def make_parent_link(
    server: LiveServer, org_id: str, parent_membership_id: str, student_membership_id: str
) -> str:
    """A pending parent–child link, through the service the invitations domain calls."""

    async def _link(db: AsyncSession) -> str:
        link = await request_link(db, org_id, parent_membership_id, student_membership_id)
        return link.id

    return server.db(_link)


def set_phone(server: LiveServer, account_id: str, phone: str) -> None:
    async def _set(db: AsyncSession) -> None:
        account = await db.get(Account, account_id)
        assert account is not None
        account.phone = phone

    server.db(_set)


def membership_status(server: LiveServer, membership_id: str) -> str:
    async def _get(db: AsyncSession) -> str:
        m = await db.get(Membership, membership_id)
        assert m is not None
        return m.status

    return server.db(_get)


@dataclass
class Family:
    school_class: ClassInfo
    class_teacher: Person
    student: Person
    parent: Person
    link_id: str


def make_family(server: LiveServer, org: OrgInfo, grade: int = 5, letter: str = "А") -> Family:
    """A class with its teacher, one student and the student's parent (link pending)."""
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    school_class = make_class(server, org.id, grade, letter, teacher=teacher)
    student = make_member(server, org.id, OrgRole.STUDENT, class_id=school_class.id)
    parent = make_member(server, org.id, OrgRole.PARENT)
    assert parent.membership_id and student.membership_id
    link_id = make_parent_link(server, org.id, parent.membership_id, student.membership_id)
    return Family(school_class, teacher, student, parent, link_id)
