"""Pydantic in/out models of the privacy domain."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ArchiveKeeps = Literal["all", "announcements", "nothing"]
DeletionReason = Literal["self", "guardian", "admin", "consent_withdrawn"]
DeletionStatus = Literal["scheduled", "cancelled", "done"]
ExportStatus = Literal["pending", "building", "ready", "failed", "expired"]

MAX_RETENTION_MONTHS = 120


class PrivacySettings(BaseModel):
    """An organisation's personal data rules (parta.privacy.settings)."""

    consent_age: int = Field(
        description="Below this age a parent gives consent and manages the child's data "
        "(0..18; 0: everyone for themselves). A student's age is taken as grade + 6."
    )
    retention_messages_months: int | None = Field(
        description="Messages older than this many months are deleted (null: kept)."
    )
    retention_files_months: int | None = Field(
        description="Files in chats and hand-ins older than this many months are deleted "
        "(null: kept)."
    )
    archive_keeps: ArchiveKeeps = Field(
        description="What the archived chats of a finished class keep: all, announcements "
        "(messages of the chat's owners and moderators, with their files) or nothing."
    )
    admins_may_erase: bool = Field(
        description="Whether administrators may ask to erase a member's account (members "
        "of this organisation only)."
    )


class PrivacySettingsPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consent_age: int | None = Field(default=None, ge=0, le=18, strict=True)
    retention_messages_months: int | None = Field(
        default=None, ge=0, le=MAX_RETENTION_MONTHS, strict=True, description="0 turns it off"
    )
    retention_files_months: int | None = Field(
        default=None, ge=0, le=MAX_RETENTION_MONTHS, strict=True, description="0 turns it off"
    )
    archive_keeps: ArchiveKeeps | None = None
    admins_may_erase: bool | None = Field(default=None, strict=True)


class OrgRef(BaseModel):
    org_id: str
    org_name: str


class ConsentOut(BaseModel):
    id: str
    org_id: str | None
    org_name: str
    scope: str = Field(description="What was consented to (personal_data).")
    policy_version: str
    current: bool = Field(description="Whether it is for the current version of the policy.")
    given_by: Literal["self", "guardian"]
    given_by_name: str | None = Field(description="The parent who consented, when known.")
    invitation_id: str | None
    accepted_at: datetime
    withdrawn_at: datetime | None


class ExportOut(BaseModel):
    id: str
    status: ExportStatus
    created_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
    size: int | None
    download_url: str | None = Field(
        description="A signed link that works for an hour (and only with the session of the "
        "person or the parent who may download it); null until ready."
    )


class DeletionOut(BaseModel):
    id: str
    reason: DeletionReason
    status: DeletionStatus
    requested_at: datetime
    due_at: datetime
    cancelled_at: datetime | None
    done_at: datetime | None


class DataSubjectOut(BaseModel):
    """A person whose data the caller manages: themselves, or a minor child."""

    account_id: str
    name: str
    relation: Literal["self", "child"]
    minor: bool = Field(description="Under the consent age of one of their organisations.")
    may_withdraw: bool = Field(description="Whether the caller may withdraw consent for them.")
    may_delete: bool = Field(description="Whether the caller may ask to erase the account.")
    consents: list[ConsentOut]
    missing_consents: list[OrgRef] = Field(
        description="Organisations with no live consent for the current policy version (for "
        "a minor: none given by a parent)."
    )
    deletion: DeletionOut | None
    exports: list[ExportOut]
    next_export_at: datetime | None = Field(
        description="When a new archive may be asked for (null: now)."
    )


class PrivacyOverview(BaseModel):
    policy_version: str
    deletion_grace_days: int
    export_keep_days: int
    subjects: list[DataSubjectOut]


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_id: str = Field(max_length=26)
    policy_version: str = Field(max_length=40)
    consent: bool = Field(strict=True, description="Must be true: the person (or parent) agrees.")


class WithdrawOut(BaseModel):
    left_org: bool = Field(
        description="True when only this organisation's membership ended (the account has "
        "live consents elsewhere); false when the account was deactivated for erasure."
    )
    deletion: DeletionOut | None


class DeletionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(
        default=None,
        max_length=200,
        description="The caller's password (required when the caller's account has one).",
    )
    confirm: bool = Field(strict=True, description="Must be true.")


class MemberDeletionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    membership_id: str = Field(max_length=26)


class OrgDeletionOut(BaseModel):
    """A deletion of a member's account as the organisation's administrators see it."""

    id: str
    account_id: str
    name: str
    reason: DeletionReason
    status: DeletionStatus
    requested_at: datetime
    due_at: datetime
    cancelled_at: datetime | None
    done_at: datetime | None
