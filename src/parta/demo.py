"""`parta demo`: a demo school with classes, staff, students and parents.

Safe to run again: an existing demo organisation is reused and no password is changed unless
`--reset-passwords` is given. Passwords are printed only when they are set.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

import parta.chats.roster_sync  # noqa: F401  (roster chats follow the demo roster)
from parta.auth.accounts import create_account
from parta.auth.deps import Actor, OrgContext
from parta.auth.passwords import hash_password
from parta.auth.roles import OrgRole
from parta.config import get_settings
from parta.db import commit_and_run_hooks, make_engine, make_sessionmaker, transaction
from parta.kit.clock import utcnow
from parta.members.service import add_membership
from parta.messages.service import send_message
from parta.models import Account, AuthSession, Chat, Membership, Org, ParentLink, SchoolClass
from parta.orgs.service import create_org
from parta.structure.service import create_academic_year, create_class

DEMO_INN = "7707083893"
DOMAIN = "demo.example.org"


@dataclass(frozen=True)
class DemoPerson:
    key: str  # login local part / username
    name: str
    role: OrgRole | None  # None: the platform operator
    class_label: str = ""
    username_login: bool = False  # primary-grade students sign in with a login


STAFF = [
    DemoPerson("operator", "Оператор платформы", None),
    DemoPerson("admin", "Ольга Сергеевна Админова", OrgRole.ADMIN),
    DemoPerson("director", "Виктор Павлович Директоров", OrgRole.HEAD),
    DemoPerson("teacher.math", "Анна Ивановна Петрова", OrgRole.TEACHER, "5А"),
    DemoPerson("teacher.russian", "Мария Николаевна Смирнова", OrgRole.TEACHER, "5Б"),
    DemoPerson("teacher.primary", "Елена Викторовна Кузнецова", OrgRole.TEACHER, "1А"),
    DemoPerson("teacher.physics", "Игорь Олегович Соколов", OrgRole.TEACHER, "9А"),
    DemoPerson("psychologist", "Наталья Андреевна Морозова", OrgRole.STAFF),
]
STUDENTS = [
    DemoPerson("masha.ivanova", "Маша Иванова", OrgRole.STUDENT, "1А", username_login=True),
    DemoPerson("petya.sidorov", "Петя Сидоров", OrgRole.STUDENT, "1А", username_login=True),
    DemoPerson("student.alexey", "Алексей Иванов", OrgRole.STUDENT, "5А"),
    DemoPerson("student.daria", "Дарья Павлова", OrgRole.STUDENT, "5А"),
    DemoPerson("student.timur", "Тимур Ахметов", OrgRole.STUDENT, "5Б"),
    DemoPerson("student.sofia", "София Волкова", OrgRole.STUDENT, "9А"),
]
# parent key -> (name, children keys)
PARENTS = {
    "parent.ivanova": ("Ирина Иванова", ["masha.ivanova", "student.alexey"]),
    "parent.sidorov": ("Сергей Сидоров", ["petya.sidorov"]),
    "parent.pavlova": ("Татьяна Павлова", ["student.daria"]),
    "parent.akhmetov": ("Руслан Ахметов", ["student.timur"]),
    "parent.volkova": ("Анна Волкова", ["student.sofia"]),
}
CLASSES = ["1А", "5А", "5Б", "9А"]


def _password() -> str:
    return "-".join(secrets.token_urlsafe(4) for _ in range(3))


def _email(key: str) -> str:
    return f"{key}@{DOMAIN}"


async def _find_account(db: AsyncSession, person: DemoPerson) -> Account | None:
    if person.username_login:
        stmt = sa.select(Account).where(Account.username == person.key.replace(".", "_"))
    else:
        stmt = sa.select(Account).where(Account.email == _email(person.key))
    return (await db.execute(stmt)).scalar_one_or_none()


async def _build(db: AsyncSession, printed: list[tuple[str, str, str]]) -> Org:
    org = await create_org(
        db,
        name="Школа № 1 (демо)",
        kind="school",
        region="Демо-регион",
        address="ул. Школьная, 1",
        inn=DEMO_INN,
    )
    year = await create_academic_year(
        db, org.id, starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    classes = {}
    for label in CLASSES:
        classes[label] = await create_class(
            db, org.id, year, grade=int(label[:-1]), letter=label[-1]
        )
    members: dict[str, Membership] = {}
    operator_id = None
    for person in STAFF + STUDENTS:
        password = _password()
        account = await create_account(
            db,
            display_name=person.name,
            password=password,
            email=None if person.username_login else _email(person.key),
            username=person.key.replace(".", "_") if person.username_login else None,
            email_verified=True,
        )
        if person.username_login:
            account.guardian_email = _email("parent." + person.key.split(".")[1])
        login = account.username or account.email or ""
        printed.append((person.name, login, password))
        if person.role is None:
            account.is_operator = True
            operator_id = account.id
            continue
        school_class = classes.get(person.class_label)
        m = await add_membership(
            db,
            org_id=org.id,
            account=account,
            role=person.role,
            class_id=school_class.id if school_class and person.role == OrgRole.STUDENT else None,
            verified_by=operator_id,
        )
        members[person.key] = m
        if person.role == OrgRole.TEACHER and school_class is not None:
            school_class.class_teacher_id = m.id
    for key, (name, children) in PARENTS.items():
        password = _password()
        account = await create_account(
            db, display_name=name, password=password, email=_email(key), email_verified=True
        )
        printed.append((name, account.email or "", password))
        m = await add_membership(db, org_id=org.id, account=account, role=OrgRole.PARENT)
        for child in children:
            db.add(
                ParentLink(
                    org_id=org.id,
                    parent_membership_id=m.id,
                    student_membership_id=members[child].id,
                    status="confirmed",
                    decided_by=members["admin"].account_id,
                    decided_at=utcnow(),
                )
            )
    await db.flush()
    return org


# A few first messages so that the demo does not open on empty chats.
DEMO_MESSAGES = [
    ("channel", "admin", "Добро пожаловать в Парту! Здесь школа публикует новости и объявления."),
    (
        "class:5А",
        "teacher.math",
        "Доброе утро, 5А! Завтра **контрольная** по математике: повторите дроби.",
    ),
    ("class:5А", "student.alexey", "Анна Ивановна, а учебник брать?"),
    ("class:5А", "teacher.math", "Да, и тетрадь для контрольных работ."),
    ("staff", "director", "Коллеги, педсовет в четверг в 15:00 в актовом зале."),
]


async def _seed_messages(db: AsyncSession, org: Org) -> None:
    """Post the demo messages through the real message service, as their authors."""
    chats = {
        c.unique_key: c
        for c in (await db.execute(sa.select(Chat).where(Chat.org_id == org.id))).scalars()
    }
    by_label = {
        f"class:{c.label}": f"class:{c.id}"
        for c in (
            await db.execute(sa.select(SchoolClass).where(SchoolClass.org_id == org.id))
        ).scalars()
    }
    for where, author_key, body in DEMO_MESSAGES:
        key = by_label.get(where) or f"{where}:{org.id}"
        chat = chats.get(key)
        account = (
            await db.execute(sa.select(Account).where(Account.email == _email(author_key)))
        ).scalar_one()
        if chat is None:
            continue
        memberships = list(
            (
                await db.execute(
                    sa.select(Membership).where(
                        Membership.org_id == org.id,
                        Membership.account_id == account.id,
                        Membership.status == "active",
                    )
                )
            ).scalars()
        )
        # The demo acts as the author without a signed-in session.
        ctx = OrgContext(
            actor=Actor(account=account, session=AuthSession(id="demo"), via_cookie=False),
            org=org,
            memberships=memberships,
        )
        await send_message(db, ctx, chat.id, client_id=f"demo-{len(body)}-{author_key}", body=body)


async def _reset_passwords(db: AsyncSession, printed: list[tuple[str, str, str]]) -> None:
    people = [*STAFF, *STUDENTS] + [
        DemoPerson(k, n, OrgRole.PARENT) for k, (n, _) in PARENTS.items()
    ]
    for person in people:
        account = await _find_account(db, person)
        if account is None:
            continue
        password = _password()
        account.password_hash = await hash_password(password)
        printed.append((account.display_name, account.username or account.email or "", password))


async def run_demo(*, reset_passwords: bool = False) -> int:
    """Create (or find) the demo organisation and print the accounts."""
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url())
    printed: list[tuple[str, str, str]] = []
    try:
        async with transaction(make_sessionmaker(engine)) as db:
            existing = (
                await db.execute(sa.select(Org).where(Org.inn == DEMO_INN))
            ).scalar_one_or_none()
            if existing is None:
                org = await _build(db, printed)
                await commit_and_run_hooks(db)  # the roster chats exist after this commit
                await _seed_messages(db, org)
                print("Demo organisation «Школа № 1 (демо)» created.")
            elif reset_passwords:
                await _reset_passwords(db, printed)
                print("Demo passwords reset.")
            else:
                print(
                    "The demo organisation exists; its passwords were printed when it was made.\n"
                    "Run `.venv/bin/parta demo --reset-passwords` to set and print new ones."
                )
    finally:
        await engine.dispose()
    if printed:
        width = max(len(login) for _, login, _ in printed)
        print("\nSign in at", settings.public_base_url, "with (shown only now):\n")
        for name, login, password in printed:
            print(f"  {login.ljust(width)}  {password}   {name}")
        print()
    return 0
