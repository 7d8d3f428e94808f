"""Request and response models of the roster import (they feed the OpenAPI spec)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class RosterRow(BaseModel):
    """One parsed row of the uploaded file."""

    row: int = Field(description="1-based row number in the spreadsheet")
    class_label: str = Field(description='Normalised class, e.g. "5А" (as written if invalid)')
    grade: int | None
    letter: str | None
    full_name: str
    parent_emails: list[str] = Field(description="Shown only to the administrator importing")
    student_email: str | None
    status: Literal["ok", "error"]
    errors: list[str]


class RosterSummary(BaseModel):
    total: int
    ok: int
    errors: int
    new_classes: list[str] = Field(
        description="Class labels that do not exist in the current academic year"
    )


class RowOutcome(BaseModel):
    """What applying did with one row."""

    row: int
    class_label: str
    full_name: str
    outcome: Literal["created", "skipped", "failed"]
    message: str = ""
    membership_id: str | None = None
    student_invitation_id: str | None = None
    parent_invitation_id: str | None = None


class ApplyResult(BaseModel):
    created: int
    skipped: int
    failed: int
    created_classes: list[str]
    notified_parents: int
    rows: list[RowOutcome]


class RosterImportOut(BaseModel):
    """An import: the preview (rows, summary) and, once applied, the result."""

    id: str
    filename: str
    status: Literal["preview", "applied"]
    created_at: datetime
    applied_at: datetime | None
    rows: list[RosterRow]
    summary: RosterSummary
    result: ApplyResult | None = None


class RosterImportItem(BaseModel):
    """An import in the list (no rows)."""

    id: str
    filename: str
    status: Literal["preview", "applied"]
    created_at: datetime
    applied_at: datetime | None
    total: int
    ok: int
    errors: int


class ApplyIn(BaseModel):
    create_missing_classes: bool = Field(
        default=True, description="Create classes of the file that the current year lacks"
    )
    notify_parents: bool = Field(
        default=False, description="E-mail each parent the invitation link for their child"
    )
