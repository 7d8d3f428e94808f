"""Request and response models of invitations, registration and joining."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from parta.auth.roles import OrgRole
from parta.auth.schemas import Language, SessionOut

Transport = Literal["cookie", "token"]
InvitationKind = Literal["role", "personal", "parent"]
InvitationStatus = Literal["active", "expired", "exhausted", "revoked"]


class InvitationCreate(BaseModel):
    role: OrgRole
    class_id: str | None = Field(None, max_length=26, description="Class to join (students)")
    group_id: str | None = Field(None, max_length=26, description="Study group to join")
    expires_in_hours: int = Field(168, ge=1, le=2160, description="1 hour to 90 days")
    max_uses: int | None = Field(None, ge=1, le=1000, description="null: unlimited")
    label: str = Field("", max_length=200, description="A note for the creator, e.g. «5А»")


class ClassRef(BaseModel):
    id: str
    label: str


class GroupRef(BaseModel):
    id: str
    name: str


class InvitationOut(BaseModel):
    """An invitation with its link (the token is re-derived, never stored)."""

    id: str
    kind: InvitationKind
    url: str
    token: str
    role: OrgRole
    class_: ClassRef | None = Field(None, alias="class")
    group: GroupRef | None
    label: str
    expires_at: datetime | None
    max_uses: int | None
    uses: int
    revoked: bool
    status: InvitationStatus
    created_at: datetime
    created_by_name: str | None

    model_config = {"populate_by_name": True}


class InvitationUseOut(BaseModel):
    """Who used an invitation — names and roles only, never contact details."""

    membership_id: str
    name: str
    role: OrgRole
    used_at: datetime


class ParentInviteOut(BaseModel):
    id: str
    url: str
    token: str
    expires_at: datetime | None
    uses: int
    max_uses: int | None


class OrgBrief(BaseModel):
    name: str
    kind: str


class LandingWarning(BaseModel):
    code: str
    message: str


class Landing(BaseModel):
    """What the invitation page shows before someone registers or joins."""

    org: OrgBrief
    role: OrgRole
    kind: InvitationKind
    class_label: str | None
    group_name: str | None
    for_person: str | None = Field(
        None, description="Roster name (personal) or the child's short name (parent)"
    )
    primary_grade: bool = Field(description="Primary-grade student: registers via a parent")
    expires_at: datetime | None
    policy_version: str
    warning: LandingWarning | None = Field(
        None,
        description="Set for a signed-in visitor who cannot use the link "
        "(cannot_be_own_parent, already_member)",
    )


class PolicyOut(BaseModel):
    version: str
    text_ru: str
    text_en: str


class UsernameSuggestion(BaseModel):
    username: str


class Register(BaseModel):
    display_name: str = Field(min_length=1, max_length=120)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)
    username: str | None = Field(None, max_length=64, description="Login (primary grades)")
    parent_email: str | None = Field(
        None, max_length=254, description="Primary grades: the parent's e-mail, not the child's"
    )
    password: str = Field(min_length=1, max_length=256)
    consent: bool = False
    policy_version: str = Field(max_length=40)
    language: Language = "ru"
    transport: Transport = "cookie"


class JoinedMembership(BaseModel):
    org_id: str
    membership_id: str
    role: OrgRole
    verified: bool = Field(description="False for teachers and staff until an admin verifies")
    parent_link_status: str | None = Field(None, description="Parent links: pending")


class Registered(SessionOut):
    membership: JoinedMembership


class RegistrationPending(BaseModel):
    """A primary-grade registration waiting for the parent's code."""

    registration_id: str
    code_sent_to: str = Field(description="The parent's e-mail, masked")
    expires_at: datetime


class RegisterConfirm(BaseModel):
    registration_id: str = Field(min_length=1, max_length=26)
    code: str = Field(min_length=1, max_length=12)
    consent: bool = False
    transport: Transport = "cookie"


class Join(BaseModel):
    consent: bool = False
    policy_version: str | None = Field(None, max_length=40)
