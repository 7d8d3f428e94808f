"""Browser tests: Python Playwright driving Debian's Chromium (never a downloaded browser)
against the live test server, which serves the built web client from web/dist.

The build is made once per session when web/dist is missing or older than its sources
(needs npm); without npm or Chromium the tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
# PARTA_WEB_DIST (read by the server too) lets parallel checkouts' test runs build apart.
DIST = Path(os.environ.get("PARTA_WEB_DIST") or WEB / "dist")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SOURCES = ["src", "public", "index.html", "package.json", "package-lock.json", "vite.config.ts"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run against the SQLite server only.

    They test the web app; every API behaviour they touch is covered on PostgreSQL by the
    server tests, and running the slow browser suite twice would double CI time for nothing
    new. Set PARTA_WEB_TESTS_ALL_BACKENDS=1 to run them on every backend anyway.
    """
    if os.environ.get("PARTA_WEB_TESTS_ALL_BACKENDS"):
        return
    web_dir = Path(__file__).parent
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_other = callspec is not None and callspec.params.get("server") not in (None, "sqlite")
        (drop if on_other and web_dir in Path(str(item.fspath)).parents else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = WEB / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for f in files:
            newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_web_build() -> None:
    index = DIST / "index.html"
    if index.is_file() and index.stat().st_mtime >= _newest_source():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot build web/dist for the browser tests")
    steps = [[npm, "run", "build"]]
    if DIST != WEB / "dist":
        steps = [[npm, "run", "build", "--", "--outDir", str(DIST), "--emptyOutDir"]]
    if not (WEB / "node_modules" / ".package-lock.json").is_file():
        steps.insert(0, [npm, "ci"])
    for cmd in steps:
        done = subprocess.run(cmd, cwd=WEB, capture_output=True, text=True)
        if done.returncode != 0:
            out = (done.stdout + done.stderr)[-4000:]
            pytest.fail(f"{' '.join(cmd[1:])} failed in web/:\n{out}", pytrace=False)


@pytest.fixture(scope="session")
def web_build() -> None:
    ensure_web_build()


@pytest.fixture
def browser(web_build: None) -> Iterator[Any]:
    """A fresh Chromium per test. Not session-wide: Playwright's sync API keeps its event
    loop marked as running in this thread, which would break asyncio.run() in other tests
    (and in the PostgreSQL server fixture) while it lives."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()
    pw.stop()


NewPage = Callable[..., Any]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def new_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[NewPage]:
    """Open a page in a fresh context (its own cookies): `new_page(theme="contrast")`.
    When the test fails, every page it opened is saved to test-artifacts/."""
    contexts: list[Any] = []

    def make(theme: str = "light", locale: str = "ru-RU", **options: Any) -> Any:
        ctx = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800}, **options)
        prefs = json.dumps({"theme": theme, "text": "normal"})
        ctx.add_init_script(f"localStorage.setItem('parta.appearance', {json.dumps(prefs)});")
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    if request.node.stash.get(_FAILED, False):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, ctx in enumerate(contexts):
            for j, page in enumerate(ctx.pages):
                shot(page, f"failed-{name}-{i}{j}")
    for ctx in contexts:
        ctx.close()


def shot(page: Any, name: str) -> None:
    """Save a screenshot under test-artifacts/ (gitignored) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
