"""Builders: create test data by calling the real services on the live server's database."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.accounts import create_account
from parta.auth.roles import OrgRole
from parta.members.service import add_membership
from parta.models import Account, Membership, Org
from parta.orgs.service import create_org
from tests.harness import Api, LiveServer

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def unique(prefix: str) -> str:
    # Letters only after the counter, so no test text ever contains a stray 6-digit "code".
    tail = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(6))
    return f"{prefix}{next(_seq)}-{tail}"


@dataclass
class Person:
    account_id: str
    email: str
    password: str
    name: str
    membership_id: str | None = None

    def client(self, server: LiveServer) -> Api:
        api = Api(server.url)
        api.sign_in(self.email, self.password)
        return api


@dataclass
class OrgInfo:
    id: str
    name: str
    admin: Person


def make_person(server: LiveServer, name: str | None = None, *, operator: bool = False) -> Person:
    name = name or unique("Person ")
    email = unique("user") + "@example.org"

    async def _make(db: AsyncSession) -> Account:
        account = await create_account(
            db, display_name=name, password=PASSWORD, email=email, email_verified=True
        )
        account.is_operator = operator
        return account

    account = server.db(_make)
    return Person(account_id=account.id, email=email, password=PASSWORD, name=name)


def make_member(
    server: LiveServer,
    org_id: str,
    role: OrgRole | str,
    *,
    verified: bool = True,
    class_id: str | None = None,
    person: Person | None = None,
) -> Person:
    """A person with an active membership of `role` (staff verified unless told otherwise)."""
    person = person or make_person(server, unique(f"{role} "))

    async def _add(db: AsyncSession) -> Membership:
        account = await db.get(Account, person.account_id)
        assert account is not None
        return await add_membership(
            db,
            org_id=org_id,
            account=account,
            role=OrgRole(role),
            class_id=class_id,
            verified_by=person.account_id if verified else None,
        )

    membership = server.db(_add)
    return Person(person.account_id, person.email, person.password, person.name, membership.id)


def make_org(server: LiveServer, name: str | None = None) -> OrgInfo:
    """An approved organisation with one administrator."""
    name = name or unique("School №")

    async def _create(db: AsyncSession) -> Org:
        return await create_org(db, name=name, kind="school", region="Test region")

    org = server.db(_create)
    admin = make_member(server, org.id, OrgRole.ADMIN)
    return OrgInfo(id=org.id, name=name, admin=admin)


@dataclass
class ClassInfo:
    id: str
    label: str
    year_id: str


def make_class(
    server: LiveServer, org_id: str, grade: int, letter: str, *, teacher: Person | None = None
) -> ClassInfo:
    """A class in the organisation's current academic year (created if there is none)."""
    from datetime import date

    from parta.structure.service import create_academic_year, create_class, current_year

    async def _make(db: AsyncSession) -> ClassInfo:
        year = await current_year(db, org_id)
        if year is None:
            year = await create_academic_year(
                db, org_id, starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
            )
        c = await create_class(
            db,
            org_id,
            year,
            grade=grade,
            letter=letter,
            class_teacher_id=teacher.membership_id if teacher else None,
        )
        return ClassInfo(id=c.id, label=c.label, year_id=year.id)

    return server.db(_make)
