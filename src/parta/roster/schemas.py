"""Request and response models of the roster import (they feed the OpenAPI spec)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

RowErrorCode = Literal[
    "class_missing",
    "class_format",
    "grade_range",
    "name_missing",
    "name_too_long",
    "parent_email_invalid",
    "too_many_parent_emails",
    "student_email_invalid",
    "student_emails_many",
    "duplicate_row",
    "invalid_row",
]
OutcomeCode = Literal["", "already_exists", "class_not_in_year", "row_invalid"]


class RowError(BaseModel):
    """One problem of a row: a stable code with its parameters, and the English text.

    Codes and params: `class_missing`; `class_format` {value}; `grade_range` {value, max};
    `name_missing`; `name_too_long` {max}; `parent_email_invalid` {value};
    `too_many_parent_emails` {max}; `student_email_invalid` {value}; `student_emails_many`;
    `duplicate_row` {name, class_label, row} (the earlier row); `invalid_row` (an import
    stored before codes existed: only the message).
    """

    code: RowErrorCode
    params: dict[str, str | int] = Field(default_factory=dict)
    message: str = Field(description="The same in English, for people reading the API")


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
    errors: list[RowError]

    @field_validator("errors", mode="before")
    @classmethod
    def _legacy_texts(cls, value: Any) -> Any:
        # Imports previewed before errors had codes stored bare English sentences.
        if isinstance(value, list):
            return [
                {"code": "invalid_row", "params": {}, "message": e} if isinstance(e, str) else e
                for e in value
            ]
        return value


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
    code: OutcomeCode = Field(
        default="",
        description="Why not created: `already_exists` (skipped), `class_not_in_year` "
        "{class_label} or `row_invalid` (the preview's errors of this row; failed)",
    )
    params: dict[str, str | int] = Field(default_factory=dict)
    message: str = Field(default="", description="The reason in English")
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
