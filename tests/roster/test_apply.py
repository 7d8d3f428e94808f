"""Applying a roster: pending students, invitations, new classes, links file, parents' mail."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import timedelta
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.invites.links import invitation_url
from parta.kit.clock import utcnow
from parta.models import AuditEvent, Invitation, Membership, SchoolClass
from tests.builders import OrgInfo, make_class, make_org
from tests.harness import LiveServer, body_of
from tests.roster.helpers import HEADER_RU, csv_bytes, ensure_year, upload

ROSTER = [
    HEADER_RU,
    ["5А", "Иванов Иван", "mama.ivanova@example.org", "papa.ivanov@example.org"],
    ["5 а", "Петрова Мария", "", ""],
    ["6Б", "Сидоров Пётр", "sidorova@example.org", ""],
    ["6Б", "", "", ""],  # an error row
]


def _preview(server: LiveServer, org: OrgInfo, table: list[list[str]] = ROSTER) -> str:
    with closing(org.admin.client(server)) as api:
        r = upload(api, org.id, csv_bytes(table))
        assert r.status_code == 201, r.text
        return str(r.json()["id"])


def _apply(server: LiveServer, org: OrgInfo, rid: str, **body: Any) -> dict[str, Any]:
    with closing(org.admin.client(server)) as api:
        r = api.post(f"/orgs/{org.id}/roster-imports/{rid}/apply", json=body or None)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result


def _students(server: LiveServer, org_id: str) -> list[Membership]:
    async def _go(db: AsyncSession) -> list[Membership]:
        stmt = sa.select(Membership).where(
            Membership.org_id == org_id, Membership.role == "student"
        )
        return list((await db.execute(stmt.order_by(Membership.full_name))).scalars())

    return server.db(_go)


def _invitations(server: LiveServer, org_id: str) -> list[Invitation]:
    async def _go(db: AsyncSession) -> list[Invitation]:
        stmt = sa.select(Invitation).where(Invitation.org_id == org_id)
        return list((await db.execute(stmt)).scalars())

    return server.db(_go)


def test_apply_creates_pending_students_invitations_and_classes(
    server: LiveServer, org: OrgInfo
) -> None:
    existing = make_class(server, org.id, 5, "А")
    rid = _preview(server, org)
    body = _apply(server, org, rid)
    assert body["status"] == "applied" and body["applied_at"]
    result = body["result"]
    assert (result["created"], result["skipped"], result["failed"]) == (3, 0, 1)
    assert result["created_classes"] == ["6Б"]
    assert result["notified_parents"] == 0
    outcomes = {o["row"]: o for o in result["rows"]}
    assert outcomes[5]["outcome"] == "failed"
    assert outcomes[5]["code"] == "row_invalid"
    assert "name is missing" in outcomes[5]["message"]
    assert outcomes[2]["code"] == "" and outcomes[2]["params"] == {}
    assert body["summary"]["new_classes"] == []

    async def _classes(db: AsyncSession) -> dict[str, str]:
        stmt = sa.select(SchoolClass).where(SchoolClass.org_id == org.id)
        return {c.label: c.id for c in (await db.execute(stmt)).scalars()}

    classes = server.db(_classes)
    assert set(classes) == {"5А", "6Б"} and classes["5А"] == existing.id

    students = {m.full_name: m for m in _students(server, org.id)}
    assert set(students) == {"Иванов Иван", "Петрова Мария", "Сидоров Пётр"}
    for m in students.values():
        assert (m.status, m.account_id, m.contact_email) == ("pending", None, None)
    assert students["Петрова Мария"].class_id == existing.id
    assert students["Сидоров Пётр"].class_id == classes["6Б"]

    invitations = _invitations(server, org.id)
    personal = {i.membership_id: i for i in invitations if i.kind == "personal"}
    parent = {i.student_membership_id: i for i in invitations if i.kind == "parent"}
    assert len(personal) == 3 and len(parent) == 2
    soon = utcnow() + timedelta(days=30)
    for m in students.values():
        inv = personal[m.id]
        assert (inv.role, inv.max_uses, inv.class_id) == ("student", 1, m.class_id)
        assert inv.expires_at is not None and abs(inv.expires_at - soon) < timedelta(minutes=5)
        assert outcomes_for(result, m.id)["student_invitation_id"] == inv.id
    assert students["Петрова Мария"].id not in parent
    inv = parent[students["Иванов Иван"].id]
    assert (inv.role, inv.max_uses, inv.membership_id) == ("parent", 2, None)

    async def _audit(db: AsyncSession) -> AuditEvent:
        stmt = sa.select(AuditEvent).where(
            AuditEvent.action == "roster.applied", AuditEvent.target_id == rid
        )
        return (await db.execute(stmt)).scalar_one()

    event = server.db(_audit)
    assert event.data["created"] == 3 and event.data["failed"] == 1
    assert event.actor_id == org.admin.account_id


def subject_of(msg: Message) -> str:
    return str(make_header(decode_header(str(msg["Subject"]))))


def outcomes_for(result: dict[str, Any], membership_id: str) -> dict[str, Any]:
    return next(o for o in result["rows"] if o["membership_id"] == membership_id)


def test_links_csv(server: LiveServer, org: OrgInfo) -> None:
    ensure_year(server, org.id)
    rid = _preview(server, org, [*ROSTER, ["6Б", "=HYPERLINK(1)", "", ""]])
    with closing(org.admin.client(server)) as api:
        r = api.get(f"/orgs/{org.id}/roster-imports/{rid}/links.csv")
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "not_applied"
    _apply(server, org, rid, notify_parents=False)
    with closing(org.admin.client(server)) as api:
        r = api.get(f"/orgs/{org.id}/roster-imports/{rid}/links.csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == f'attachment; filename="roster-links-{rid}.csv"'
    assert r.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(r.content[3:].decode("utf-8")), delimiter=";"))
    assert lines[0] == ["Класс", "Ученик", "Ссылка ученика", "Ссылка родителя", "E-mail родителей"]
    by_name = {line[1]: line for line in lines[1:]}
    assert set(by_name) == {"Иванов Иван", "Петрова Мария", "Сидоров Пётр", "'=HYPERLINK(1)"}

    invitations = _invitations(server, org.id)
    students = {m.full_name: m for m in _students(server, org.id)}
    ivanov = students["Иванов Иван"]
    personal = next(i for i in invitations if i.membership_id == ivanov.id)
    parent = next(i for i in invitations if i.student_membership_id == ivanov.id)
    assert by_name["Иванов Иван"] == [
        "5А",
        "Иванов Иван",
        invitation_url(personal),
        invitation_url(parent),
        "mama.ivanova@example.org, papa.ivanov@example.org",
    ]
    assert by_name["Петрова Мария"][3:] == ["", ""]
    assert by_name["Петрова Мария"][2].startswith(f"{server.url}/invite/")


def test_apply_twice_is_409_and_existing_students_are_skipped(
    server: LiveServer, org: OrgInfo
) -> None:
    ensure_year(server, org.id)
    rid = _preview(server, org)
    _apply(server, org, rid)
    with closing(org.admin.client(server)) as api:
        r = api.post(f"/orgs/{org.id}/roster-imports/{rid}/apply", json={})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "already_applied"
    again = _preview(server, org, [*ROSTER, ["5А", "Новиков Антон", "", ""]])
    result = _apply(server, org, again)["result"]
    assert (result["created"], result["skipped"], result["failed"]) == (1, 3, 1)
    skipped = [o for o in result["rows"] if o["outcome"] == "skipped"]
    assert {o["message"] for o in skipped} == {"already exists"}
    assert {o["code"] for o in skipped} == {"already_exists"}
    assert len(_students(server, org.id)) == 4


def test_missing_classes_not_created_when_told_not_to(server: LiveServer, org: OrgInfo) -> None:
    make_class(server, org.id, 5, "А")
    rid = _preview(server, org)
    result = _apply(server, org, rid, create_missing_classes=False)["result"]
    assert (result["created"], result["failed"]) == (2, 2)
    failed = {o["row"]: o["message"] for o in result["rows"] if o["outcome"] == "failed"}
    assert failed[4] == "The class 6Б does not exist in the current year."
    (missing,) = [o for o in result["rows"] if o["row"] == 4]
    assert (missing["code"], missing["params"]) == ("class_not_in_year", {"class_label": "6Б"})
    assert result["created_classes"] == []


def test_no_current_year_is_409(server: LiveServer, org: OrgInfo) -> None:
    rid = _preview(server, org)
    with closing(org.admin.client(server)) as api:
        r = api.post(f"/orgs/{org.id}/roster-imports/{rid}/apply")
        assert r.status_code == 409
        err = r.json()["error"]
        assert err["code"] == "no_current_year"
        assert "academic year" in err["message"]
        assert api.get(f"/orgs/{org.id}/roster-imports/{rid}").json()["status"] == "preview"
    assert _students(server, org.id) == []


def test_notify_parents_sends_real_mail(server: LiveServer) -> None:
    org = make_org(server, "Гимназия №1")
    ensure_year(server, org.id)
    rid = _preview(server, org)
    result = _apply(server, org, rid, notify_parents=True)["result"]
    assert result["notified_parents"] == 3

    invitations = _invitations(server, org.id)
    students = {m.full_name: m for m in _students(server, org.id)}
    ivanov_link = invitation_url(
        next(i for i in invitations if i.student_membership_id == students["Иванов Иван"].id)
    )
    for to in ("mama.ivanova@example.org", "papa.ivanov@example.org"):
        msg = server.mailbox.wait_for(to)
        assert subject_of(msg) == "Приглашение в Парту: Гимназия №1"
        text = body_of(msg)
        assert ivanov_link in text
        assert "Иванов Иван" in text
        assert "Гимназия №1" in text
        assert org.admin.name in text
        assert "действует до" in text
        assert server.mailbox.count(to) == 1
    sidorova = body_of(server.mailbox.wait_for("sidorova@example.org"))
    assert "Сидоров Пётр" in sidorova and ivanov_link not in sidorova


def test_concurrent_applies_create_once(server: LiveServer, org: OrgInfo) -> None:
    ensure_year(server, org.id)
    rid = _preview(server, org)
    apis = [org.admin.client(server) for _ in range(3)]
    url = f"/orgs/{org.id}/roster-imports/{rid}/apply"
    with ThreadPoolExecutor(len(apis)) as pool:
        statuses = sorted(pool.map(lambda api: api.post(url).status_code, apis))
    for api in apis:
        api.close()
    assert statuses == [200, 409, 409]
    assert len(_students(server, org.id)) == 3


def test_member_listings_never_show_parent_emails(server: LiveServer, org: OrgInfo) -> None:
    ensure_year(server, org.id)
    _apply(server, org, _preview(server, org))
    with closing(org.admin.client(server)) as api:
        r = api.get(f"/orgs/{org.id}/members", params={"status": "pending", "limit": 50})
        assert r.status_code == 200, r.text
        names = {m["name"] for m in r.json()["items"]}
        assert names == {"Иванов Иван", "Петрова Мария", "Сидоров Пётр"}
        assert "@example.org" not in r.text
