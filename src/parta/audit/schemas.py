"""Pydantic out models of the audit domain."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class AuditEventOut(BaseModel):
    id: str
    action: str
    actor_id: str | None
    actor_name: str | None
    target_type: str
    target_id: str
    ip: str
    data: dict[str, object]
    created_at: datetime
