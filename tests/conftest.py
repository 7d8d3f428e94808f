"""Fixtures: one live server per database backend; every test that uses it runs on each.

The suite runs on SQLite, and on PostgreSQL as well when PARTA_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from parta.kit.clock import clock
from tests.builders import OrgInfo, make_org
from tests.harness import Api, LiveServer

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("PARTA_TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    backend: str = request.param
    data_dir: Path = tmp_path_factory.mktemp(f"parta-{backend}")
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{data_dir}/parta.db"
    else:
        url = os.environ["PARTA_TEST_DATABASE_URL"]
    live = LiveServer(backend, url, data_dir)
    yield live
    live.stop()


@pytest.fixture(autouse=True)
def _reset_clock() -> Iterator[None]:
    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def anon(server: LiveServer) -> Iterator[Api]:
    """An anonymous client from its own address."""
    with Api(server.url) as api:
        yield api


@pytest.fixture
def org(server: LiveServer) -> OrgInfo:
    return make_org(server)
