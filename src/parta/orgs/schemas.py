"""Pydantic in/out models of the orgs domain, including the validated settings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parta.integrations.urls import checked_url
from parta.members.schemas import RoleName

MIN_MAX_GRADE = 9
MAX_MAX_GRADE = 12
MIN_EDIT_WINDOW_MINUTES = 5
MAX_EDIT_WINDOW_MINUTES = 7 * 24 * 60
MAX_FILE_MB = 2048
MAX_STORAGE_QUOTA_MB = 100 * 1024 * 1024


class OrgSettings(BaseModel):
    primary_grades: list[int]
    max_grade: int
    read_receipts_students: bool = Field(
        description="Whether students see and give read receipts (staff always do)."
    )
    edit_window_minutes: int = Field(
        description="How long after sending a message its author may edit it (5..10080)."
    )
    show_student_presence: bool = Field(
        description="Whether students' online state and last seen are shown (off by default)."
    )
    file_max_mb: int = Field(description="The largest file a member may upload, in MB.")
    storage_quota_mb: int = Field(description="Storage for all the organisation's files, in MB.")
    storage_used_bytes: int = Field(
        0, description="Storage the organisation's files take now (read only)."
    )
    gradebook_url: str | None = Field(
        None, description='The electronic gradebook for staff (the "Journal" entry), https.'
    )
    diary_url: str | None = Field(
        None, description='The electronic diary for students and parents ("Diary"), https.'
    )
    admins_require_totp: bool = Field(
        False,
        description="Administrators must use two-factor authentication (TOTP) to act here.",
    )


class GradebookLinks(BaseModel):
    """The gradebook entries the caller should see (null: do not show the entry)."""

    journal_url: str | None = Field(description='Shown to verified staff as "Journal".')
    diary_url: str | None = Field(description='Shown to students and parents as "Diary".')


class MyRole(BaseModel):
    membership_id: str
    role: RoleName
    verified: bool
    class_id: str | None


class OrgOut(BaseModel):
    id: str
    name: str
    kind: str
    region: str
    address: str
    timezone: str
    settings: OrgSettings
    my_roles: list[MyRole]
    gradebook: GradebookLinks


class SettingsPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    primary_grades: list[int] | None = Field(default=None, max_length=12)
    max_grade: int | None = Field(default=None, ge=MIN_MAX_GRADE, le=MAX_MAX_GRADE)
    read_receipts_students: bool | None = Field(default=None, strict=True)
    show_student_presence: bool | None = Field(default=None, strict=True)
    edit_window_minutes: int | None = Field(
        default=None, ge=MIN_EDIT_WINDOW_MINUTES, le=MAX_EDIT_WINDOW_MINUTES, strict=True
    )
    file_max_mb: int | None = Field(default=None, ge=1, le=MAX_FILE_MB, strict=True)
    storage_quota_mb: int | None = Field(default=None, ge=1, le=MAX_STORAGE_QUOTA_MB, strict=True)
    gradebook_url: str | None = Field(
        default=None, max_length=500, description="https address; an empty string removes it"
    )
    diary_url: str | None = Field(
        default=None, max_length=500, description="https address; an empty string removes it"
    )
    admins_require_totp: bool | None = Field(
        default=None,
        strict=True,
        description="Require two-factor authentication of administrators; turning it on "
        "needs it on for yourself first (409 `totp_enrol_first`).",
    )

    @field_validator("gradebook_url", "diary_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return value
        return checked_url(value)

    @field_validator("primary_grades")
    @classmethod
    def _distinct(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("grades must be distinct")
        return value


class OrgPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=300)
    address: str | None = Field(default=None, max_length=500)
    timezone: str | None = Field(default=None, min_length=1, max_length=64)
    settings: SettingsPatch | None = None
