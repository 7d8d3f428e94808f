"""Homework collection models: what a message of kind "assignment" carries."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AssignmentOut(BaseModel):
    id: str
    title: str
    deadline: datetime | None
    closed: bool
    submitted: int | None = Field(None, description="For the author: how many handed in")
    expected: int | None = Field(None, description="For the author: how many should")
    my_submitted_at: datetime | None = Field(None, description="For a student: when I handed in")
