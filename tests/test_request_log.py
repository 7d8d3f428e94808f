from __future__ import annotations

import logging
import time

import pytest

from tests.builders import make_person
from tests.harness import Api, LiveServer


def test_requests_are_logged_with_status_actor_and_address(
    server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="parta.request")
    person = make_person(server)
    api = person.client(server)
    api.get("/me")
    api.get("/no-such-route")
    Api(server.url).get("/healthz")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        records = [r for r in caplog.records if r.name == "parta.request"]
        mine = [r for r in records if getattr(r, "path", "") == "/api/v1/me"]
        if mine and any(getattr(r, "status", 0) == 404 for r in records):
            break
        time.sleep(0.05)
    me = next(r for r in records if getattr(r, "path", "") == "/api/v1/me")
    assert (me.method, me.status, me.actor, me.ip) == ("GET", 200, person.account_id, api.ip)  # type: ignore[attr-defined]
    assert me.ms >= 0  # type: ignore[attr-defined]
    assert any(getattr(r, "status", 0) == 404 for r in records)
    assert not any(getattr(r, "path", "") == "/healthz" for r in records)
