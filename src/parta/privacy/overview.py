"""The "My data" page: the caller and each minor child, with what may be done for them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.config import get_settings
from parta.models import Account
from parta.privacy import consents, policy
from parta.privacy.deletion import deletion_out, latest_for
from parta.privacy.exports import export_out, exports_of, next_allowed
from parta.privacy.schemas import DataSubjectOut, PrivacyOverview
from parta.privacy.subjects import minor_children, minor_orgs


async def _subject(db: AsyncSession, account: Account, standing: policy.Standing) -> DataSubjectOut:
    minor_in = await minor_orgs(db, account.id)
    rows = await consents.consents_of(db, account.id)
    orgs = await consents.member_orgs(db, account.id)
    exports = await exports_of(db, account.id)
    latest = await latest_for(db, account.id)
    decide = policy.may_decide(standing)
    return DataSubjectOut(
        account_id=account.id,
        name=account.display_name,
        relation="self" if standing.is_self else "child",
        minor=bool(minor_in),
        may_withdraw=decide,
        may_delete=decide,
        consents=await consents.consent_views(db, rows),
        missing_consents=consents.missing(rows, orgs, minor_in),
        deletion=deletion_out(latest) if latest is not None else None,
        exports=[export_out(e) for e in exports],
        next_export_at=next_allowed(exports),
    )


async def overview(db: AsyncSession, actor: Actor) -> PrivacyOverview:
    """My data and my minor children's."""
    settings = get_settings()
    me_minor = bool(await minor_orgs(db, actor.id))
    subjects = [
        await _subject(
            db,
            actor.account,
            policy.Standing(is_self=True, parent_of_minor=False, subject_minor=me_minor),
        )
    ]
    children = await minor_children(db, actor.id)
    if children:
        stmt = (
            sa.select(Account)
            .where(Account.id.in_([c.account_id for c in children]), Account.deleted_at.is_(None))
            .order_by(Account.display_name)
        )
        for child in (await db.execute(stmt)).scalars():
            standing = policy.Standing(
                is_self=False,
                parent_of_minor=True,
                subject_minor=bool(await minor_orgs(db, child.id)),
            )
            subjects.append(await _subject(db, child, standing))
    return PrivacyOverview(
        policy_version=settings.policy_version,
        deletion_grace_days=settings.deletion_grace_days,
        export_keep_days=settings.export_keep_days,
        subjects=subjects,
    )
