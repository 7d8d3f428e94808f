"""Avatar responses."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AvatarOut(BaseModel):
    avatar_url: str | None = Field(description="Where the picture is served; null without one")
