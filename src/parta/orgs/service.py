"""Organisation use cases."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Org

ORG_KINDS = ("school", "college", "kindergarten", "additional")

DEFAULT_SETTINGS: dict[str, object] = {
    "primary_grades": [1, 2, 3, 4],
    "max_grade": 11,
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
