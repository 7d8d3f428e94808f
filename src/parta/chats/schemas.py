"""Chat request and response models."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class PersonRef(BaseModel):
    account_id: str
    name: str
    roles: list[str]
    verified: bool
    avatar_url: str | None = None


class ChatSettings(BaseModel):
    who_may_post: Literal["all", "moderators"] = "all"
    who_may_add: Literal["all", "moderators"] = "moderators"
    members_may_invite: bool = False
    join_approval: bool = False
    slow_mode_seconds: int = Field(0, ge=0, le=3600)
    reactions: bool = True


class MessagePreview(BaseModel):
    id: str
    seq: int
    author_id: str | None
    author_name: str | None
    text: str
    deleted: bool
    created_at: datetime
    kind: str = Field("text", description="text, system, poll, assignment, call")
    files: int = Field(0, description="How many files the message carries")


class ChatOut(BaseModel):
    id: str
    org_id: str
    kind: str
    title: str
    description: str
    class_id: str | None
    settings: dict[str, Any]
    seq: int
    archived: bool
    member_count: int
    avatar_url: str | None = Field(None, description="The chat's picture (moderators set it)")
    peer: PersonRef | None = Field(None, description="The other person of a direct chat")
    peer_read_seq: int | None = Field(
        None, description='Direct chats: how far the other person has read ("seen")'
    )
    my_role: str
    last_read_seq: int
    unread: int
    mentions: int
    muted: bool
    pinned: bool
    draft: str
    join_requests: int = Field(0, description="People waiting for approval (moderators only)")
    last_message: MessagePreview | None
    last_message_at: datetime | None


class GroupIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=1000)
    member_ids: list[str] = Field(default_factory=list, max_length=1000)
    settings: ChatSettings | None = None


class DirectIn(BaseModel):
    account_id: str = Field(min_length=1, max_length=26)


class ChatPatch(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=1000)
    settings: ChatSettings | None = None


class MembersIn(BaseModel):
    account_ids: list[str] = Field(min_length=1, max_length=1000)


class MemberRoleIn(BaseModel):
    role: Literal["moderator", "member"]


class MyChatIn(BaseModel):
    muted: bool | None = None
    pinned: bool | None = None
    draft: str | None = Field(None, max_length=4000)


class DirectCandidate(BaseModel):
    """Someone I may start a direct chat with (never contact details)."""

    account_id: str
    name: str
    roles: list[str]
    verified: bool
    class_label: str | None = Field(None, description="A student's class, e.g. 5А")


class ChatMemberOut(BaseModel):
    account_id: str
    name: str
    roles: list[str]
    verified: bool
    chat_role: str
    status: str
    joined_at: datetime
    avatar_url: str | None = Field(None, description="The person's picture; null without one")


class DirectPolicy(BaseModel):
    student_to_teachers: bool
    student_to_classmates: bool
    parent_to_teachers: bool
    parent_to_class_parents: bool
    parent_to_own_children: bool
    student_to_staff: bool
    parent_to_staff: bool


class DirectPolicyPatch(BaseModel):
    student_to_teachers: bool | None = None
    student_to_classmates: bool | None = None
    parent_to_teachers: bool | None = None
    parent_to_class_parents: bool | None = None
    parent_to_own_children: bool | None = None
    student_to_staff: bool | None = None
    parent_to_staff: bool | None = None


class ChatInviteIn(BaseModel):
    expires_in_hours: int = Field(168, ge=1, le=2160, description="1 hour to 90 days")
    max_uses: int | None = Field(None, ge=1, le=10_000, description="null: unlimited")


class ChatInviteOut(BaseModel):
    id: str
    chat_id: str
    url: str
    token: str
    created_by: str
    created_by_name: str
    created_at: datetime
    expires_at: datetime | None
    max_uses: int | None
    uses: int
    status: Literal["active", "expired", "exhausted", "revoked"]


class ChatInvitePreview(BaseModel):
    chat_id: str
    title: str
    kind: str
    member_count: int
    needs_approval: bool
    my_status: Literal["none", "active", "pending"] = Field(
        description="Whether I am already a member or waiting for approval"
    )


class JoinOut(BaseModel):
    status: Literal["active", "pending"]
    chat_id: str
    chat: ChatOut | None = Field(None, description="The chat, once I am an active member")


class JoinRequestOut(BaseModel):
    account_id: str
    name: str
    roles: list[str]
    verified: bool
    requested_at: datetime
    invite_id: str | None
