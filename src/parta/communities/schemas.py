"""Communities as the API takes and gives them.

No schema here has a field for an e-mail address, a phone or an avatar: people of other
organisations are shown by name, organisation and role only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["methodological", "subject", "joint_project", "other"]
Status = Literal["invited", "requested", "active", "withdrawn", "removed"]
Role = Literal["owner", "moderator", "member"]
Seat = Literal["staff", "student"]

MAX_CHOSEN = 1000


class CommunityIn(BaseModel):
    """A new community, started in the organisation of the route."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    kind: Kind = "other"


class CommunityPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    kind: Kind | None = None


class CommunityOrgRef(BaseModel):
    id: str
    name: str


class CommunityOut(BaseModel):
    """A community as one of its members sees it. `join_code` is for moderators only."""

    id: str
    title: str
    description: str
    kind: Kind
    home_org: CommunityOrgRef | None
    created_at: datetime
    my_role: Role
    my_org: CommunityOrgRef
    orgs: list[CommunityOrgRef] = Field(description="Organisations taking part")
    member_count: int
    join_code: str | None = None
    last_post_at: datetime | None = None


class CommunityInviteIn(BaseModel):
    """Find the organisation by its exact name or by the code its administrator gave out."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=300)
    code: str | None = Field(default=None, min_length=4, max_length=32)

    @model_validator(mode="after")
    def _one(self) -> CommunityInviteIn:
        if (self.name is None) == (self.code is None):
            raise ValueError("give either the organisation's exact name or its code")
        return self


class CommunityOrgOut(BaseModel):
    """An organisation's participation as the community sees it."""

    id: str
    org: CommunityOrgRef
    status: Status
    home: bool
    joined_at: datetime | None
    updated_at: datetime


class CommunityMemberOut(BaseModel):
    """A member as other members see them: name, organisation and role, nothing else."""

    account_id: str
    name: str
    org: CommunityOrgRef
    org_role: str
    class_label: str | None
    seat: Seat
    role: Role


class CommunityRemovedOut(BaseModel):
    account_id: str
    name: str
    removed_at: datetime


class CommunityPostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: str = Field(min_length=1, max_length=64)
    body: str = Field(min_length=1, max_length=4000)
    parent_id: str | None = Field(default=None, max_length=26)


class CommunityPostOut(BaseModel):
    id: str
    community_id: str
    parent_id: str | None
    author_id: str | None
    author_name: str
    author_org: CommunityOrgRef | None
    body: str
    html: str
    reply_count: int
    last_reply_at: datetime | None
    created_at: datetime
    deleted: bool


class CommunityPostPage(BaseModel):
    items: list[CommunityPostOut]
    next_cursor: str | None = None


# --- the organisation administrator's side -------------------------------------------


class CommunitySelectionIn(BaseModel):
    """Whom the organisation sends: every verified teacher, chosen verified staff
    (membership ids), and the students of chosen classes."""

    model_config = ConfigDict(extra="forbid")

    all_teachers: bool = False
    staff_ids: list[str] = Field(default_factory=list, max_length=MAX_CHOSEN)
    class_ids: list[str] = Field(default_factory=list, max_length=MAX_CHOSEN)


class CommunityJoinIn(CommunitySelectionIn):
    code: str = Field(min_length=4, max_length=32)


class CommunityChosenPerson(BaseModel):
    membership_id: str
    name: str
    role: str


class CommunityChosenClass(BaseModel):
    id: str
    label: str


class CommunityParticipationOut(BaseModel):
    """A community as the administrator of a (possibly invited) organisation sees it: what
    it is, who invited, which organisations take part, and whom this organisation sends."""

    id: str
    community_id: str
    title: str
    description: str
    kind: Kind
    home_org: CommunityOrgRef | None
    home: bool
    status: Status
    invited_by: str | None = Field(description="Name of the person who invited, if any")
    orgs: list[CommunityOrgRef] = Field(description="Organisations taking part now")
    all_teachers: bool
    staff: list[CommunityChosenPerson]
    classes: list[CommunityChosenClass]
    member_count: int = Field(description="People this organisation sends now")
    updated_at: datetime


class CommunityOrgCodeOut(BaseModel):
    code: str
