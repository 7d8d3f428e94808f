"""Who I may start a direct chat with: the people of the organisation the direct-message
policy allows, for the "new direct chat" dialog.

One request loads the organisation's active members once (names in one query, the policy
inputs in two more through `people.policy_people`) and filters in Python: a 2,000-member
school is a few milliseconds of work, with no per-person query.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats import policy
from parta.chats.people import policy_people
from parta.models import Account, Membership, SchoolClass
from parta.models.membership import fold_name
from parta.safety import reach

MAX_LIMIT = 200


@dataclass(frozen=True)
class Candidate:
    account_id: str
    name: str
    roles: tuple[str, ...]
    verified: bool
    class_label: str | None


async def direct_candidates(
    db: AsyncSession, ctx: OrgContext, q: str | None, limit: int
) -> list[Candidate]:
    """People of this organisation I may open a direct chat with, by name, at most `limit`."""
    stmt = (
        sa.select(
            Membership.account_id, Account.display_name, SchoolClass.grade, SchoolClass.letter
        )
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(SchoolClass, SchoolClass.id == Membership.class_id)
        .where(
            Membership.org_id == ctx.org_id,
            Membership.status == "active",
            Membership.account_id.is_not(None),
            Membership.account_id != ctx.account_id,
        )
    )
    folded = fold_name(q or "")
    names: dict[str, str] = {}
    classes: dict[str, str] = {}
    for account_id, name, grade, letter in (await db.execute(stmt)).all():
        if account_id is None or (folded and folded not in fold_name(name)):
            continue
        names[account_id] = name
        if grade is not None:
            classes[account_id] = f"{grade}{letter}"
    if not names:
        return []
    people = await policy_people(db, ctx.org_id, [ctx.account_id, *names])
    me = people.get(ctx.account_id)
    if me is None:
        return []
    rules = policy.direct_policy(ctx.org.settings)
    allowed = [
        p
        for a, p in people.items()
        if a != ctx.account_id and policy.may_start_direct(me, p, rules)
    ]
    refused = await reach.unreachable(db, ctx, [p.account_id for p in allowed], "message")
    allowed = [p for p in allowed if p.account_id not in refused]  # safe mode for students
    allowed.sort(key=lambda p: (fold_name(names[p.account_id]), p.account_id))
    return [
        Candidate(
            account_id=p.account_id,
            name=names[p.account_id],
            roles=tuple(sorted(r.value for r in p.roles)),
            verified=p.verified_staff,
            class_label=classes.get(p.account_id),
        )
        for p in allowed[: max(1, min(limit, MAX_LIMIT))]
    ]
