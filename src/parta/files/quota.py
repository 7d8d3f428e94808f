"""Upload limits of an organisation: the largest file and the storage all its files share."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parta.files.storage import format_mb
from parta.kit.errors import PayloadTooLarge
from parta.models import Org
from parta.orgs.service import org_settings, storage_used_bytes

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_max_bytes: int
    quota_bytes: int
    used_bytes: int

    @property
    def room(self) -> int:
        return max(self.quota_bytes - self.used_bytes, 0)


async def limits_of(db: AsyncSession, org: Org) -> Limits:
    settings = org_settings(org)
    used = await storage_used_bytes(db, org.id)
    return Limits(settings.file_max_mb * MB, settings.storage_quota_mb * MB, used)


def quota_exceeded(limits: Limits) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The organisation's storage is full: {format_mb(limits.used_bytes)} of "
        f"{format_mb(limits.quota_bytes)} used, and this file does not fit. "
        "Ask an administrator to free space or raise the limit.",
        code="quota_exceeded",
    )
