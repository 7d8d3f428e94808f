"""Acknowledgement models: "important: please confirm" on a message, and permission slips
(a yes/no question each family answers, with an optional comment and a deadline)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Answer = Literal["yes", "no"]


class AckOut(BaseModel):
    confirmed_by_me: bool | None = Field(
        None, description="For recipients; None for the author (who does not confirm)"
    )
    confirmed: int | None = Field(None, description="Author and moderators only")
    total: int | None = Field(None, description="Author and moderators only")
    by_family: bool = Field(False, description="Counted by family (parents' chats)")
    question: str | None = Field(None, description="A permission slip's yes/no question")
    deadline: datetime | None = Field(None, description="Slips: answers change until then")
    my_answer: Answer | None = Field(
        None, description="Slips, recipients: my answer (a parent in a parents' chat: the family's)"
    )
    my_comment: str | None = Field(None, description="Slips, recipients: the comment with it")
    answered_by: str | None = Field(
        None, description="Slips, recipients: who gave that answer (one of the family's parents)"
    )
    yes: int | None = Field(None, description="Slips, author and moderators only")
    no: int | None = Field(None, description="Slips, author and moderators only")


class AnswerIn(BaseModel):
    answer: Answer
    comment: str = Field("", max_length=1000, description="Optional, up to 1000 characters")


class AckPerson(BaseModel):
    account_id: str
    name: str
    confirmed_at: datetime | None = Field(description="Slips: when the answer was last changed")
    answer: Answer | None = None
    comment: str = ""


class AckFamily(BaseModel):
    child_name: str = Field(
        description="The child (children of one family joined by commas); empty for a parent "
        "with no linked child in the class"
    )
    parents: list[str] = Field(description="Names of the family's parents in the chat")
    confirmed_by: str | None = Field(
        None, description="Who of them confirmed first; slips: who gave the family's answer"
    )
    confirmed_at: datetime | None = None
    answer: Answer | None = Field(None, description="Slips: the latest answer of its parents")
    comment: str = ""


class AcksOut(BaseModel):
    by_family: bool
    confirmed: int
    total: int
    people: list[AckPerson]
    families: list[AckFamily] = Field([], description="Only when by_family")
    question: str | None = None
    deadline: datetime | None = None
    yes: int = Field(0, description="Slips: yes answers (families or people)")
    no: int = Field(0, description="Slips: no answers")
    no_answer: int = Field(0, description="Not answered (not confirmed) yet")


class RemindOut(BaseModel):
    reminded: int = Field(description="How many people were reminded")
