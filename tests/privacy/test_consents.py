"""Consent records: what, by whom, when, which policy version and invitation; giving and
withdrawing them, by the person or by a parent for a minor child."""

from __future__ import annotations

from datetime import datetime, timedelta

from parta.kit.clock import utcnow
from parta.models import Consent
from tests.builders import PASSWORD, make_member, make_org
from tests.harness import Api, LiveServer
from tests.invites.helpers import invite, registration, rows, signed_in, wait_mail
from tests.privacy.helpers import POLICY, consent, make_family, overview, subject


def test_joining_records_version_invitation_and_who(server: LiveServer) -> None:
    family = make_family(server)
    admin = family.org.admin.client(server)
    inv = invite(admin, family.org.id, "parent")
    newcomer = Api(server.url)
    r = newcomer.post(f"/invite/{inv['token']}/register", json=registration())
    assert r.status_code == 201, r.text
    me = signed_in(server, r.json()["token"])
    mine = overview(me)
    assert mine["policy_version"] == POLICY
    assert [s["relation"] for s in mine["subjects"]] == ["self"]
    (c,) = mine["subjects"][0]["consents"]
    assert c["org_id"] == family.org.id and c["org_name"] == family.org.name
    assert (c["scope"], c["policy_version"], c["current"]) == ("personal_data", POLICY, True)
    assert (c["given_by"], c["invitation_id"], c["withdrawn_at"]) == ("self", inv["id"], None)
    assert mine["subjects"][0]["missing_consents"] == []
    stored = rows(server, Consent, Consent.id == c["id"])[0]
    assert stored.ip == newcomer.ip


def test_parent_consents_for_a_minor_child_only(server: LiveServer) -> None:
    f = make_family(server)
    parent = f.parent.client(server)
    subjects = overview(parent)["subjects"]
    assert [s["account_id"] for s in subjects] == [f.parent.account_id, f.child.account_id]
    kid = subjects[1]
    assert (kid["relation"], kid["minor"], kid["may_withdraw"], kid["may_delete"]) == (
        "child",
        True,
        True,
        True,
    )
    assert kid["missing_consents"] == [{"org_id": f.org.id, "org_name": f.org.name}]

    r = consent(parent, f.child.account_id, f.org.id)
    assert r.status_code == 201, r.text
    given = r.json()
    assert (given["given_by"], given["given_by_name"]) == ("guardian", f.parent.name)
    assert subject(parent, f.child.account_id)["missing_consents"] == []
    # The child sees the parent's consent among their own, and cannot change it.
    child = f.child.client(server)
    me = subject(child, f.child.account_id)
    assert me["minor"] is True and me["may_withdraw"] is False
    assert [c["id"] for c in me["consents"]] == [given["id"]]
    r = consent(child, f.child.account_id, f.org.id)
    assert r.status_code == 403 and r.json()["error"]["code"] == "guardian_required"
    r = child.post(f"/me/privacy/subjects/{f.child.account_id}/consents/{given['id']}/withdraw")
    assert r.status_code == 403 and r.json()["error"]["code"] == "guardian_required"

    # The parent of a student over the consent age does not manage the student's data.
    teen_parent = f.teen_parent.client(server)
    assert [s["account_id"] for s in overview(teen_parent)["subjects"]] == [
        f.teen_parent.account_id
    ]
    assert consent(teen_parent, f.teen.account_id, f.org.id).status_code == 404


def test_consent_needs_the_current_policy_and_an_own_organisation(server: LiveServer) -> None:
    f = make_family(server)
    teen = f.teen.client(server)
    r = teen.post(
        f"/me/privacy/subjects/{f.teen.account_id}/consents",
        json={"org_id": f.org.id, "policy_version": "2001-01-01", "consent": True},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "policy_changed"
    r = teen.post(
        f"/me/privacy/subjects/{f.teen.account_id}/consents",
        json={"org_id": f.org.id, "policy_version": POLICY, "consent": False},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "consent_required"
    other = make_org(server)
    assert consent(teen, f.teen.account_id, other.id).status_code == 404
    assert consent(teen, f.teen.account_id, f.org.id).status_code == 201


def test_withdrawal_switches_the_account_off_and_schedules_deletion(server: LiveServer) -> None:
    f = make_family(server)
    teen = f.teen.client(server)
    other_device = f.teen.client(server)
    given = consent(teen, f.teen.account_id, f.org.id).json()
    r = teen.post(f"/me/privacy/subjects/{f.teen.account_id}/consents/{given['id']}/withdraw")
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["left_org"] is False
    deletion = out["deletion"]
    assert (deletion["reason"], deletion["status"]) == ("consent_withdrawn", "scheduled")
    due = deletion["due_at"]
    assert abs((utcnow() + timedelta(days=30)).timestamp() - _ts(due)) < 120
    # Every session ends at once and signing in is refused.
    assert teen.get("/me").status_code == 401
    assert other_device.get("/me").status_code == 401
    r = Api(server.url).post("/auth/sign-in", json={"login": f.teen.email, "password": PASSWORD})
    assert r.status_code == 401
    mail = wait_mail(server, f.teen.email, "удалён")
    assert mail is not None
    (row,) = rows(server, Consent, Consent.id == given["id"])
    assert row.withdrawn_at is not None and row.withdrawn_by == f.teen.account_id


def test_withdrawal_with_another_organisation_leaves_only_this_one(server: LiveServer) -> None:
    f = make_family(server)
    second = make_org(server)
    teen_elsewhere = make_member(server, second.id, "staff", person=f.teen)
    teen = f.teen.client(server)
    given = consent(teen, f.teen.account_id, f.org.id).json()
    r = teen.post(f"/me/privacy/subjects/{f.teen.account_id}/consents/{given['id']}/withdraw")
    assert r.status_code == 200, r.text
    assert r.json() == {"left_org": True, "deletion": None}
    assert teen.get(f"/orgs/{f.org.id}").status_code == 404
    assert teen.get(f"/orgs/{second.id}").status_code == 200
    assert teen_elsewhere.membership_id
    r = teen.post(f"/me/privacy/subjects/{f.teen.account_id}/consents/{given['id']}/withdraw")
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_withdrawn"


def test_parent_withdraws_for_the_child_and_consents_again(server: LiveServer) -> None:
    f = make_family(server)
    parent = f.parent.client(server)
    child = f.child.client(server)
    given = consent(parent, f.child.account_id, f.org.id).json()
    r = parent.post(f"/me/privacy/subjects/{f.child.account_id}/consents/{given['id']}/withdraw")
    assert r.status_code == 200, r.text
    assert r.json()["deletion"]["reason"] == "consent_withdrawn"
    assert child.get("/me").status_code == 401
    # The parent still sees the child, with the scheduled deletion, and changes their mind.
    kid = subject(parent, f.child.account_id)
    assert kid["deletion"]["status"] == "scheduled"
    assert consent(parent, f.child.account_id, f.org.id).status_code == 201
    kid = subject(parent, f.child.account_id)
    assert kid["deletion"]["status"] == "cancelled"
    assert kid["missing_consents"] == []
    assert f.child.client(server).get("/me").status_code == 200


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()
