"""Homework collection models: what a message of kind "assignment" carries, and the
hand-in endpoints' bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from parta.files.schemas import AttachmentOut

MAX_FILES = 10


class AssignmentOut(BaseModel):
    id: str
    title: str
    deadline: datetime | None
    closed: bool
    submitted: int | None = Field(None, description="For the author: how many handed in")
    expected: int | None = Field(None, description="For the author: how many should")
    my_submitted_at: datetime | None = Field(None, description="For a student: when I handed in")


class AssignmentIn(BaseModel):
    client_id: str = Field(min_length=1, max_length=64, description="Client-generated, for retries")
    title: str = Field(max_length=300, description="1..300 characters")
    body: str = Field("", max_length=20000, description="The description; may be empty")
    deadline: datetime | None = Field(
        None, description="After it hand-ins are still taken but marked late"
    )
    attachment_ids: list[str] = Field(
        [], max_length=MAX_FILES, description="Materials: my pending uploads in this chat"
    )


class SubmissionIn(BaseModel):
    comment: str = Field("", max_length=2000)
    attachment_ids: list[str] = Field(
        [],
        max_length=MAX_FILES,
        description="My pending uploads in the assignment's chat, and files of my submission "
        "to keep; files of the submission not listed are removed",
    )


class SubmissionOut(BaseModel):
    submitted_at: datetime
    updated_at: datetime | None
    late: bool
    comment: str
    files: list[AttachmentOut]


class StudentSubmission(BaseModel):
    account_id: str
    name: str
    submitted_at: datetime | None
    late: bool
    comment: str
    files: list[AttachmentOut]


class SubmissionsOut(BaseModel):
    assignment: AssignmentOut
    students: list[StudentSubmission]
    submitted: int
    expected: int
