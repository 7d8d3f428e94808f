"""Applying a previewed roster: classes, pending students, their invitations, parents' mail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.invites.links import create_invitation
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict
from parta.mail.outbox import queue_mail
from parta.models import AcademicYear, Membership, RosterImport, SchoolClass
from parta.roster import texts
from parta.roster.parse import class_key, name_key
from parta.roster.schemas import ApplyIn, ApplyResult, RosterRow, RowOutcome
from parta.roster.service import current_class_keys, get_import
from parta.structure.service import create_class, current_year

INVITATION_DAYS = 30
STUDENT_LINK_USES = 1
PARENT_LINK_USES = 2


@dataclass
class _Run:
    """State of one apply: the year's classes, who is already there, what was done."""

    db: AsyncSession
    ctx: OrgContext
    year: AcademicYear
    options: ApplyIn
    expires_at: datetime
    classes: dict[str, SchoolClass]
    present: set[tuple[str, str]] = field(default_factory=set)
    created_classes: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    notified: int = 0


async def _students_present(db: AsyncSession, class_ids: list[str]) -> set[tuple[str, str]]:
    """(class id, name key) of pending or active students of these classes."""
    if not class_ids:
        return set()
    stmt = sa.select(Membership.class_id, Membership.full_name).where(
        Membership.class_id.in_(class_ids),
        Membership.role == OrgRole.STUDENT,
        Membership.status.in_(("pending", "active")),
    )
    return {(str(cid), name_key(name)) for cid, name in (await db.execute(stmt)).all()}


async def _class_for(run: _Run, row: dict[str, Any]) -> SchoolClass | None:
    key = class_key(int(row["grade"]), str(row["letter"]))
    found = run.classes.get(key)
    if found is None and run.options.create_missing_classes:
        found = await create_class(
            run.db, run.ctx.org_id, run.year, grade=int(row["grade"]), letter=str(row["letter"])
        )
        run.classes[key] = found
        run.created_classes.append(found.label)
    return found


def _outcome(
    row: dict[str, Any],
    outcome: str,
    code: str = "",
    message: str = "",
    params: dict[str, str | int] | None = None,
    ids: dict[str, str] | None = None,
) -> RowOutcome:
    return RowOutcome.model_validate(
        {
            "row": row["row"],
            "class_label": row["class_label"],
            "full_name": row["full_name"],
            "outcome": outcome,
            "code": code,
            "params": params or {},
            "message": message,
            **(ids or {}),
        }
    )


def _error_texts(row: dict[str, Any]) -> str:
    errors = RosterRow.model_validate(row).errors
    return " ".join(e.message for e in errors)


def _local(dt: datetime, tz: str) -> datetime:
    try:
        return dt.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return dt


async def _apply_row(run: _Run, row: dict[str, Any]) -> RowOutcome:
    if row.get("status") != "ok":
        return _outcome(row, "failed", "row_invalid", _error_texts(row))
    school_class = await _class_for(run, row)
    if school_class is None:
        return _outcome(
            row,
            "failed",
            "class_not_in_year",
            f"The class {row['class_label']} does not exist in the current year.",
            {"class_label": str(row["class_label"])},
        )
    who = (school_class.id, name_key(str(row["full_name"])))
    if who in run.present:
        return _outcome(row, "skipped", "already_exists", "already exists")
    run.present.add(who)
    db, org_id = run.db, run.ctx.org_id
    student = Membership(
        org_id=org_id,
        account_id=None,
        role=OrgRole.STUDENT,
        status="pending",
        full_name=str(row["full_name"]),
        class_id=school_class.id,
        contact_email=row.get("student_email"),
    )
    db.add(student)
    await db.flush()
    label = f"{row['full_name']}, {school_class.label}"[:200]
    student_inv, _ = await create_invitation(
        db,
        org_id=org_id,
        role=OrgRole.STUDENT,
        created_by=run.ctx.account_id,
        kind="personal",
        class_id=school_class.id,
        membership_id=student.id,
        expires_at=run.expires_at,
        max_uses=STUDENT_LINK_USES,
        label=label,
    )
    student.invitation_id = student_inv.id
    ids = {"membership_id": student.id, "student_invitation_id": student_inv.id}
    parents = [str(e) for e in row.get("parent_emails") or []]
    if parents:
        parent_inv, parent_url = await create_invitation(
            db,
            org_id=org_id,
            role=OrgRole.PARENT,
            created_by=run.ctx.account_id,
            kind="parent",
            class_id=school_class.id,
            student_membership_id=student.id,
            expires_at=run.expires_at,
            max_uses=PARENT_LINK_USES,
            label=label,
        )
        ids["parent_invitation_id"] = parent_inv.id
        if run.options.notify_parents:
            await _notify(run, parents, str(row["full_name"]), parent_url)
    return _outcome(row, "created", ids=ids)


async def _notify(run: _Run, parents: list[str], child: str, link: str) -> None:
    org = run.ctx.org
    admin = run.ctx.membership(OrgRole.ADMIN)
    inviter = (admin.full_name if admin else "") or run.ctx.actor.account.display_name
    body = texts.parent_invitation_body(
        inviter=inviter,
        org_name=org.name,
        child_name=child,
        link=link,
        expires_at=_local(run.expires_at, org.timezone),
    )
    for email in parents:
        await queue_mail(run.db, email, texts.parent_invitation_subject(org.name), body)
        run.notified += 1


async def apply_import(
    db: AsyncSession, ctx: OrgContext, import_id: str, options: ApplyIn, *, ip: str
) -> RosterImport:
    """Create the previewed roster's classes, pending students and invitations (once)."""
    imp = await get_import(db, ctx, import_id)
    if imp.status != "preview":
        raise Conflict("This roster has already been applied.", code="already_applied")
    year = await current_year(db, ctx.org_id)
    if year is None:
        raise Conflict(
            "There is no current academic year. Create the academic year first, "
            "then apply the roster.",
            code="no_current_year",
        )
    now = utcnow()
    # Claim the import atomically, so that two concurrent applies cannot both run.
    claimed = await db.execute(
        sa.update(RosterImport)
        .where(RosterImport.id == imp.id, RosterImport.status == "preview")
        .values(status="applied", applied_at=now)
        .execution_options(synchronize_session=False)
    )
    if not isinstance(claimed, CursorResult) or claimed.rowcount != 1:
        raise Conflict("This roster has already been applied.", code="already_applied")
    classes = await current_class_keys(db, ctx.org_id)
    run = _Run(
        db=db,
        ctx=ctx,
        year=year,
        options=options,
        expires_at=now + timedelta(days=INVITATION_DAYS),
        classes=classes,
        present=await _students_present(db, [c.id for c in classes.values()]),
    )
    for row in imp.rows:
        run.outcomes.append(await _apply_row(run, row))
    result = ApplyResult(
        created=sum(1 for o in run.outcomes if o.outcome == "created"),
        skipped=sum(1 for o in run.outcomes if o.outcome == "skipped"),
        failed=sum(1 for o in run.outcomes if o.outcome == "failed"),
        created_classes=run.created_classes,
        notified_parents=run.notified,
        rows=run.outcomes,
    )
    imp.status, imp.applied_at, imp.result = "applied", now, result.model_dump(mode="json")
    await db.flush()
    counts = result.model_dump(include={"created", "skipped", "failed", "notified_parents"})
    await record(
        db,
        "roster.applied",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="roster_import",
        target_id=imp.id,
        ip=ip,
        data={**counts, "created_classes": run.created_classes},
    )
    return imp
