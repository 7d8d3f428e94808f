"""Poll models: what a message of kind "poll" carries."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class PollOptionOut(BaseModel):
    id: str
    text: str
    votes: int
    mine: bool = Field(description="The viewer chose it")
    voters: list[str] | None = Field(
        None, description="Names of who chose it (public polls only; never for anonymous)"
    )
    correct: bool | None = Field(
        None, description="Quiz: shown once the viewer has voted or the poll is closed"
    )


class PollOut(BaseModel):
    id: str
    question: str
    options: list[PollOptionOut]
    multiple: bool
    anonymous: bool
    quiz: bool
    allow_add_options: bool
    deadline: datetime | None
    closed: bool
    total_voters: int
