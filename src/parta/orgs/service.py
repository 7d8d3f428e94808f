"""Organisation use cases: creation (on the operator's approval), profile and settings."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.auth.totp_state import is_enrolled
from parta.config import get_settings
from parta.integrations.gradebook import links_for
from parta.kit.errors import Conflict, Unprocessable
from parta.members.briefs import is_verified
from parta.models import Org, SchoolClass, StoredFile
from parta.orgs.schemas import MyRole, OrgOut, OrgPatch, OrgSettings

ORG_KINDS = ("school", "college", "kindergarten", "additional")

DEFAULT_SETTINGS: dict[str, object] = {
    "primary_grades": [1, 2, 3, 4],
    "max_grade": 11,
    # Read by the message service (read receipts of students, the edit window).
    "read_receipts_students": True,
    "edit_window_minutes": 48 * 60,
    # Read by presence: students' online state is hidden unless the organisation opts in.
    "show_student_presence": False,
}


async def create_org(
    db: AsyncSession,
    *,
    name: str,
    kind: str,
    region: str = "",
    address: str = "",
    inn: str = "",
    timezone: str = "Europe/Moscow",
) -> Org:
    """Create an organisation (only the operator's approval and the demo command call this)."""
    org = Org(
        name=name,
        kind=kind,
        region=region,
        address=address,
        inn=inn,
        timezone=timezone,
        settings=dict(DEFAULT_SETTINGS),
    )
    db.add(org)
    await db.flush()
    return org


def org_settings(org: Org) -> OrgSettings:
    """The organisation's settings, defaults filling whatever was never set."""
    raw = {**DEFAULT_SETTINGS, **(org.settings or {})}
    grades = raw["primary_grades"]
    max_grade = raw["max_grade"]
    receipts = raw["read_receipts_students"]
    window = raw["edit_window_minutes"]
    presence = raw["show_student_presence"]
    config = get_settings()
    return OrgSettings(
        primary_grades=[int(g) for g in grades] if isinstance(grades, list) else [],
        max_grade=int(max_grade) if isinstance(max_grade, int) else 11,
        read_receipts_students=receipts if isinstance(receipts, bool) else True,
        show_student_presence=presence if isinstance(presence, bool) else False,
        edit_window_minutes=window
        if isinstance(window, int) and not isinstance(window, bool)
        else 48 * 60,
        # Limits the organisation never set follow the server's configuration.
        file_max_mb=_positive(raw.get("file_max_mb"), config.file_max_mb),
        storage_quota_mb=_positive(raw.get("storage_quota_mb"), config.storage_quota_mb),
        gradebook_url=_text(raw.get("gradebook_url")),
        diary_url=_text(raw.get("diary_url")),
        admins_require_totp=raw.get("admins_require_totp") is True,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _positive(value: object, default: int) -> int:
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
    )


async def storage_used_bytes(db: AsyncSession, org_id: str) -> int:
    """Bytes the organisation's stored files take (thumbnails and previews included)."""
    stmt = sa.select(sa.func.coalesce(sa.func.sum(StoredFile.size), 0)).where(
        StoredFile.org_id == org_id
    )
    return int((await db.execute(stmt)).scalar_one())


def max_grade(org: Org) -> int:
    return org_settings(org).max_grade


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


async def profile(db: AsyncSession, ctx: OrgContext) -> OrgOut:
    """The organisation as the caller sees it, with its settings and used storage."""
    org = ctx.org
    settings = org_settings(org)
    settings.storage_used_bytes = await storage_used_bytes(db, org.id)
    return OrgOut(
        id=org.id,
        name=org.name,
        kind=org.kind,
        region=org.region,
        address=org.address,
        timezone=org.timezone,
        settings=settings,
        gradebook=links_for(settings, ctx),
        my_roles=[
            MyRole(
                membership_id=m.id,
                role=m.role,  # type: ignore[arg-type]  # stored values are OrgRole names
                verified=is_verified(m),
                class_id=m.class_id,
            )
            for m in ctx.memberships
        ],
    )


async def update_org(db: AsyncSession, ctx: OrgContext, patch: OrgPatch, *, ip: str) -> OrgOut:
    ctx.require(Right.MANAGE_ORG, "Only administrators can change the organisation.")
    org = ctx.org
    changed: dict[str, object] = {}
    if patch.name is not None:
        name = " ".join(patch.name.split())
        if not name:
            raise Unprocessable("Please enter a name.", fields={"name": "required"})
        changed["name"] = org.name = name
    if patch.address is not None:
        changed["address"] = org.address = " ".join(patch.address.split())
    if patch.timezone is not None:
        if patch.timezone not in _zones():
            raise Unprocessable(
                "Unknown time zone; use a name like Europe/Moscow.",
                code="invalid_timezone",
                fields={"timezone": "unknown"},
            )
        changed["timezone"] = org.timezone = patch.timezone
    if patch.settings is not None:
        if patch.settings.admins_require_totp and not await is_enrolled(db, ctx.account_id):
            # Otherwise the administrator would lock themselves out of their organisation.
            raise Conflict(
                "Turn on two-factor authentication for yourself first.", code="totp_enrol_first"
            )
        changed["settings"] = await _apply_settings(db, org, patch)
    if not changed:
        return await profile(db, ctx)
    await record(
        db,
        "org.updated",
        org_id=org.id,
        actor_id=ctx.account_id,
        target_type="org",
        target_id=org.id,
        ip=ip,
        data={"changed": sorted(changed)},
    )
    await db.flush()
    return await profile(db, ctx)


async def _apply_settings(db: AsyncSession, org: Org, patch: OrgPatch) -> dict[str, object]:
    assert patch.settings is not None
    current = org_settings(org)
    new_max = patch.settings.max_grade or current.max_grade
    grades = (
        patch.settings.primary_grades
        if patch.settings.primary_grades is not None
        else current.primary_grades
    )
    if any(g < 1 or g > new_max for g in grades):
        raise Unprocessable(
            f"Primary grades must be between 1 and {new_max}.",
            code="invalid_settings",
            fields={"settings.primary_grades": f"1..{new_max}"},
        )
    if new_max < current.max_grade:
        higher = await db.execute(
            sa.select(SchoolClass.id)
            .where(
                SchoolClass.org_id == org.id,
                SchoolClass.archived_at.is_(None),
                SchoolClass.grade > new_max,
            )
            .limit(1)
        )
        if higher.first():
            raise Conflict(
                f"There are classes above grade {new_max}; archive them first.",
                code="classes_above_max_grade",
            )
    value: dict[str, object] = {
        **(org.settings or {}),
        "primary_grades": sorted(grades),
        "max_grade": new_max,
    }
    if patch.settings.read_receipts_students is not None:
        value["read_receipts_students"] = patch.settings.read_receipts_students
    if patch.settings.show_student_presence is not None:
        value["show_student_presence"] = patch.settings.show_student_presence
    if patch.settings.edit_window_minutes is not None:
        value["edit_window_minutes"] = patch.settings.edit_window_minutes
    if patch.settings.file_max_mb is not None:
        value["file_max_mb"] = patch.settings.file_max_mb
    if patch.settings.storage_quota_mb is not None:
        value["storage_quota_mb"] = patch.settings.storage_quota_mb
    if patch.settings.admins_require_totp is not None:
        value["admins_require_totp"] = patch.settings.admins_require_totp
    for key in ("gradebook_url", "diary_url"):
        url = getattr(patch.settings, key)
        if url is not None:  # "" removes the address
            value[key] = url.strip() or None
    # A new dict, so that the JSON column notices the change.
    org.settings = value
    return value
