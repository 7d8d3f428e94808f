"""Fixtures of the push tests: a local push service, and the setting that allows it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness import LiveServer
from tests.push.receiver import PushReceiver


@pytest.fixture(scope="session")
def receiver() -> Iterator[PushReceiver]:
    r = PushReceiver()
    yield r
    r.stop()


@pytest.fixture
def allow_private(server: LiveServer) -> Iterator[None]:
    """The receiver lives on 127.0.0.1: only PARTA_PUSH_ALLOW_PRIVATE lets pushes reach it."""
    server.settings.push_allow_private = True
    yield
    server.settings.push_allow_private = False
