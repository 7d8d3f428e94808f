"""Malformed ids and bodies on the privacy endpoints: clear 4xx answers, never a 500."""

from __future__ import annotations

from urllib.parse import quote

from tests.harness import LiveServer
from tests.privacy.helpers import make_family


def test_odd_input_is_answered_with_4xx(server: LiveServer) -> None:
    f = make_family(server)
    admin = f.org.admin.client(server)
    me = f.org.admin.account_id
    org = f.org.id
    odd = ["x", "\u0000" * 26, "01ARZ3NDEKTSV4RRFFQ69G5FAV", "'; drop table accounts; --"]
    for value in odd:
        r = admin.post(f"/orgs/{org}/privacy/deletions", json={"membership_id": value[:26]})
        assert r.status_code in (404, 422), (value, r.text)
        path = quote(value[:26], safe="")
        r = admin.post(f"/me/privacy/subjects/{me}/consents/{path}/withdraw")
        assert r.status_code in (404, 422), (value, r.text)
        r = admin.post(f"/orgs/{org}/privacy/deletions/{path}/cancel")
        assert r.status_code in (404, 422), (value, r.text)
        r = admin.get(f"/privacy/exports/{path}", params={"exp": "1", "sig": value})
        assert r.status_code in (403, 404, 422), (value, r.text)
        r = admin.post(
            f"/me/privacy/subjects/{me}/consents",
            json={"org_id": value[:26], "policy_version": value[:40], "consent": True},
        )
        assert r.status_code in (404, 409, 422), (value, r.text)
    for body in (
        {"consent_age": True},
        {"consent_age": "14"},
        {"retention_files_months": 121},
        {"unknown": 1},
        {"archive_keeps": None, "admins_may_erase": "yes"},
    ):
        r = admin.patch(f"/orgs/{org}/privacy/settings", json=body)
        assert r.status_code == 422, (body, r.text)
    r = admin.post(f"/me/privacy/subjects/{me}/deletion", json={"confirm": "yes"})
    assert r.status_code == 422
