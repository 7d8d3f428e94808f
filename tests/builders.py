"""Builders: create test data by calling the real services on the live server's database."""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, replace

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
    # Two-factor authentication on (operators always): sign-in takes a code as well.
    totp: bool = False

    def client(self, server: LiveServer) -> Api:
        api = Api(server.url)
        if not self.totp:
            api.sign_in(self.email, self.password)
            return api
        body = {"login": self.email, "password": self.password, "transport": "token"}
        r = api.post("/auth/sign-in", json=body)
        assert r.status_code == 401 and r.json()["error"]["code"] == "totp_required", r.text
        second = {
            "challenge": r.json()["error"]["fields"]["challenge"],
            "code": totp_code(server, self.account_id),
            "transport": "token",
        }
        r = api.post("/auth/sign-in/totp", json=second)
        assert r.status_code == 200, r.text
        api.headers["Authorization"] = f"Bearer {r.json()['token']}"
        return api


def totp_code(server: LiveServer, account_id: str) -> str:
    """A code the server accepts now: the earliest time step in its window not used yet
    (a code works once), waiting for the next step when all of them are used."""
    from parta.auth import totp

    async def _salt_and_step(db: AsyncSession) -> tuple[str, int]:
        factor = await totp.factor_of(db, account_id)
        assert factor is not None and factor.confirmed_at is not None
        return factor.salt, factor.last_step

    salt, last = server.db(_salt_and_step)
    while True:
        now = totp.current_step()
        step = max(now - totp.DRIFT_STEPS, last + 1)
        if step <= now + totp.DRIFT_STEPS:
            return totp.code_at(account_id, salt, step)
        time.sleep(0.5)


@dataclass
class OrgInfo:
    id: str
    name: str
    admin: Person


def make_person(
    server: LiveServer,
    name: str | None = None,
    *,
    operator: bool = False,
    totp: bool | None = None,
) -> Person:
    """An account; operators get two-factor authentication (the console requires it)."""
    from parta.auth.totp import enrol_directly

    name = name or unique("Person ")
    email = unique("user") + "@example.org"
    with_totp = operator if totp is None else totp

    async def _make(db: AsyncSession) -> Account:
        account = await create_account(
            db, display_name=name, password=PASSWORD, email=email, email_verified=True
        )
        account.is_operator = operator
        if with_totp:
            await enrol_directly(db, account)
        return account

    account = server.db(_make)
    return Person(account_id=account.id, email=email, password=PASSWORD, name=name, totp=with_totp)


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
    return replace(person, membership_id=membership.id)


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
