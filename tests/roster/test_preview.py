"""Uploading a roster: the preview, its errors, limits and refusals."""

from __future__ import annotations

import io
import os
import zipfile
from contextlib import closing

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import AuditEvent, RosterImport
from tests.builders import OrgInfo, make_class
from tests.harness import LiveServer
from tests.roster.helpers import HEADER_RU, csv_bytes, settings_changed, upload, xlsx_bytes


def test_preview_with_row_errors_and_new_classes(server: LiveServer, org: OrgInfo) -> None:
    make_class(server, org.id, 5, "А")
    data = csv_bytes(
        [
            HEADER_RU,
            ["5А", "Иванов Иван", "mama@example.org", ""],
            ["5 a", "Петров Пётр", "", ""],  # Latin a: the existing 5А
            ["6Б", "Сидорова Анна", "bad-mail", ""],
            ["7В", "Кузнецов Олег", "", ""],
            ["13А", "Смирнов Илья", "", ""],
        ]
    )
    with closing(org.admin.client(server)) as api:
        r = upload(api, org.id, data, "Список 5А.csv")
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["status"] == "preview"
        assert body["filename"] == "Список 5А.csv"
        assert body["summary"] == {"total": 5, "ok": 3, "errors": 2, "new_classes": ["7В"]}
        rows = {row["row"]: row for row in body["rows"]}
        assert rows[2]["parent_emails"] == ["mama@example.org"]
        assert rows[4]["status"] == "error"
        assert rows[4]["errors"] == [
            {
                "code": "parent_email_invalid",
                "params": {"value": "bad-mail"},
                "message": "The parent's e-mail “bad-mail” is not valid.",
            }
        ]
        assert rows[6]["errors"][0]["code"] == "grade_range"
        assert rows[6]["errors"][0]["params"] == {"value": "13А", "max": 11}
        assert "between 1 and 11" in rows[6]["errors"][0]["message"]
        assert body["result"] is None

        got = api.get(f"/orgs/{org.id}/roster-imports/{body['id']}")
        assert got.status_code == 200
        assert got.json()["rows"] == body["rows"]
        listed = api.get(f"/orgs/{org.id}/roster-imports").json()
        assert listed["items"][0]["id"] == body["id"]
        assert listed["items"][0]["total"] == 5
        assert "rows" not in listed["items"][0]

    async def _audit(db: AsyncSession) -> AuditEvent:
        stmt = sa.select(AuditEvent).where(
            AuditEvent.action == "roster.previewed", AuditEvent.target_id == body["id"]
        )
        return (await db.execute(stmt)).scalar_one()

    event = server.db(_audit)
    assert event.org_id == org.id and event.actor_id == org.admin.account_id
    assert event.target_type == "roster_import"
    assert event.data["ok"] == 3 and event.data["errors"] == 2
    assert event.ip


def test_xlsx_upload_and_no_year_lists_all_classes_as_new(server: LiveServer, org: OrgInfo) -> None:
    data = xlsx_bytes([["Класс", "Ученик"], ["5А", "Иванов Иван"], ["5Б", "Петров Пётр"]])
    with closing(org.admin.client(server)) as api:
        r = upload(api, org.id, data, "roster.bin")
        assert r.status_code == 201, r.text
        assert r.json()["summary"]["new_classes"] == ["5А", "5Б"]


def test_list_is_paginated(server: LiveServer, org: OrgInfo) -> None:
    data = csv_bytes([HEADER_RU, ["5А", "Иванов Иван", "", ""]])
    with closing(org.admin.client(server)) as api:
        ids = [upload(api, org.id, data).json()["id"] for _ in range(3)]
        page = api.get(f"/orgs/{org.id}/roster-imports", params={"limit": 2}).json()
        assert [i["id"] for i in page["items"]] == ids[::-1][:2]
        rest = api.get(
            f"/orgs/{org.id}/roster-imports", params={"limit": 2, "cursor": page["next_cursor"]}
        ).json()
        assert [i["id"] for i in rest["items"]] == [ids[0]]
        assert rest["next_cursor"] is None


def _stored_count(server: LiveServer, org_id: str) -> int:
    async def _count(db: AsyncSession) -> int:
        stmt = sa.select(sa.func.count()).where(RosterImport.org_id == org_id)
        return int((await db.execute(stmt)).scalar_one())

    return server.db(_count)


