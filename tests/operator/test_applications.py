"""The public application form: validation, rate limit, mail, and no organisation yet."""

from __future__ import annotations

import json

import pytest

from tests.harness import Api, LiveServer, body_of
from tests.operator.helpers import (
    application_fields,
    operator,
    orgs_with_inn,
    submit,
    valid_inn,
)


def test_submission_is_pending_mails_everyone_and_creates_no_org(
    server: LiveServer, anon: Api
) -> None:
    op, _ = operator(server)
    fields = application_fields(inn=valid_inn(12))
    r = submit(anon, fields)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "pending"
    assert len(r.json()["id"]) == 26

    confirmation = server.mailbox.wait_for(fields["admin_email"], "получена")
    assert fields["org_name"] in body_of(confirmation)
    assert r.json()["id"] in body_of(confirmation)
    notice = server.mailbox.wait_for(op.email, "Новая заявка")
    assert fields["inn"] in body_of(notice)
    assert f"/operator/applications/{r.json()['id']}" in body_of(notice)
    assert orgs_with_inn(server, fields["inn"]) == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"inn": "7707083894"}, "inn"),  # wrong check digit
        ({"inn": "500100732258"}, "inn"),
        ({"inn": "77070838"}, "inn"),
        ({"inn": "77070838ab"}, "inn"),
        ({"admin_email": "not-an-email"}, "admin_email"),
        ({"admin_phone": "12"}, "admin_phone"),
        ({"kind": "university"}, "kind"),
        ({"org_name": ""}, "org_name"),
        ({"address": "x" * 501}, "address"),
        ({"questionnaire": "[1, 2, 3]"}, "questionnaire"),
        ({"questionnaire": "not json"}, "questionnaire"),
        ({"questionnaire": '{"nested": {"a": 1}}'}, "questionnaire"),
        ({"questionnaire": '{"flag": true}'}, "questionnaire"),
        ({"questionnaire": json.dumps({f"q{i}": i for i in range(31)})}, "questionnaire"),
        ({"questionnaire": json.dumps({"comment": "x" * 501})}, "questionnaire"),
        ({"questionnaire": '{"n": 1e999}'}, "questionnaire"),
    ],
)
def test_invalid_fields_are_422_with_the_field(
    server: LiveServer, anon: Api, overrides: dict[str, str], field: str
) -> None:
    fields = application_fields(**overrides)
    r = submit(anon, fields)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "invalid_application"
    assert field in err["fields"], err
    assert orgs_with_inn(server, fields["inn"]) == 0


def test_missing_fields_and_document_are_all_reported(server: LiveServer, anon: Api) -> None:
    fields = application_fields()
    del fields["inn"]
    r = submit(anon, fields, with_document=False)
    assert r.status_code == 422
    assert {"inn", "document"} <= set(r.json()["error"]["fields"])
    r = submit(anon, application_fields(), document=("empty.pdf", b"", "application/pdf"))
    assert r.status_code == 422
    assert set(r.json()["error"]["fields"]) == {"document"}


def test_a_form_that_is_not_multipart_is_refused(server: LiveServer, anon: Api) -> None:
    r = anon.post("/applications", json=application_fields())
    assert r.status_code == 415
    assert r.json()["error"]["code"] == "multipart_required"


def test_twelve_digit_inn_and_spaces_are_accepted(server: LiveServer, anon: Api) -> None:
    inn = valid_inn(10)
    r = submit(anon, application_fields(inn=f"{inn[:4]} {inn[4:]}"))
    assert r.status_code == 201, r.text


def test_submissions_are_limited_per_address(server: LiveServer) -> None:
    with Api(server.url) as api:
        for _ in range(5):
            assert submit(api).status_code == 201
        r = submit(api)
        assert r.status_code == 429
        assert "Retry-After" in r.headers
    with Api(server.url) as other:
        assert submit(other).status_code == 201


@pytest.mark.parametrize(
    "overrides",
    [
        {"org_name": "Школа\x00 № 1"},
        {"address": "ул. Ленина\x1b[31m, 1"},
        {"questionnaire": '{"comment": "a\\u0000b"}'},
        {"questionnaire": '{"\\u0000": 1}'},
        {"admin_email": "a\x00@example.org"},
    ],
)
def test_control_characters_are_422_not_500(
    server: LiveServer, anon: Api, overrides: dict[str, str]
) -> None:
    r = submit(anon, application_fields(**overrides))
    assert r.status_code == 422, r.text


def test_hostile_file_name_is_sanitised(server: LiveServer, anon: Api) -> None:
    from tests.operator.helpers import operator, pdf_bytes

    _, op = operator(server)
    r = submit(anon, document=("../../etc/pass|wd.pdf", pdf_bytes(), "application/pdf"))
    assert r.status_code == 201, r.text
    detail = op.get(f"/operator/applications/{r.json()['id']}").json()
    assert detail["document"]["original_name"] == "pass_wd.pdf"
