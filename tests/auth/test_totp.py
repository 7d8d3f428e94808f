"""Two-factor authentication (TOTP): enrolment, the sign-in step, recovery codes, limits,
turning it off, and what the database keeps. Codes are made with pyotp from the secret the
server shows, exactly as an authenticator app would."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import clock, utcnow
from parta.models import AuditEvent, SignInChallenge, TotpFactor, TotpRecoveryCode
from tests.builders import Person, make_person
from tests.harness import Api, LiveServer, body_of


def _app(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def _code(secret: str, steps_ahead: int = 0) -> str:
    """The app's code now, or `steps_ahead` 30-second steps later (still inside the window)."""
    return _app(secret).at(utcnow().timestamp() + 30 * steps_ahead)


def enrol(server: LiveServer, p: Person) -> tuple[Api, str, list[str]]:
    """Turn 2FA on through the API; returns the (still signed-in) client, secret and codes."""
    api = p.client(server)
    r = api.post("/me/totp/setup", json={"password": p.password})
    assert r.status_code == 200, r.text
    secret = r.json()["secret"]
    r = api.post("/me/totp/confirm", json={"code": _code(secret)})
    assert r.status_code == 200, r.text
    return api, secret, r.json()["codes"]


def _challenge(api: Api, p: Person, transport: str = "token") -> str:
    r = api.post(
        "/auth/sign-in", json={"login": p.email, "password": p.password, "transport": transport}
    )
    assert r.status_code == 401, r.text
    err = r.json()["error"]
    assert err["code"] == "totp_required"
    assert "token" not in r.json() and "csrf_token" not in r.json()
    return str(err["fields"]["challenge"])


def _second(api: Api, challenge: str, code: str, transport: str = "token") -> Any:
    return api.post(
        "/auth/sign-in/totp", json={"challenge": challenge, "code": code, "transport": transport}
    )


