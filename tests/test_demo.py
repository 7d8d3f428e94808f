"""`parta migrate` + `parta demo` as a newcomer runs them (`make run` does the same)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _parta(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTA_DATA_DIR": str(data_dir), "PARTA_ARGON2_MEMORY_KIB": "1024"}
    env.pop("PARTA_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "parta.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_creates_a_school_once_and_prints_passwords_once(tmp_path: Path) -> None:
    assert _parta(tmp_path, "migrate").returncode == 0
    first = _parta(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "admin@demo.example.org" in first.stdout
    assert "masha_ivanova" in first.stdout  # a primary-grade student signs in with a login
    assert "Traceback" not in first.stderr
    second = _parta(tmp_path, "demo")
    assert second.returncode == 0
    assert "admin@demo.example.org" not in second.stdout  # passwords are shown only once
    db = sqlite3.connect(tmp_path / "parta.db")
    assert db.execute("select count(*) from orgs").fetchone() == (1,)
    classes = {r[0] for r in db.execute("select grade || letter from school_classes")}
    assert classes == {"1А", "5А", "5Б", "9А"}
    kinds = {r[0] for r in db.execute("select distinct kind from chats")}
    assert kinds == {"staff", "channel", "class", "class_parents"}
    assert db.execute("select count(*) from messages").fetchone()[0] >= 5
    roles = {r[0] for r in db.execute("select distinct role from memberships")}
    assert roles == {"admin", "head", "teacher", "staff", "student", "parent"}
    reset = _parta(tmp_path, "demo", "--reset-passwords")
    assert "admin@demo.example.org" in reset.stdout


def test_cli_help_explains_every_command(tmp_path: Path) -> None:
    out = _parta(tmp_path, "--help").stdout
    for command in ("serve", "migrate", "demo", "create-operator"):
        assert command in out
    assert "--workers" in _parta(tmp_path, "serve", "--help").stdout