def test_bad_files_are_4xx(server: LiveServer, org: OrgInfo) -> None:
    not_xlsx = io.BytesIO()
    with zipfile.ZipFile(not_xlsx, "w") as z:
        z.writestr("readme.txt", "hello")
    good = xlsx_bytes([["Класс", "Ученик"], ["5А", "Иванов Иван"]])
    cases = {
        "junk": (os.urandom(20_000), 415, "unsupported_file"),
        "empty": (b"", 422, "empty_file"),
        "zip": (not_xlsx.getvalue(), 422, "bad_xlsx"),
        "corrupt": (good[: len(good) // 2], 422, "bad_xlsx"),
        "columns": (csv_bytes([["Фамилия", "Имя"], ["Иванов", "Иван"]]), 422, "missing_columns"),
        "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), 415, "unsupported_file"),
    }
    with closing(org.admin.client(server)) as api:
        for name, (data, status, code) in cases.items():
            r = upload(api, org.id, data, f"{name}.xlsx")
            assert r.status_code == status, (name, r.text)
            assert r.json()["error"]["code"] == code, name
        r = api.post(
            f"/orgs/{org.id}/roster-imports", content=b"a,b", headers={"content-type": "text/csv"}
        )
        assert (r.status_code, r.json()["error"]["code"]) == (415, "multipart_required")
        r = api.post(
            f"/orgs/{org.id}/roster-imports", data={"note": "no file"}, files={"x": ("", b"")}
        )
        assert r.status_code == 400, r.text
        r = api.post(
            f"/orgs/{org.id}/roster-imports",
            content=b"--xx\r\nbroken",
            headers={"content-type": "multipart/form-data; boundary=xx"},
        )
        assert r.status_code == 400, r.text
        r = api.post(
            f"/orgs/{org.id}/roster-imports",
            content=b"whatever",
            headers={"content-type": "multipart/form-data"},
        )
        assert r.status_code == 400, r.text
    assert _stored_count(server, org.id) == 0


def test_too_large_is_413(server: LiveServer, org: OrgInfo) -> None:
    limit = 4000
    row = ["5А", "Иванов Иван Иванович", "", ""]
    small = csv_bytes([HEADER_RU] + [row] * 10)
    just_over = csv_bytes([HEADER_RU] + [row] * 200)[: limit + 10]
    far_over = csv_bytes([HEADER_RU] + [row] * 1000)
    assert len(small) < limit < len(just_over) < limit + 16 * 1024 < len(far_over)
    with settings_changed(server, roster_max_bytes=limit), closing(org.admin.client(server)) as api:
        assert upload(api, org.id, small).status_code == 201
        for data in (just_over, far_over):
            r = upload(api, org.id, data)
            assert r.status_code == 413, r.text
            assert r.json()["error"]["code"] == "file_too_large"


def test_too_many_rows_is_422(server: LiveServer, org: OrgInfo) -> None:
    data = csv_bytes([HEADER_RU] + [["5А", f"Ученик {i}", "", ""] for i in range(11)])
    with settings_changed(server, roster_max_rows=10), closing(org.admin.client(server)) as api:
        r = upload(api, org.id, data)
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "too_many_rows"
        assert "more than 10 rows" in r.json()["error"]["message"]


def test_an_import_stored_with_bare_error_texts_still_reads(
    server: LiveServer, org: OrgInfo
) -> None:
    make_class(server, org.id, 5, "А")
    data = csv_bytes([HEADER_RU, ["5А", "", "", ""]])
    with closing(org.admin.client(server)) as api:
        rid = upload(api, org.id, data).json()["id"]

        async def _old_style(db: AsyncSession) -> None:
            imp = await db.get(RosterImport, rid)
            assert imp is not None
            imp.rows = [{**imp.rows[0], "errors": ["The student's name is missing."]}]

        server.db(_old_style)
        got = api.get(f"/orgs/{org.id}/roster-imports/{rid}")
        assert got.status_code == 200, got.text
        assert got.json()["rows"][0]["errors"] == [
            {"code": "invalid_row", "params": {}, "message": "The student's name is missing."}
        ]
        applied = api.post(f"/orgs/{org.id}/roster-imports/{rid}/apply", json={})
        assert applied.status_code == 200, applied.text
        (outcome,) = applied.json()["result"]["rows"]
        assert outcome["code"] == "row_invalid"
        assert outcome["message"] == "The student's name is missing."