def test_enrolment_shows_secret_uri_and_qr_and_needs_a_code(server: LiveServer) -> None:
    p = make_person(server)
    api = p.client(server)
    assert api.get("/me/totp").json() == {
        "enabled": False,
        "confirmed_at": None,
        "recovery_codes_left": 0,
        "required": False,
        "required_by": [],
    }
    r = api.post("/me/totp/setup", json={"password": "not my password"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "wrong_password"
    r = api.post("/me/totp/setup", json={"password": p.password})
    assert r.status_code == 200, r.text
    setup = r.json()
    secret = setup["secret"]
    assert len(secret) == 32 and set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    parsed = pyotp.parse_uri(setup["otpauth_uri"])
    assert isinstance(parsed, pyotp.TOTP) and parsed.secret == secret
    assert parsed.issuer == "Parta" and parsed.name == p.email
    assert setup["qr_data_url"].startswith("data:image/svg+xml;charset=utf-8,%3C")
    assert (setup["digits"], setup["period"]) == (6, 30)

    # Not on yet: signing in needs no code until the app's code confirms the set-up.
    assert (
        Api(server.url)
        .post(
            "/auth/sign-in", json={"login": p.email, "password": p.password, "transport": "token"}
        )
        .status_code
        == 200
    )
    r = api.post("/me/totp/confirm", json={"code": "000000" if _code(secret) != "000000" else "1"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code"
    other_device = p.client(server)
    r = api.post("/me/totp/confirm", json={"code": _code(secret)})
    assert r.status_code == 200, r.text
    codes = r.json()["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)

    status = api.get("/me/totp").json()
    assert status["enabled"] is True and status["recovery_codes_left"] == 10
    # The device that signed in without the second factor is signed out; this one stays.
    assert other_device.get("/me").status_code == 401
    assert api.get("/me").status_code == 200
    server.mailbox.wait_for(p.email, "Двухфакторная аутентификация включена")
    r = api.post("/me/totp/setup", json={"password": p.password})
    assert r.status_code == 409 and r.json()["error"]["code"] == "totp_already_enabled"


def test_sign_in_asks_for_the_code_and_accepts_each_code_once(server: LiveServer) -> None:
    p = make_person(server)
    _, secret, _ = enrol(server, p)
    clock.advance(30)  # the enrolment used this step's code

    with Api(server.url) as web:
        challenge = _challenge(web, p, transport="cookie")
        assert "parta_session" not in web.cookies
        r = _second(web, challenge, "123456" if _code(secret) != "123456" else "654321", "cookie")
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code"
        r = _second(web, challenge, _code(secret), "cookie")
        assert r.status_code == 200, r.text
        assert r.json()["token"] is None and web.cookies.get("parta_session")
        assert web.get("/me").json()["id"] == p.account_id
        # The challenge is spent.
        r = _second(web, challenge, _code(secret, 1), "cookie")
        assert r.status_code == 400 and r.json()["error"]["code"] == "challenge_expired"

    # The same code again (a replay, or someone who watched it being typed): refused.
    with Api(server.url) as api:
        r = _second(api, _challenge(api, p), _code(secret))
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code"
        r = _second(api, _challenge(api, p), _code(secret, 1))
        assert r.status_code == 200 and r.json()["token"].startswith("pst_")

    async def _signins(db: AsyncSession) -> list[str]:
        stmt = sa.select(AuditEvent.data).where(
            AuditEvent.action == "signin", AuditEvent.actor_id == p.account_id
        )
        return [str(d.get("method")) for d in (await db.execute(stmt)).scalars()]

    assert server.db(_signins).count("password+totp") == 2


def test_e_mail_code_sign_in_also_needs_the_second_factor(server: LiveServer) -> None:
    p = make_person(server)
    _, secret, _ = enrol(server, p)
    clock.advance(30)
    with Api(server.url) as api:
        assert (
            api.post("/auth/codes", json={"email": p.email, "purpose": "sign_in"}).status_code
            == 202
        )
        mail = body_of(server.mailbox.wait_for(p.email, "Код для входа"))
        code = next(line.strip() for line in mail.splitlines() if line.strip().isdigit())
        r = api.post(
            "/auth/sign-in/code", json={"email": p.email, "code": code, "transport": "token"}
        )
        assert r.status_code == 401 and r.json()["error"]["code"] == "totp_required"
        # The e-mail code is used up: it cannot be replayed for a second challenge.
        r2 = api.post(
            "/auth/sign-in/code", json={"email": p.email, "code": code, "transport": "token"}
        )
        assert r2.status_code == 400
        r = _second(api, r.json()["error"]["fields"]["challenge"], _code(secret))
        assert r.status_code == 200, r.text


def test_recovery_codes_work_once_and_can_be_replaced(server: LiveServer) -> None:
    p = make_person(server)
    api, secret, codes = enrol(server, p)
    with Api(server.url) as other:
        r = _second(other, _challenge(other, p), codes[0].upper().replace("-", " "))
        assert r.status_code == 200, r.text
        r = _second(other, _challenge(other, p), codes[0])
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code"
    assert api.get("/me/totp").json()["recovery_codes_left"] == 9

    clock.advance(30)
    r = api.post("/me/totp/recovery-codes", json={"code": _code(secret)})
    assert r.status_code == 200, r.text
    fresh = r.json()["codes"]
    assert not set(fresh) & set(codes)
    with Api(server.url) as other:
        r = _second(other, _challenge(other, p), codes[1])
        assert r.status_code == 400  # the old set stopped working
        r = _second(other, _challenge(other, p), fresh[1])
        assert r.status_code == 200


def test_wrong_codes_are_limited_per_challenge_and_per_account(server: LiveServer) -> None:
    p = make_person(server)
    _, secret, _ = enrol(server, p)
    clock.advance(30)
    wrong = "000000" if _code(secret) != "000000" else "111111"
    with Api(server.url) as api:
        challenge = _challenge(api, p)
        for _ in range(5):
            assert _second(api, challenge, wrong).status_code == 400
        # The account's limit is reached (5 wrong codes): even the right code waits.
        r = _second(api, _challenge(api, p), _code(secret))
        assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_requests"
        assert "Retry-After" in r.headers
        r = _second(api, challenge, _code(secret))
        assert r.status_code == 400 and r.json()["error"]["code"] == "challenge_expired"
    clock.advance(server.settings.signin_lock_minutes * 60 + 1)
    with Api(server.url) as api:
        r = _second(api, _challenge(api, p), _code(secret))
        assert r.status_code == 200, r.text

    # A challenge lives five minutes.
    clock.advance(30)
    with Api(server.url) as api:
        challenge = _challenge(api, p)
        clock.advance(5 * 60 + 1)
        r = _second(api, challenge, _code(secret))
        assert r.status_code == 400 and r.json()["error"]["code"] == "challenge_expired"
    for bad in ("", "x" * 101, "pmc_" + "a" * 40):
        r = Api(server.url).post("/auth/sign-in/totp", json={"challenge": bad, "code": "123456"})
        assert r.status_code in (400, 422), r.text


def test_turning_it_off_needs_password_and_code(server: LiveServer) -> None:
    p = make_person(server)
    api, secret, _ = enrol(server, p)
    clock.advance(30)
    r = api.post("/me/totp/disable", json={"password": "wrong password", "code": _code(secret)})
    assert r.status_code == 400 and r.json()["error"]["code"] == "wrong_password"
    r = api.post("/me/totp/disable", json={"password": p.password, "code": "12"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code"
    r = api.post("/me/totp/disable", json={"password": p.password, "code": _code(secret)})
    assert r.status_code == 204, r.text
    assert api.get("/me/totp").json()["enabled"] is False
    server.mailbox.wait_for(p.email, "выключена")
    assert (
        Api(server.url)
        .post(
            "/auth/sign-in", json={"login": p.email, "password": p.password, "transport": "token"}
        )
        .status_code
        == 200
    )
    r = api.post("/me/totp/disable", json={"password": p.password, "code": _code(secret)})
    assert r.status_code == 409 and r.json()["error"]["code"] == "totp_not_enabled"


def test_the_database_keeps_no_secret_and_no_recovery_code(server: LiveServer) -> None:
    p = make_person(server)
    _api, secret, codes = enrol(server, p)
    _challenge(Api(server.url), p)

    async def _rows(db: AsyncSession) -> list[str]:
        out: list[str] = []
        for model in (TotpFactor, TotpRecoveryCode, SignInChallenge):
            for row in (await db.execute(sa.select(model))).scalars():
                out.extend(str(v) for v in vars(row).values())
        return out

    dump = " ".join(server.db(_rows))
    assert secret not in dump and secret.lower() not in dump
    for c in codes:
        assert c not in dump and c.replace("-", "") not in dump


def test_the_operator_console_needs_two_factor(server: LiveServer) -> None:
    op = make_person(server, "Оператор без 2FA", operator=True, totp=False)
    api = op.client(server)
    r = api.get("/operator/applications")
    assert r.status_code == 403 and r.json()["error"]["code"] == "totp_enrolment_required"
    status = api.get("/me/totp").json()
    assert status["required"] is True and status["required_by"] == ["operator"]
    r = api.post("/me/totp/setup", json={"password": op.password})
    secret = r.json()["secret"]
    assert api.post("/me/totp/confirm", json={"code": _code(secret)}).status_code == 200
    assert api.get("/operator/applications").status_code == 200
    # Not an operator: still the plain 404, whatever the factor.
    someone = make_person(server, totp=True)
    assert someone.client(server).get("/operator/applications").status_code == 404


def test_an_organisation_can_require_it_of_administrators(server: LiveServer) -> None:
    from tests.builders import make_member, make_org

    org = make_org(server)
    first = org.admin.client(server)
    patch = {"settings": {"admins_require_totp": True}}
    r = first.patch(f"/orgs/{org.id}", json=patch)
    assert r.status_code == 409 and r.json()["error"]["code"] == "totp_enrol_first"

    r = first.post("/me/totp/setup", json={"password": org.admin.password})
    secret = r.json()["secret"]
    assert first.post("/me/totp/confirm", json={"code": _code(secret)}).status_code == 200
    r = first.patch(f"/orgs/{org.id}", json=patch)
    assert r.status_code == 200 and r.json()["settings"]["admins_require_totp"] is True

    second = make_member(server, org.id, "admin")
    teacher = make_member(server, org.id, "teacher")
    s_api = second.client(server)
    r = s_api.get(f"/orgs/{org.id}/members")
    assert r.status_code == 403 and r.json()["error"]["code"] == "totp_required_by_org"
    status = s_api.get("/me/totp").json()
    assert status["required"] is True and status["required_by"] == [org.name]
    # Other roles are not asked; the enrolled administrator goes on working.
    assert teacher.client(server).get(f"/orgs/{org.id}").status_code == 200
    assert first.get(f"/orgs/{org.id}/members").status_code == 200
    r = s_api.post("/me/totp/setup", json={"password": second.password})
    code = _code(r.json()["secret"])
    assert s_api.post("/me/totp/confirm", json={"code": code}).status_code == 200
    assert s_api.get(f"/orgs/{org.id}/members").status_code == 200


def test_the_server_can_reset_a_lost_second_factor(
    server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from parta.cli import main

    p = make_person(server)
    api, _, _ = enrol(server, p)
    assert main(["reset-two-factor", "--email", p.email.upper()]) == 0
    assert "turned off" in capsys.readouterr().out
    assert api.get("/me").status_code == 401  # every session ended
    r = Api(server.url).post(
        "/auth/sign-in", json={"login": p.email, "password": p.password, "transport": "token"}
    )
    assert r.status_code == 200, r.text
    server.mailbox.wait_for(p.email, "выключена")
    assert main(["reset-two-factor", "--email", "nobody@example.org"]) == 1
