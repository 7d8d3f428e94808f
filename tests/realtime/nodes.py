"""Separate `parta serve` processes for multi-node tests, and data seeded for them through
the real services on their database (from the test process, with its own engine)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.accounts import create_account
from parta.auth.roles import OrgRole
from parta.db import make_engine, make_sessionmaker, transaction
from parta.members.service import add_membership
from parta.orgs.service import create_org
from tests.builders import PASSWORD, unique
from tests.harness import Api, free_port


class Node:
    """One `parta serve` process on 127.0.0.1, its output in a log file."""

    def __init__(self, name: str, data_dir: Path, env: dict[str, str]) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / f"{name}.log"
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PARTA_")}
        clean.update(
            {
                "PARTA_DATA_DIR": str(data_dir),
                "PARTA_PUBLIC_BASE_URL": self.url,
                "PARTA_LOG_FORMAT": "text",
                "PARTA_LOG_LEVEL": "WARNING",
                "PARTA_ARGON2_MEMORY_KIB": "1024",
                "PARTA_ARGON2_TIME_COST": "1",
                **env,
            }
        )
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "parta.cli", "serve", "--port", str(self.port)],
            env=clean,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.proc.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def api(self, token: str) -> Api:
        api = Api(self.url)
        api.headers["Authorization"] = f"Bearer {token}"
        return api

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


@dataclass
class Member:
    account_id: str
    email: str
    name: str


@dataclass
class SmallOrg:
    id: str
    teacher: Member
    others: list[Member]


def seed_org(database_url: str, others: int = 2, role: OrgRole = OrgRole.PARENT) -> SmallOrg:
    """An organisation with a verified teacher and `others` members, via the services."""

    async def _make(db: AsyncSession) -> SmallOrg:
        org = await create_org(db, name=unique("School №"), kind="school", region="Test")
        people = []
        for i, r in enumerate([OrgRole.TEACHER] + [role] * others):
            email = unique(f"node{i}-") + "@example.org"
            name = unique(f"{r} ")
            account = await create_account(
                db, display_name=name, password=PASSWORD, email=email, email_verified=True
            )
            await add_membership(
                db,
                org_id=org.id,
                account=account,
                role=r,
                verified_by=account.id if r == OrgRole.TEACHER else None,
            )
            people.append(Member(account.id, email, name))
        return SmallOrg(org.id, people[0], people[1:])

    async def _go() -> SmallOrg:
        engine = make_engine(database_url)
        try:
            async with transaction(make_sessionmaker(engine)) as db:
                return await _make(db)
        finally:
            await engine.dispose()

    return asyncio.run(_go())


def sign_in(url: str, member: Member) -> str:
    """A Bearer token for `member`, signed in over HTTP."""
    with Api(url) as api:
        return str(api.sign_in(member.email, PASSWORD)["token"])
