"""A parent's safe mode for their own minor child: stricter than the organisation's rules,
never looser (the organisation's are applied on top, `policy.for_child`).

Only a confirmed parent of a child under the organisation's consent age (parta.privacy's
rule for who manages a child's data) may choose; anyone else gets 404. Either parent may
change it; the last choice counts, and it is audited.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.kit.clock import utcnow
from parta.kit.errors import not_found
from parta.models import Account, ChildSafety, Membership, SchoolClass
from parta.privacy.subjects import minor_children
from parta.safety import policy
from parta.safety.schemas import ChildRulesIn, ChildRulesOut, SafeModeRules
from parta.safety.settings import safe_mode, safety_settings


async def _children(db: AsyncSession, ctx: OrgContext) -> list[str]:
    return [
        c.account_id for c in await minor_children(db, ctx.account_id) if c.org_id == ctx.org_id
    ]


def _rules_out(rules: policy.SafeMode) -> SafeModeRules:
    return SafeModeRules(
        enabled=rules.enabled,
        classmates=rules.classmates,
        classmate_calls=rules.classmate_calls,
        teachers=rules.teachers,
    )


async def _views(db: AsyncSession, ctx: OrgContext, ids: list[str]) -> list[ChildRulesOut]:
    if not ids:
        return []
    rows = {
        r.student_id: r
        for r in (
            await db.execute(
                sa.select(ChildSafety).where(
                    ChildSafety.org_id == ctx.org_id, ChildSafety.student_id.in_(ids)
                )
            )
        ).scalars()
    }
    stmt_names = sa.select(Account.id, Account.display_name).where(Account.id.in_(ids))
    names = {a: n for a, n in (await db.execute(stmt_names)).all()}
    labels: dict[str, str] = {}
    stmt = (
        sa.select(Membership.account_id, SchoolClass.grade, SchoolClass.letter)
        .join(SchoolClass, SchoolClass.id == Membership.class_id)
        .where(
            Membership.org_id == ctx.org_id,
            Membership.account_id.in_(ids),
            Membership.role == "student",
            Membership.status == "active",
        )
    )
    for account_id, grade, letter in (await db.execute(stmt)).all():
        labels[account_id or ""] = f"{grade}{letter}"
    org = safe_mode(ctx.org)
    out = []
    for account_id in ids:
        row = rows.get(account_id)
        chosen = ChildRulesIn(
            classmates=row.classmates if row else True,
            classmate_calls=row.classmate_calls if row else True,
            teachers="own" if row is not None and row.teachers == "own" else "all",
        )
        child = policy.ChildRules(
            classmates=chosen.classmates,
            classmate_calls=chosen.classmate_calls,
            teachers=chosen.teachers,
        )
        out.append(
            ChildRulesOut(
                student_id=account_id,
                name=names.get(account_id, ""),
                class_label=labels.get(account_id),
                chosen=chosen,
                org=safety_settings(ctx.org).safe_mode,
                effective=_rules_out(policy.for_child(org, child)),
            )
        )
    return sorted(out, key=lambda c: (c.name, c.student_id))


async def my_children(db: AsyncSession, ctx: OrgContext) -> list[ChildRulesOut]:
    """My minor children in this organisation, with the rules that apply to each."""
    return await _views(db, ctx, await _children(db, ctx))


async def set_child(
    db: AsyncSession, ctx: OrgContext, student_id: str, body: ChildRulesIn, *, ip: str
) -> ChildRulesOut:
    if student_id not in await _children(db, ctx):
        raise not_found("child")
    stmt = sa.select(ChildSafety).where(
        ChildSafety.org_id == ctx.org_id, ChildSafety.student_id == student_id
    )
    row = (await db.execute(stmt)).scalar_one_or_none()
    if row is None:
        row = ChildSafety(org_id=ctx.org_id, student_id=student_id)
        db.add(row)
    row.classmates, row.classmate_calls = body.classmates, body.classmate_calls
    row.teachers, row.set_by, row.updated_at = body.teachers, ctx.account_id, utcnow()
    await db.flush()
    await record(
        db,
        "safety.child_rules_changed",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="account",
        target_id=student_id,
        ip=ip,
        data=body.model_dump(),
    )
    (view,) = await _views(db, ctx, [student_id])
    return view
