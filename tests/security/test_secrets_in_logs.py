"""Secrets never reach the log: passwords, session and CSRF tokens, bot tokens, the calendar
feed's and the incoming webhook's secret addresses, invitation tokens, e-mail codes and the
second factor's challenge. Everything is done through the real API while every logger of the
process records at DEBUG; then each record, rendered as the production JSON formatter renders
it (extras included), is searched for each secret."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pyotp
import pytest

from parta.kit.clock import utcnow
from parta.logging_setup import QUIET_LIBRARIES, JsonFormatter, quiet_libraries
from tests.builders import make_person
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer, body_of
from tests.integrations.helpers import bearer, created


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything at DEBUG, with the library levels production keeps even at DEBUG."""
    caplog.set_level(logging.DEBUG)
    saved = {name: logging.getLogger(name).level for name in QUIET_LIBRARIES}
    quiet_libraries()
    yield caplog
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


def test_no_secret_is_ever_logged(server: LiveServer, debug_logs: pytest.LogCaptureFixture) -> None:
    caplog = debug_logs
    secrets: dict[str, str] = {}
    school = make_school(server, students=1)
    org = school.org.id
    admin = school.org.admin.client(server)
    teacher = school.teacher.client(server)
    class_chat = school.chat_of_kind(teacher, "class")["id"]

    # Password sign-in, both transports; a wrong password too.
    person = make_person(server)
    secrets["password"] = person.password
    with Api(server.url) as api:
        bad = api.post("/auth/sign-in", json={"login": person.email, "password": "Wr0ng-pass!"})
        assert bad.status_code == 401
        secrets["wrong password"] = "Wr0ng-pass!"
        token = api.sign_in(person.email, person.password)["token"]
        secrets["session token"] = token
        assert api.get("/me").status_code == 200
    with Api(server.url) as web:
        data = web.sign_in_cookie(person.email, person.password)
        secrets["csrf token"] = data["csrf_token"]
        secrets["session cookie"] = web.cookies["parta_session"]
        assert web.patch("/me", json={"display_name": "Новое имя"}).status_code == 200

    # A sign-in code by e-mail.
    with Api(server.url) as api:
        assert (
            api.post("/auth/codes", json={"email": person.email, "purpose": "sign_in"}).status_code
            == 202
        )
        mail = body_of(server.mailbox.wait_for(person.email, "Код для входа"))
        code = next(line.strip() for line in mail.splitlines() if line.strip().isdigit())
        secrets["e-mail code"] = code
        body = {"email": person.email, "code": code, "transport": "token"}
        assert api.post("/auth/sign-in/code", json=body).status_code == 200

    # Two-factor: the secret, the challenge, a recovery code.
    api = person.client(server)
    setup = api.post("/me/totp/setup", json={"password": person.password}).json()
    secrets["totp secret"] = setup["secret"]
    totp = pyotp.TOTP(setup["secret"])
    codes = api.post("/me/totp/confirm", json={"code": totp.at(utcnow())}).json()["codes"]
    secrets["recovery code"] = codes[0]
    with Api(server.url) as api2:
        r = api2.post("/auth/sign-in", json={"login": person.email, "password": person.password})
        challenge = r.json()["error"]["fields"]["challenge"]
        secrets["challenge"] = challenge
        r = api2.post("/auth/sign-in/totp", json={"challenge": challenge, "code": codes[0]})
        assert r.status_code == 200, r.text

    # A bot token used on the bot API.
    bot = created(admin, f"/orgs/{org}/bots", {"name": "Журнал"})
    r = admin.post(f"/orgs/{org}/bots/{bot['id']}/chats", json={"chat_id": class_chat})
    assert r.status_code == 200, r.text
    tok = created(admin, f"/orgs/{org}/bots/{bot['id']}/tokens", {"scopes": ["messages:write"]})[
        "token"
    ]
    secrets["bot token"] = tok
    r = bearer(server.url, tok).post(
        f"/bot/chats/{class_chat}/messages", json={"client_id": str(uuid.uuid4()), "body": "Hi"}
    )
    assert r.status_code == 201, r.text

    # The calendar feed's secret address.
    parent = school.parents[0].client(server)
    feed_url = parent.post("/me/calendar-feed").json()["url"]
    secrets["feed token"] = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    assert httpx.get(feed_url).status_code == 200

    # An incoming webhook's secret address: a post, a bad post, an unknown hook.
    hook = created(admin, f"/orgs/{org}/incoming-webhooks", {"name": "CI", "chat_id": class_chat})
    secrets["webhook token"] = hook["url"].rsplit("/", 1)[1]
    assert httpx.post(hook["url"], json={"text": "Сборка прошла"}).status_code == 201
    bad_json = {"Content-Type": "application/json"}
    assert httpx.post(hook["url"], content=b"{not json", headers=bad_json).status_code == 400
    assert httpx.post(hook["url"] + "x", json={"text": "x"}).status_code == 404

    # An invitation link: the API landing and the web page.
    inv = created(admin, f"/orgs/{org}/invitations", {"role": "teacher"})
    secrets["invitation token"] = inv["token"]
    assert Api(server.url).get(f"/invite/{inv['token']}").status_code == 200
    assert httpx.get(f"{server.url}/invite/{inv['token']}").status_code == 200

    # Let the request log of the last requests land, then read everything.
    time.sleep(0.3)
    formatter = JsonFormatter()
    # The test's own HTTP client logs what it sends; only the server's records count.
    mine = threading.get_ident()
    lines = [formatter.format(r) for r in caplog.records if r.thread != mine]
    assert any('"path": "/api/v1/hooks/[redacted]"' in line for line in lines), "no hook request"
    assert any("/api/v1/calendar/[redacted].ics" in line for line in lines)
    assert any('"path": "/invite/[redacted]"' in line for line in lines)
    found = [
        (what, line)
        for what, secret in secrets.items()
        for line in lines
        if secret in line or secret.replace("-", "") in line
    ]
    assert not found, "\n".join(f"{what}: {line[:300]}" for what, line in found)
