"""An organisation's personal data rules, kept under `privacy` in the organisation's settings.

Defaults: a parent consents for students under 14 (152-ФЗ practice: younger children act
through their legal representatives), nothing is deleted by age (retention is off until
the organisation sets it), a finished class's archive keeps everything, and administrators
may ask to erase the accounts of their own members.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.models import Org
from parta.privacy.schemas import ArchiveKeeps, PrivacySettings, PrivacySettingsPatch

KEY = "privacy"
DEFAULT_CONSENT_AGE = 14
_KEEPS: tuple[ArchiveKeeps, ...] = ("all", "announcements", "nothing")


def _int(value: object, low: int, high: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def privacy_settings(org: Org) -> PrivacySettings:
    """The organisation's rules, defaults filling whatever was never set."""
    raw = (org.settings or {}).get(KEY)
    values = raw if isinstance(raw, dict) else {}
    age = _int(values.get("consent_age"), 0, 18)
    keeps = values.get("archive_keeps")
    erase = values.get("admins_may_erase")
    return PrivacySettings(
        consent_age=DEFAULT_CONSENT_AGE if age is None else age,
        retention_messages_months=_int(values.get("retention_messages_months"), 1, 120),
        retention_files_months=_int(values.get("retention_files_months"), 1, 120),
        archive_keeps=next((k for k in _KEEPS if k == keeps), "all"),
        admins_may_erase=erase if isinstance(erase, bool) else True,
    )


def get_settings_for(ctx: OrgContext) -> PrivacySettings:
    """The rules as any member may read them (they say what happens to everyone's data)."""
    return privacy_settings(ctx.org)


async def update_settings(
    db: AsyncSession, ctx: OrgContext, patch: PrivacySettingsPatch, *, ip: str
) -> PrivacySettings:
    """Change the rules (administrators). Retention months of 0 turn retention off."""
    ctx.require(Right.MANAGE_ORG, "Only administrators can change the organisation's rules.")
    org = ctx.org
    current = privacy_settings(org).model_dump()
    changes = patch.model_dump(exclude_none=True)
    for key in ("retention_messages_months", "retention_files_months"):
        if changes.get(key) == 0:
            changes[key] = None
    new = {**current, **changes}
    changed = sorted(k for k in changes if current.get(k) != new[k])
    if not changed:
        return privacy_settings(org)
    # A new dict, so that the JSON column notices the change.
    org.settings = {**(org.settings or {}), KEY: new}
    await record(
        db,
        "privacy.settings_changed",
        org_id=org.id,
        actor_id=ctx.account_id,
        target_type="org",
        target_id=org.id,
        ip=ip,
        data={k: new[k] for k in changed},
    )
    await db.flush()
    return privacy_settings(org)
