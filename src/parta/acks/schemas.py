"""Acknowledgement models: "important: please confirm" on a message."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AckOut(BaseModel):
    confirmed_by_me: bool | None = Field(
        None, description="For recipients; None for the author (who does not confirm)"
    )
    confirmed: int | None = Field(None, description="Author and moderators only")
    total: int | None = Field(None, description="Author and moderators only")
    by_family: bool = Field(False, description="Counted by family (parents' chats)")
