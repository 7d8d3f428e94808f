"""Presence response models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["online", "offline", "unknown"]


class PersonPresence(BaseModel):
    account_id: str
    status: Status = Field(
        description="unknown: not a member of this organisation, or their presence is hidden"
    )
    last_seen_at: datetime | None = Field(
        description="When their last device disconnected (offline people only, if known)"
    )


class PresenceOut(BaseModel):
    people: list[PersonPresence] = Field(description="In the order asked, one per account")
