"""Who may use the roster import: administrators of the organisation, nobody else."""

from __future__ import annotations

from contextlib import closing

import httpx
import pytest

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_class, make_member, make_org
from tests.harness import Api, LiveServer
from tests.roster.helpers import HEADER_RU, csv_bytes, ensure_year, upload

DATA = csv_bytes([HEADER_RU, ["5А", "Иванов Иван", "mama@example.org", ""]])


def _calls(api: httpx.Client, org_id: str, rid: str) -> dict[str, httpx.Response]:
    base = f"/orgs/{org_id}/roster-imports"
    return {
        "upload": upload(api, org_id, DATA),
        "list": api.get(base),
        "get": api.get(f"{base}/{rid}"),
        "apply": api.post(f"{base}/{rid}/apply", json={}),
        "links": api.get(f"{base}/{rid}/links.csv"),
    }


def _applied_import(server: LiveServer, org: OrgInfo) -> str:
    ensure_year(server, org.id)
    with closing(org.admin.client(server)) as api:
        rid = str(upload(api, org.id, DATA).json()["id"])
        assert api.post(f"/orgs/{org.id}/roster-imports/{rid}/apply").status_code == 200
    return rid


@pytest.mark.parametrize("role", [OrgRole.TEACHER, OrgRole.STUDENT, OrgRole.PARENT, OrgRole.HEAD])
def test_other_roles_get_403(server: LiveServer, org: OrgInfo, role: OrgRole) -> None:
    rid = _applied_import(server, org)
    cls = make_class(server, org.id, 5, "Б")
    person = make_member(server, org.id, role, class_id=cls.id)
    with closing(person.client(server)) as api:
        for name, r in _calls(api, org.id, rid).items():
            assert r.status_code == 403, (name, r.text)
            assert r.json()["error"]["code"] == "forbidden"


def test_members_of_another_org_get_404(server: LiveServer, org: OrgInfo) -> None:
    rid = _applied_import(server, org)
    other = make_org(server)
    with closing(other.admin.client(server)) as api:
        for name, r in _calls(api, org.id, rid).items():
            assert r.status_code == 404, (name, r.text)
        # their own organisation's path with this organisation's import
        base = f"/orgs/{other.id}/roster-imports/{rid}"
        for r in (api.get(base), api.post(f"{base}/apply"), api.get(f"{base}/links.csv")):
            assert r.status_code == 404, r.text
            assert r.json()["error"]["code"] == "not_found"
        assert api.get(f"/orgs/{other.id}/roster-imports").json()["items"] == []


def test_unknown_import_and_anonymous(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with closing(org.admin.client(server)) as api:
        base = f"/orgs/{org.id}/roster-imports"
        for rid in ("01JUNKJUNKJUNKJUNKJUNKJUNK", "x" * 300):
            assert api.get(f"{base}/{rid}").status_code == 404
            assert api.post(f"{base}/{rid}/apply").status_code == 404
    for name, r in _calls(anon, org.id, "01JUNKJUNKJUNKJUNKJUNKJUNK").items():
        assert r.status_code == 401, (name, r.text)
