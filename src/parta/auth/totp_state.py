"""Whether an account has a confirmed second factor (kept apart from auth/totp.py so that the
request dependencies can ask without importing the whole enrolment machinery)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import TotpFactor


async def is_enrolled(db: AsyncSession, account_id: str) -> bool:
    """True when the account has a confirmed factor (sign-in then asks for a code)."""
    stmt = sa.select(TotpFactor.confirmed_at).where(TotpFactor.account_id == account_id)
    return (await db.execute(stmt)).scalar_one_or_none() is not None
