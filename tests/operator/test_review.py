"""Reviewing applications: the queue, the document, approval (new and existing accounts),
rejection, and answers to everyone who is not an operator."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Account, AuditEvent, Membership, Org, OrgApplication
from tests.builders import OrgInfo, make_person
from tests.harness import Api, LiveServer, body_of
from tests.operator.helpers import (
    application_fields,
    code_from,
    operator,
    orgs_with_inn,
    pdf_bytes,
    submit,
)


def _admin_state(server: LiveServer, email: str, inn: str) -> tuple[Account, Org, list[Membership]]:
    async def _load(db: AsyncSession) -> tuple[Account, Org, list[Membership]]:
        account = (await db.execute(sa.select(Account).where(Account.email == email))).scalar_one()
        org = (await db.execute(sa.select(Org).where(Org.inn == inn))).scalar_one()
        members = (
            await db.execute(sa.select(Membership).where(Membership.org_id == org.id))
        ).scalars()
        return account, org, list(members)

    return server.db(_load)


def test_full_flow_new_administrator(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    fields = application_fields()
    document = pdf_bytes()
    app_id = submit(anon, fields, ("Устав школы.pdf", document, "application/pdf")).json()["id"]

    queue = op.get("/operator/applications", params={"limit": 200}).json()["items"]
    ids = [a["id"] for a in queue]
    assert app_id in ids
    assert ids == sorted(ids)  # oldest first

    detail = op.get(f"/operator/applications/{app_id}").json()
    assert detail["admin_email"] == fields["admin_email"]
    assert detail["inn"] == fields["inn"]
    assert detail["questionnaire"] == {"students": 840, "website": "https://school.example.org"}
    assert detail["document"]["mime"] == "application/pdf"
    assert detail["document"]["size"] == len(document)
    assert detail["document"]["original_name"] == "Устав школы.pdf"

    r = op.get(f"/operator/applications/{app_id}/document")
    assert r.status_code == 200
    assert r.content == document
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"] == "sandbox"
    assert r.headers["content-disposition"].startswith("inline; ")
    assert "filename*=UTF-8''%D0%A3%D1%81%D1%82%D0%B0%D0%B2" in r.headers["content-disposition"]

    assert orgs_with_inn(server, fields["inn"]) == 0
    r = op.post(f"/operator/applications/{app_id}/approve")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved"
    org_id = r.json()["org_id"]
    assert orgs_with_inn(server, fields["inn"]) == 1

    mail = server.mailbox.wait_for(fields["admin_email"], "подключена")
    text = body_of(mail)
    assert "/reset-password?email=" in text
    code = code_from(text)
    assert f"код {code}" in text

    account, org, members = _admin_state(server, fields["admin_email"], fields["inn"])
    assert org.id == org_id and org.name == fields["org_name"] and org.kind == "school"
    assert account.password_hash is None and account.email_verified_at is not None
    assert account.phone == fields["admin_phone"]
    assert account.display_name == fields["admin_full_name"]
    assert [(m.account_id, m.role, m.status) for m in members] == [(account.id, "admin", "active")]
    assert members[0].verified_at is not None

    with Api(server.url) as applicant:
        r = applicant.post(
            "/auth/password-reset",
            json={"email": fields["admin_email"], "code": code, "new_password": "новый пароль 1"},
        )
        assert r.status_code == 204, r.text
        applicant.sign_in(fields["admin_email"], "новый пароль 1")
        r = applicant.get("/me/orgs")
        assert r.status_code == 200, r.text
        mine = {o["org_id"]: o for o in r.json()}
        assert [x["role"] for x in mine[org_id]["roles"]] == ["admin"]


def test_approval_is_audited_on_the_platform_and_in_the_org(server: LiveServer, anon: Api) -> None:
    person, op = operator(server)
    app_id = submit(anon).json()["id"]
    org_id = op.post(f"/operator/applications/{app_id}/approve").json()["org_id"]

    async def _events(db: AsyncSession) -> list[tuple[str | None, str, str | None]]:
        stmt = sa.select(AuditEvent).where(
            sa.or_(AuditEvent.target_id == app_id, AuditEvent.org_id == org_id)
        )
        return [(e.org_id, e.action, e.actor_id) for e in (await db.execute(stmt)).scalars()]

    events = server.db(_events)
    assert (None, "application.submitted", None) in events
    assert (None, "application.approved", person.account_id) in events
    assert (org_id, "org.created", person.account_id) in events


def test_existing_account_becomes_administrator(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    existing = make_person(server, "Петров Пётр")
    fields = application_fields(admin_email=existing.email.upper())
    app_id = submit(anon, fields).json()["id"]
    assert op.post(f"/operator/applications/{app_id}/approve").status_code == 200

    text = body_of(server.mailbox.wait_for(existing.email, "подключена"))
    assert "прежним паролем" in text and "code=" not in text
    account, _, members = _admin_state(server, existing.email, fields["inn"])
    assert account.id == existing.account_id
    assert account.display_name == "Петров Пётр"  # the application does not rename anyone
    assert [(m.account_id, m.role) for m in members] == [(existing.account_id, "admin")]
    with Api(server.url) as again:
        again.sign_in(existing.email, existing.password)


def test_taken_phone_does_not_block_approval(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    first = application_fields()
    op.post(f"/operator/applications/{submit(anon, first).json()['id']}/approve")
    second = application_fields(admin_phone=first["admin_phone"])
    r = op.post(f"/operator/applications/{submit(anon, second).json()['id']}/approve")
    assert r.status_code == 200, r.text
    account, _, _ = _admin_state(server, second["admin_email"], second["inn"])
    assert account.phone is None


def test_reject_mails_the_reason_and_is_final(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    fields = application_fields()
    app_id = submit(anon, fields).json()["id"]

    r = op.post(f"/operator/applications/{app_id}/reject", json={"reason": "  x "})
    assert r.status_code == 422
    r = op.post(f"/operator/applications/{app_id}/reject", json={"reason": "y" * 2001})
    assert r.status_code == 422
    reason = "Документ не читается: пришлите скан устава целиком."
    r = op.post(f"/operator/applications/{app_id}/reject", json={"reason": reason})
    assert r.status_code == 200
    assert r.json()["status"] == "rejected" and r.json()["reject_reason"] == reason

    text = body_of(server.mailbox.wait_for(fields["admin_email"], "отклонена"))
    assert reason in text
    assert orgs_with_inn(server, fields["inn"]) == 0

    for action, body in (("approve", None), ("reject", {"reason": "again"})):
        r = op.post(f"/operator/applications/{app_id}/{action}", json=body)
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "application_not_pending"
    rejected = op.get("/operator/applications", params={"status": "rejected", "limit": 200})
    assert app_id in [a["id"] for a in rejected.json()["items"]]


def test_double_approve_is_409_and_creates_one_org(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    fields = application_fields()
    app_id = submit(anon, fields).json()["id"]
    assert op.post(f"/operator/applications/{app_id}/approve").status_code == 200
    r = op.post(f"/operator/applications/{app_id}/approve")
    assert r.status_code == 409
    assert orgs_with_inn(server, fields["inn"]) == 1

    async def _status(db: AsyncSession) -> str:
        row = await db.get(OrgApplication, app_id)
        assert row is not None
        return row.status

    assert server.db(_status) == "approved"


CONSOLE = [
    ("GET", "/operator/applications"),
    ("GET", "/operator/applications/{id}"),
    ("GET", "/operator/applications/{id}/document"),
    ("POST", "/operator/applications/{id}/approve"),
    ("POST", "/operator/applications/{id}/reject"),
    ("GET", "/operator/orgs"),
    ("GET", "/operator/audit"),
    ("GET", "/operator/outbox"),
]


def test_console_is_hidden_from_everyone_but_operators(
    server: LiveServer, anon: Api, org: OrgInfo
) -> None:
    app_id = submit(anon).json()["id"]
    admin = org.admin.client(server)
    stranger = make_person(server).client(server)
    for method, path in CONSOLE:
        url = path.format(id=app_id)
        body = {"reason": "no reason"} if url.endswith("reject") else None
        assert anon.request(method, url, json=body).status_code == 401, url
        for client in (admin, stranger):
            r = client.request(method, url, json=body)
            assert r.status_code == 404, (url, r.text)
            assert r.json()["error"]["code"] == "not_found"

    async def _status(db: AsyncSession) -> str:
        row = await db.get(OrgApplication, app_id)
        assert row is not None
        return row.status

    assert server.db(_status) == "pending"


def test_unknown_and_overlong_ids_are_404(server: LiveServer) -> None:
    _, op = operator(server)
    for app_id in ("0" * 26, "x" * 27, "x" * 5000):
        for method, path in CONSOLE[1:5]:
            body = {"reason": "no reason"} if path.endswith("reject") else None
            r = op.request(method, path.format(id=app_id), json=body)
            assert r.status_code == 404, (path, r.status_code)


def test_hostile_ids_and_params_are_4xx(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    app_id = submit(anon).json()["id"]
    for bad in ("%00", "a%00b", "%F0%9F%98%80", "..%2F..%2Fetc"):
        assert op.get(f"/operator/applications/{bad}").status_code == 404, bad
    for path, params in (
        ("/operator/applications", {"cursor": "a\x00"}),
        ("/operator/orgs", {"cursor": "ы"}),
        ("/operator/audit", {"action": "a\x00"}),
        ("/operator/outbox", {"cursor": "'; DROP TABLE x"}),
    ):
        assert op.get(path, params=params).status_code == 422, (path, params)
    r = op.post(f"/operator/applications/{app_id}/reject", json={"reason": "bad\x00reason"})
    assert r.status_code == 422
    assert op.post(f"/operator/applications/{app_id}/reject", json=["x"]).status_code == 422
