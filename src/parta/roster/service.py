"""Roster import use cases: preview an upload, list and read imports, export the links.

Every function takes the actor's OrgContext, checks Right.IMPORT_ROSTER, fetches inside the
organisation (another org's import is a 404) and flushes without committing.
"""

from __future__ import annotations

import csv
import io
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.config import get_settings
from parta.invites.links import invitation_url
from parta.kit.errors import Conflict, not_found
from parta.kit.pagination import clamp_limit
from parta.models import Invitation, RosterImport, SchoolClass
from parta.roster.parse import DEFAULT_MAX_GRADE, class_key, parse_roster
from parta.roster.schemas import (
    ApplyResult,
    RosterImportItem,
    RosterImportOut,
    RosterRow,
    RosterSummary,
)
from parta.structure.service import current_year

FORBIDDEN = "Only the organisation's administrators can import rosters."


def require_importer(ctx: OrgContext) -> None:
    """403 unless the actor may import rosters (checked before an upload is read)."""
    ctx.require(Right.IMPORT_ROSTER, FORBIDDEN)


def max_grade_of(settings: dict[str, object]) -> int:
    value = settings.get("max_grade", DEFAULT_MAX_GRADE)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 20:
        return value
    return DEFAULT_MAX_GRADE


async def current_class_keys(db: AsyncSession, org_id: str) -> dict[str, SchoolClass]:
    """The current year's classes by comparison key ({} without a current year)."""
    year = await current_year(db, org_id)
    if year is None:
        return {}
    stmt = sa.select(SchoolClass).where(
        SchoolClass.org_id == org_id,
        SchoolClass.academic_year_id == year.id,
        SchoolClass.archived_at.is_(None),
    )
    classes = (await db.execute(stmt)).scalars()
    return {class_key(c.grade, c.letter): c for c in classes}


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    ok = sum(1 for r in rows if r.get("status") == "ok")
    return {"total": len(rows), "ok": ok, "errors": len(rows) - ok}


async def summary_of(db: AsyncSession, imp: RosterImport) -> RosterSummary:
    existing = await current_class_keys(db, imp.org_id)
    new: dict[str, str] = {}
    for r in imp.rows:
        if r.get("status") == "ok" and isinstance(r.get("grade"), int):
            key = class_key(int(str(r["grade"])), str(r["letter"]))
            if key not in existing:
                new.setdefault(key, str(r["class_label"]))
    ordered = sorted(new.items(), key=lambda kv: (int("".join(filter(str.isdigit, kv[0]))), kv[0]))
    return RosterSummary(**_counts(imp.rows), new_classes=[label for _, label in ordered])


async def import_out(db: AsyncSession, imp: RosterImport) -> RosterImportOut:
    return RosterImportOut(
        id=imp.id,
        filename=imp.filename,
        status="applied" if imp.status == "applied" else "preview",
        created_at=imp.created_at,
        applied_at=imp.applied_at,
        rows=[RosterRow.model_validate(r) for r in imp.rows],
        summary=await summary_of(db, imp),
        result=ApplyResult.model_validate(imp.result) if imp.result else None,
    )


async def preview(
    db: AsyncSession, ctx: OrgContext, *, filename: str, data: bytes, ip: str
) -> RosterImport:
    """Parse the upload and store it as an import awaiting confirmation."""
    require_importer(ctx)
    # Parsing is CPU work (up to a few MiB of spreadsheet): keep it off the event loop.
    parsed = await run_in_threadpool(
        partial(
            parse_roster,
            data,
            max_grade=max_grade_of(ctx.org.settings),
            max_rows=get_settings().roster_max_rows,
        )
    )
    imp = RosterImport(
        org_id=ctx.org_id,
        created_by=ctx.account_id,
        filename=filename,
        status="preview",
        rows=parsed.rows,
    )
    db.add(imp)
    await db.flush()
    await record(
        db,
        "roster.previewed",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="roster_import",
        target_id=imp.id,
        ip=ip,
        data={"filename": filename, **_counts(parsed.rows)},
    )
    return imp


async def get_import(db: AsyncSession, ctx: OrgContext, import_id: str) -> RosterImport:
    """The import of this organisation (404 otherwise), for administrators only."""
    require_importer(ctx)
    imp = await db.get(RosterImport, import_id) if len(import_id) <= 26 else None
    if imp is None or imp.org_id != ctx.org_id:
        raise not_found("roster import")
    return imp


async def list_imports(
    db: AsyncSession, ctx: OrgContext, *, cursor: str | None, limit: int | None
) -> tuple[list[RosterImportItem], str | None]:
    """The organisation's imports, newest first, with a cursor for the next page."""
    require_importer(ctx)
    size = clamp_limit(limit)
    stmt = sa.select(RosterImport).where(RosterImport.org_id == ctx.org_id)
    if cursor:
        stmt = stmt.where(RosterImport.id < cursor[:26])
    stmt = stmt.order_by(RosterImport.id.desc()).limit(size + 1)
    found = list((await db.execute(stmt)).scalars())
    items = [
        RosterImportItem(
            id=i.id,
            filename=i.filename,
            status="applied" if i.status == "applied" else "preview",
            created_at=i.created_at,
            applied_at=i.applied_at,
            **_counts(i.rows),
        )
        for i in found[:size]
    ]
    return items, (found[size - 1].id if len(found) > size else None)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


async def links_csv(db: AsyncSession, ctx: OrgContext, import_id: str) -> tuple[str, bytes]:
    """(file name, UTF-8 CSV with BOM, `;`-separated) of the links an applied import created."""
    imp = await get_import(db, ctx, import_id)
    if imp.status != "applied" or not imp.result:
        raise Conflict(
            "The links exist only after the import has been applied.", code="not_applied"
        )
    result = ApplyResult.model_validate(imp.result)
    ids = [
        i
        for o in result.rows
        for i in (o.student_invitation_id, o.parent_invitation_id)
        if i is not None
    ]
    invitations: dict[str, Invitation] = {}
    if ids:
        stmt = sa.select(Invitation).where(Invitation.org_id == ctx.org_id, Invitation.id.in_(ids))
        invitations = {inv.id: inv for inv in (await db.execute(stmt)).scalars()}
    parsed = (RosterRow.model_validate(r) for r in imp.rows)
    emails = {r.row: r.parent_emails for r in parsed}

    def link(inv_id: str | None) -> str:
        inv = invitations.get(inv_id or "")
        return invitation_url(inv) if inv is not None and inv.revoked_at is None else ""

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Класс", "Ученик", "Ссылка ученика", "Ссылка родителя", "E-mail родителей"])
    for o in result.rows:
        if o.outcome != "created":
            continue
        writer.writerow(
            [
                _safe_cell(o.class_label),
                _safe_cell(o.full_name),
                link(o.student_invitation_id),
                link(o.parent_invitation_id),
                _safe_cell(", ".join(emails.get(o.row, []))),
            ]
        )
    return f"roster-links-{imp.id}.csv", b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
