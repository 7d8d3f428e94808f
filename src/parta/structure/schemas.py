"""Pydantic in/out models of the structure domain."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from parta.members.schemas import IdField, MemberBrief

GroupKind = Literal["study", "department"]
_LETTER = re.compile(r"[A-Za-zА-Яа-яЁё]{1,2}")
_MIN_YEAR, _MAX_YEAR = 1990, 2200


def _letter(value: str) -> str:
    letter = value.strip()
    if not _LETTER.fullmatch(letter):
        raise ValueError("one or two Cyrillic or Latin letters")
    return letter.upper()


def _in_range(value: date | None) -> date | None:
    if value is not None and not _MIN_YEAR <= value.year <= _MAX_YEAR:
        raise ValueError(f"the year must be within {_MIN_YEAR}..{_MAX_YEAR}")
    return value


class YearIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_on: date
    ends_on: date
    make_current: bool = False

    check_range = field_validator("starts_on", "ends_on")(_in_range)

    @model_validator(mode="after")
    def _order(self) -> YearIn:
        if self.starts_on >= self.ends_on:
            raise ValueError("starts_on must be before ends_on")
        return self


class YearOut(BaseModel):
    id: str
    name: str
    starts_on: date
    ends_on: date
    is_current: bool
    finished_at: datetime | None


class FinishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    next_starts_on: date | None = None
    next_ends_on: date | None = None

    check_range = field_validator("next_starts_on", "next_ends_on")(_in_range)


class FinishSummary(BaseModel):
    promoted_classes: int
    graduated_classes: int
    moved_students: int
    graduated_students: int
    new_year_id: str


class ClassIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grade: int = Field(ge=1, le=12)
    letter: str = Field(max_length=8)
    year_id: IdField | None = Field(default=None, description="default: the current year")
    class_teacher_membership_id: IdField | None = None

    check_letter = field_validator("letter")(_letter)


class ClassPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    letter: str | None = Field(default=None, max_length=8)
    class_teacher_membership_id: IdField | None = Field(
        default=None, description="null removes the class teacher"
    )

    @field_validator("letter")
    @classmethod
    def _check_letter(cls, value: str | None) -> str | None:
        return _letter(value) if value is not None else None


class ClassOut(BaseModel):
    id: str
    label: str
    grade: int
    letter: str
    year_id: str
    class_teacher: MemberBrief | None
    student_count: int
    archived: bool
    promoted_to_id: str | None


class ClassDetail(ClassOut):
    students: list[MemberBrief]


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class_id: IdField


class GroupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: GroupKind
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=1000)
    academic_year_id: IdField | None = None
    lead_membership_id: IdField | None = None


class GroupPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=1000)
    lead_membership_id: IdField | None = Field(default=None, description="null removes the lead")


class GroupOut(BaseModel):
    id: str
    kind: GroupKind
    name: str
    description: str
    academic_year_id: str | None
    lead: MemberBrief | None
    member_count: int
    archived: bool


class GroupMemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    membership_id: IdField
