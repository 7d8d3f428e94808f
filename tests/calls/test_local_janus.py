"""`parta serve` starts a local Janus (when installed) with secrets of its own."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from parta.calls.janus import Janus, JanusError
from parta.calls.local_janus import start_local_janus
from parta.config import Settings


def test_local_janus_starts_with_generated_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("janus") is None:
        pytest.skip("janus is not installed")
    for name in ("PARTA_JANUS_URL", "PARTA_JANUS_API_SECRET", "PARTA_JANUS_ADMIN_KEY"):
        monkeypatch.delenv(name, raising=False)  # restored (absent) after the test
    settings = Settings(data_dir=tmp_path, janus_url="")
    proc = start_local_janus(settings)
    assert proc is not None
    try:
        assert settings.janus_url.startswith("ws://127.0.0.1:")
        keys = json.loads((tmp_path / "janus" / "secrets.json").read_text())
        assert keys["api_secret"] == settings.janus_api_secret
        assert (tmp_path / "janus" / "secrets.json").stat().st_mode & 0o077 == 0

        async def probe() -> None:
            good = Janus(settings.janus_url, settings.janus_api_secret)
            await good.ensure()
            assert good.session_id
            await good.close()
            bad = Janus(settings.janus_url, "guess")
            with pytest.raises(JanusError):
                await bad.ensure()
            await bad.close()

        asyncio.run(probe())
    finally:
        proc.terminate()
        proc.wait(10)
    # A configured Janus elsewhere is left alone.
    assert start_local_janus(Settings(data_dir=tmp_path, janus_url="ws://x:1")) is None
