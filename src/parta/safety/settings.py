"""The organisation's safety rules, kept under `safety` in its settings.

Defaults: safe mode on (classmates, every verified teacher, staff and parents may reach a
student), quiet hours prepared for parents' chats (19:00-08:00 and weekends) but off until
the organisation turns them on, rate limits of 30 messages a minute for students and parents
and 300 for verified staff (and bots). Whatever is missing or malformed in the stored settings reads
as its default, so a half-written value can never switch protection off.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.events.views import zone
from parta.models import Org
from parta.safety import policy
from parta.safety.schemas import (
    QuietHoursRules,
    RateLimits,
    SafeModeRules,
    SafetyPatch,
    SafetySettings,
)

KEY = "safety"
M = TypeVar("M", SafeModeRules, QuietHoursRules, RateLimits)


def _raw(org: Org) -> dict[str, Any]:
    raw = (org.settings or {}).get(KEY)
    return raw if isinstance(raw, dict) else {}


def _part(model: type[M], value: object) -> M:
    """The stored part, each field falling back to its default when it does not validate."""
    if not isinstance(value, dict):
        return model()
    good: dict[str, Any] = {}
    for name in model.model_fields:
        if name not in value:
            continue
        try:
            model.model_validate({name: value[name]})
        except ValidationError:
            continue
        good[name] = value[name]
    return model.model_validate(good)


def safety_settings(org: Org) -> SafetySettings:
    raw = _raw(org)
    return SafetySettings(
        safe_mode=_part(SafeModeRules, raw.get("safe_mode")),
        quiet_hours=_part(QuietHoursRules, raw.get("quiet_hours")),
        rate_limits=_part(RateLimits, raw.get("rate_limits")),
        timezone=zone(org).key,
    )


def safe_mode(org: Org) -> policy.SafeMode:
    rules = safety_settings(org).safe_mode
    return policy.SafeMode(
        enabled=rules.enabled,
        classmates=rules.classmates,
        classmate_calls=rules.classmate_calls,
        teachers=rules.teachers,
    )


def rule_of(start: str, end: str, days_off: list[int]) -> policy.QuietRule:
    return policy.QuietRule(
        start=policy.parse_hhmm(start), end=policy.parse_hhmm(end), days_off=frozenset(days_off)
    )


def filter_rev(org: Org) -> int:
    """Bumped whenever a word list changes: every node's compiled lists are keyed by it."""
    rev = _raw(org).get("filter_rev")
    return rev if isinstance(rev, int) else 0


def bump_filter_rev(org: Org) -> None:
    raw = dict(_raw(org))
    raw["filter_rev"] = filter_rev(org) + 1
    org.settings = {**(org.settings or {}), KEY: raw}


def get_settings_for(ctx: OrgContext) -> SafetySettings:
    """The rules as every member may read them: they say who can reach whom and when."""
    return safety_settings(ctx.org)


async def update_settings(
    db: AsyncSession, ctx: OrgContext, patch: SafetyPatch, *, ip: str
) -> SafetySettings:
    """Change the rules (administrators); audited with what changed."""
    ctx.require(Right.MANAGE_ORG, "Only administrators can change the safety rules.")
    org = ctx.org
    current = safety_settings(org)
    raw = dict(_raw(org))
    changed: dict[str, Any] = {}
    for name, part in (
        ("safe_mode", patch.safe_mode),
        ("quiet_hours", patch.quiet_hours),
        ("rate_limits", patch.rate_limits),
    ):
        if part is None:
            continue
        old = getattr(current, name).model_dump()
        new = {**old, **part.model_dump(exclude_none=True)}
        if name == "quiet_hours":
            new["chats"] = list(dict.fromkeys(new["chats"]))
        if new != old:
            raw[name] = new
            changed[name] = {k: v for k, v in new.items() if old.get(k) != v}
    if not changed:
        return current
    org.settings = {**(org.settings or {}), KEY: raw}
    await record(
        db,
        "safety.settings_changed",
        org_id=org.id,
        actor_id=ctx.account_id,
        target_type="org",
        target_id=org.id,
        ip=ip,
        data=changed,
    )
    await db.flush()
    return safety_settings(org)
