"""Acknowledgement models: "important: please confirm" on a message."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AckOut(BaseModel):
    confirmed_by_me: bool | None = Field(
        None, description="For recipients; None for the author (who does not confirm)"
    )
    confirmed: int | None = Field(None, description="Author and moderators only")
    total: int | None = Field(None, description="Author and moderators only")
    by_family: bool = Field(False, description="Counted by family (parents' chats)")


class AckPerson(BaseModel):
    account_id: str
    name: str
    confirmed_at: datetime | None


class AckFamily(BaseModel):
    child_name: str = Field(
        description="The child (children of one family joined by commas); empty for a parent "
        "with no linked child in the class"
    )
    parents: list[str] = Field(description="Names of the family's parents in the chat")
    confirmed_by: str | None = Field(None, description="Who of them confirmed first")
    confirmed_at: datetime | None = None


class AcksOut(BaseModel):
    by_family: bool
    confirmed: int
    total: int
    people: list[AckPerson]
    families: list[AckFamily] = Field([], description="Only when by_family")


class RemindOut(BaseModel):
    reminded: int = Field(description="How many people were reminded")
