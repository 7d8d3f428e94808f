"""The console's read-only views: organisations, platform audit, outbox, queue paging."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_member
from tests.harness import Api, LiveServer
from tests.operator.helpers import application_fields, operator, submit


def test_orgs_list_counts_members_by_role(server: LiveServer, org: OrgInfo) -> None:
    _, op = operator(server)
    make_member(server, org.id, OrgRole.TEACHER)
    make_member(server, org.id, OrgRole.STUDENT)
    make_member(server, org.id, OrgRole.STUDENT)
    rows: dict[str, dict[str, object]] = {}
    cursor = None
    while True:
        page = op.get("/operator/orgs", params={"limit": 50, "cursor": cursor}).json()
        rows.update({o["id"]: o for o in page["items"]})
        cursor = page["next_cursor"]
        if cursor is None:
            break
    mine = rows[org.id]
    assert mine["name"] == org.name and mine["status"] == "active"
    assert mine["members"] == {"admin": 1, "teacher": 1, "student": 2}


def test_queue_pages_with_a_cursor(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    for _ in range(3):
        submit(anon)
    first = op.get("/operator/applications", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"] == first["items"][-1]["id"]
    second = op.get(
        "/operator/applications", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert second["items"][0]["id"] > first["items"][-1]["id"]
    assert op.get("/operator/applications", params={"status": "lost"}).status_code == 422
    assert op.get("/operator/applications", params={"limit": 0}).status_code == 422
    assert op.get("/operator/applications", params={"cursor": "x" * 27}).status_code == 422


def test_platform_audit_filters_and_pages(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    started = datetime.now(UTC)
    ids = [submit(anon).json()["id"] for _ in range(2)]
    r = op.get(
        "/operator/audit",
        params={"action": "application.submitted", "since": started.isoformat(), "limit": 1},
    )
    page = r.json()
    assert [e["target_id"] for e in page["items"]] == [ids[1]]  # newest first
    assert page["items"][0]["data"]["inn"]
    nxt = op.get(
        "/operator/audit",
        params={
            "action": "application.submitted",
            "since": started.isoformat(),
            "cursor": page["next_cursor"],
        },
    ).json()
    assert [e["target_id"] for e in nxt["items"]] == [ids[0]]
    # A naive time is read as UTC; `until` before everything finds nothing of ours.
    naive = (started - timedelta(days=1)).replace(tzinfo=None).isoformat()
    old = op.get("/operator/audit", params={"action": "application.submitted", "until": naive})
    assert not {e["target_id"] for e in old.json()["items"]} & set(ids)
    for bad in ("yesterday", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"):
        assert op.get("/operator/audit", params={"since": bad}).status_code == 422, bad
    assert op.get("/operator/audit", params={"action": "a" * 61}).status_code == 422
    assert all(e["action"] != "org.created" for e in op.get("/operator/audit").json()["items"])


def test_outbox_shows_mail_newest_first(server: LiveServer, anon: Api) -> None:
    _, op = operator(server)
    fields = application_fields()
    submit(anon, fields)
    server.mailbox.wait_for(fields["admin_email"])
    # The sender marks mail sent in its own commit, just after the SMTP server has it.
    deadline = time.monotonic() + 10
    while True:
        items = op.get("/operator/outbox", params={"status": "sent", "limit": 200}).json()["items"]
        ours = [m for m in items if m["to_address"] == fields["admin_email"]]
        if ours or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(ours) == 1 and ours[0]["status"] == "sent"
    assert fields["org_name"] in ours[0]["body"]
    ids = [m["id"] for m in items]
    assert ids == sorted(ids, reverse=True)
    assert op.get("/operator/outbox", params={"status": "lost"}).status_code == 422
