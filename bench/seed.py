"""Benchmark data, created through the real services: one organisation, N members (the first
K are verified teachers who will send, the rest parents) and a session token for each."""

from __future__ import annotations

from dataclasses import dataclass

from parta.auth.accounts import create_account
from parta.auth.roles import OrgRole
from parta.auth.tokens import create_session
from parta.db import make_engine, make_sessionmaker, transaction
from parta.members.service import add_membership
from parta.orgs.service import DEFAULT_SETTINGS, create_org

# The school's per-person flood limit at its maximum (messages a minute, parta.safety), so that
# closed-loop senders measure the server rather than the organisation's protection.
MAX_RATES = {"student": 600, "parent": 600, "staff": 600}


@dataclass
class Seeded:
    org_id: str
    account_ids: list[str]
    tokens: list[str]  # tokens[i] belongs to account_ids[i]; the first `senders` are teachers


async def seed(database_url: str, members: int, senders: int, tag: str) -> Seeded:
    """Create the organisation and its people; commits in batches of 200."""
    engine = make_engine(database_url)
    maker = make_sessionmaker(engine)
    ids: list[str] = []
    tokens: list[str] = []
    try:
        async with transaction(maker) as db:
            org = await create_org(db, name=f"Bench school {tag}", kind="school", region="Bench")
            org.settings = {**DEFAULT_SETTINGS, "safety": {"rate_limits": MAX_RATES}}
            org_id = org.id
        for start in range(0, members, 200):
            async with transaction(maker) as db:
                for i in range(start, min(members, start + 200)):
                    teacher = i < senders
                    account = await create_account(
                        db,
                        display_name=f"{'Teacher' if teacher else 'Parent'} {i}",
                        password=None,
                        email=f"bench-{tag}-{i}@example.org",
                        email_verified=True,
                    )
                    await add_membership(
                        db,
                        org_id=org_id,
                        account=account,
                        role=OrgRole.TEACHER if teacher else OrgRole.PARENT,
                        verified_by=account.id if teacher else None,
                    )
                    new = await create_session(db, account, ip="127.0.0.1", user_agent="bench")
                    ids.append(account.id)
                    tokens.append(new.token)
    finally:
        await engine.dispose()
    return Seeded(org_id=org_id, account_ids=ids, tokens=tokens)
