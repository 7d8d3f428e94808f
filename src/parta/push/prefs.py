"""My notification preferences: what is pushed to my devices, and the e-mail digest."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.digests.schedule import next_run, zone_of
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable
from parta.models import NotifyPrefs
from parta.push.schemas import PrefsOut, PrefsPatch

PUSH_FIELDS = ("push_messages", "push_mentions", "push_calls", "push_reminders", "push_previews")


def view(row: NotifyPrefs | None) -> PrefsOut:
    if row is None:
        return PrefsOut(
            push_messages=True,
            push_mentions=True,
            push_calls=True,
            push_reminders=True,
            push_previews=True,
            digest="off",
            digest_next_at=None,
        )
    return PrefsOut(
        push_messages=row.push_messages,
        push_mentions=row.push_mentions,
        push_calls=row.push_calls,
        push_reminders=row.push_reminders,
        push_previews=row.push_previews,
        digest=row.digest,  # type: ignore[arg-type]
        digest_next_at=row.digest_next_at,
    )


async def my_prefs(db: AsyncSession, actor: Actor) -> PrefsOut:
    """My preferences (the defaults when I never changed them)."""
    return view(await db.get(NotifyPrefs, actor.id))


async def update_prefs(db: AsyncSession, actor: Actor, patch: PrefsPatch) -> PrefsOut:
    """Change the fields that were sent. A digest needs a confirmed e-mail address (409
    `email_not_verified`); turning it on schedules the next one."""
    sent = patch.model_fields_set
    for name in sent:
        if getattr(patch, name) is None:
            raise Unprocessable(
                "Send true or false (or a digest frequency), not null.",
                code="invalid",
                fields={name: "required"},
            )
    account = actor.account
    row = await db.get(NotifyPrefs, actor.id)
    if row is None:
        row = NotifyPrefs(account_id=actor.id)
        db.add(row)
    for name in PUSH_FIELDS:
        if name in sent:
            setattr(row, name, bool(getattr(patch, name)))
    if "digest" in sent and patch.digest is not None and patch.digest != (row.digest or "off"):
        if patch.digest != "off" and (not account.email or account.email_verified_at is None):
            raise Conflict(
                "Confirm your e-mail address first: digests go only to confirmed addresses.",
                code="email_not_verified",
            )
        row.digest = patch.digest
        row.digest_next_at = next_run(utcnow(), patch.digest, await zone_of(db, account))
    row.updated_at = utcnow()
    await db.flush()
    return view(row)
