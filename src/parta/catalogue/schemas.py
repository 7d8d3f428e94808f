"""The verified content catalogue as the API shows it."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parta.catalogue.subjects import LANGUAGES, MAX_GRADE, MIN_GRADE, SUBJECTS
from parta.materials.schemas import MaterialFileOut

Status = Literal["pending", "verified", "rejected"]


def without_controls(text: str) -> str:
    """Text without control characters (NUL and the like), keeping line breaks and tabs."""
    return "".join(c for c in text if c in "\n\t" or not unicodedata.category(c).startswith("C"))


class SubjectOut(BaseModel):
    code: str
    name: str


class CatalogueIn(BaseModel):
    """What a submission or the operator's new item says (multipart fields, see the docs)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    subject: str = Field(description="A code from GET /catalogue/subjects")
    grades: list[int] = Field(min_length=1, max_length=12, description="School years 1..12")
    description: str = Field("", max_length=4000)
    language: str = Field("ru", description="ru, en, tt, ... or other")
    url: str | None = Field(None, max_length=2000, description="For a link; omit with a file")

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        return without_controls(value).strip()

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str) -> str:
        if value not in SUBJECTS:
            raise ValueError("unknown subject; see GET /catalogue/subjects")
        return value

    @field_validator("grades")
    @classmethod
    def _grades(cls, value: list[int]) -> list[int]:
        if any(g < MIN_GRADE or g > MAX_GRADE for g in value):
            raise ValueError(f"grades are {MIN_GRADE}..{MAX_GRADE}")
        return sorted(set(value))

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"one of {', '.join(LANGUAGES)}")
        return value


class CatalogueItemOut(BaseModel):
    id: str
    status: Status
    title: str
    subject: str
    subject_name: str
    grades: list[int]
    description: str
    language: str
    kind: Literal["file", "link"]
    url: str | None = Field(None, description="Links only")
    file: MaterialFileOut | None = Field(None, description="Files only; signed links")
    by_operator: bool = Field(description="Added by the platform operator")
    reject_reason: str | None = Field(
        None, description="Shown to the submitter and the operator only"
    )
    reviewed_at: datetime | None = None
    created_at: datetime


class SubmitterOut(BaseModel):
    account_id: str
    name: str
    org_id: str | None
    org_name: str | None


class ReviewItemOut(CatalogueItemOut):
    """The operator's view: who submitted it, from which organisation."""

    submitted_by: SubmitterOut | None


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=1000)


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chat_id: str = Field(max_length=26)
    client_id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Retry-safe, as for messages",
    )
    comment: str = Field("", max_length=1000, description="Text above the item's card")
