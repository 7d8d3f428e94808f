"""`parta create-operator` against a fresh, migrated SQLite database in its own process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
from argon2 import PasswordHasher

from tests.harness import free_port


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PARTA_DATA_DIR": str(tmp_path),
        "PARTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cli.db",
        "PARTA_ARGON2_MEMORY_KIB": "1024",
        "PARTA_ARGON2_TIME_COST": "1",
        "PARTA_LOG_FORMAT": "text",
        "PARTA_LOG_LEVEL": "WARNING",
    }


def _parta(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parta.cli", *args],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _sign_in_over_http(tmp_path: Path, email: str, password: str) -> dict[str, object]:
    """Start `parta serve` on this database and sign in as the operator."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "parta.cli", "serve", "--port", str(port)],
        env=_env(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
            time.sleep(0.1)
        r = httpx.post(
            base + "/api/v1/auth/sign-in",
            json={"login": email, "password": password, "transport": "token"},
        )
        assert r.status_code == 200, r.text
        me = httpx.get(
            base + "/api/v1/me", headers={"Authorization": f"Bearer {r.json()['token']}"}
        )
        result: dict[str, object] = me.json()
        return result
    finally:
        proc.terminate()
        proc.wait(10)


def _row(tmp_path: Path, email: str) -> tuple[int, str | None, str | None]:
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        row = conn.execute(
            "SELECT is_operator, password_hash, email_verified_at FROM accounts WHERE email = ?",
            (email,),
        ).fetchone()
    assert row is not None
    return int(row[0]), row[1], row[2]


def test_create_operator_then_promote(tmp_path: Path) -> None:
    r = _parta(tmp_path, "create-operator", "--email", "Op@Example.org", "--password", "short")
    assert r.returncode == 1
    assert "8 characters" in r.stderr
    assert (
        "database is not ready"
        in _parta(
            tmp_path, "create-operator", "--email", "op@example.org", "--password", "long enough 1"
        ).stderr
    )

    assert _parta(tmp_path, "migrate").returncode == 0
    r = _parta(
        tmp_path,
        "create-operator",
        "--email",
        "Op@Example.org",
        "--name",
        "Главный",
        "--password",
        "long enough 1",
    )
    assert r.returncode == 0, r.stderr
    assert "created operator account op@example.org" in r.stdout
    is_operator, pw_hash, verified = _row(tmp_path, "op@example.org")
    assert is_operator == 1 and verified is not None
    assert pw_hash is not None and PasswordHasher().verify(pw_hash, "long enough 1")

    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("UPDATE accounts SET is_operator = 0")
        actions = [a for (a,) in conn.execute("SELECT action FROM audit_events")]
    assert actions == ["operator.created"]
    r = _parta(
        tmp_path, "create-operator", "--email", "op@example.org", "--password", "other pass 2"
    )
    assert r.returncode == 0, r.stderr
    assert "promoted op@example.org to operator (its password is unchanged)" in r.stdout
    is_operator, pw_hash, _ = _row(tmp_path, "op@example.org")
    assert is_operator == 1
    assert pw_hash is not None and PasswordHasher().verify(pw_hash, "long enough 1")
    r = _parta(tmp_path, "create-operator", "--email", "op@example.org", "--password", "x" * 9)
    assert "already an operator" in r.stdout
    me = _sign_in_over_http(tmp_path, "op@example.org", "long enough 1")
    assert me["is_operator"] is True and me["display_name"] == "Главный"
