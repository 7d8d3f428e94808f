"""Poll models: what a message of kind "poll" carries, and the requests that change one."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

MIN_OPTIONS = 2
MAX_OPTIONS = 10


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


class PollIn(BaseModel):
    """A new poll. Options are trimmed and must differ (ignoring case)."""

    client_id: str = Field(min_length=1, max_length=64, description="Client-generated, for retries")
    question: str = Field(min_length=1, max_length=300)
    options: list[str] = Field(min_length=MIN_OPTIONS, max_length=MAX_OPTIONS)
    multiple: bool = False
    anonymous: bool = Field(True, description="Nobody, the author included, sees who chose what")
    quiz: bool = Field(False, description="One correct option (single choice only)")
    correct_option: int | None = Field(
        None, ge=0, lt=MAX_OPTIONS, description="Quiz: index of the correct option"
    )
    allow_add_options: bool = Field(False, description="Voters may add options (not in quizzes)")
    deadline: AwareDatetime | None = Field(None, description="Closes by itself then (future)")


class VoteIn(BaseModel):
    option_ids: list[str] = Field(
        max_length=MAX_OPTIONS, description="My choice; [] takes my vote back"
    )


class OptionIn(BaseModel):
    text: str = Field(min_length=1, max_length=100)
