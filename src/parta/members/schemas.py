"""Pydantic in/out models of the members domain; MemberBrief is shared by every domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

# Row ids are 26-character ULIDs; anything longer is rejected (422) before any query.
IdPath = Annotated[str, Path(min_length=1, max_length=26)]
IdField = Annotated[str, Field(min_length=1, max_length=26)]

RoleName = Literal["admin", "head", "teacher", "staff", "student", "parent"]
MemberStatus = Literal["pending", "active", "removed", "alumni", "suspended"]
LinkStatus = Literal["pending", "confirmed", "rejected"]


class MemberBrief(BaseModel):
    """How a member appears to other members: never contact details, never other orgs."""

    membership_id: str
    account_id: str | None = Field(description="null for a pending roster entry")
    name: str
    role: RoleName
    verified: bool = Field(description="the verified badge (staff roles; admins always)")
    class_id: str | None
    class_label: str | None
    title: str
    status: MemberStatus
    avatar_url: str | None = Field(None, description="The person's picture; null without one")


class MemberPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: RoleName | None = None
    title: str | None = Field(default=None, max_length=200)


class ParentLinkOut(BaseModel):
    id: str
    status: LinkStatus
    parent: MemberBrief
    student: MemberBrief
    created_at: datetime
    decided_at: datetime | None
