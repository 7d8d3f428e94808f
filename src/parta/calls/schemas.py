"""Call request and response models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CallMode = Literal["direct", "group", "lesson"]
CallMedia = Literal["audio", "video"]
LinkAccess = Literal["chat", "org"]


class IceServer(BaseModel):
    urls: list[str]
    username: str | None = None
    credential: str | None = None


class ParticipantOut(BaseModel):
    account_id: str
    name: str
    avatar_url: str | None = None
    state: str = Field(description="invited, waiting, joined, left, declined, removed")
    via: str = Field(
        "chat",
        description="chat (a member of the chat), event (invited to the call's event), "
        "link (a member of the organisation with the link), guest (a guest by name)",
    )
    host: bool
    muted_by_host: bool
    camera_off_by_host: bool
    may_share_screen: bool
    hand_raised: bool


class CallSettings(BaseModel):
    locked: bool = False
    waiting_room: bool = False
    cameras_teacher_only: bool = False
    link_access: LinkAccess = Field(
        "chat",
        description="chat: members of the chat only; org: any member of the organisation "
        "with the link, who waits in the waiting room until the host lets them in",
    )


class CallOut(BaseModel):
    id: str
    chat_id: str
    mode: CallMode
    media: CallMedia
    title: str
    started_by: str
    started_by_name: str | None
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    settings: CallSettings
    participants: list[ParticipantOut]


class StartIn(BaseModel):
    media: CallMedia = "video"
    lesson: bool = Field(False, description="A lesson (teachers, class and group chats)")
    title: str = Field("", max_length=200)
    waiting_room: bool = Field(True, description="Lessons: students wait to be admitted")
    cameras_teacher_only: bool = Field(
        False, description="Lessons: students' cameras are shown to the teacher only"
    )
    link_access: LinkAccess = Field(
        "chat", description="Group calls and lessons: who may join with the call's link"
    )


class SettingsPatch(BaseModel):
    locked: bool | None = None
    waiting_room: bool | None = None
    cameras_teacher_only: bool | None = None
    link_access: LinkAccess | None = None


class MuteIn(BaseModel):
    muted: bool = True


class CameraIn(BaseModel):
    off: bool = True


class ScreenIn(BaseModel):
    allowed: bool


class HandIn(BaseModel):
    raised: bool = True


class ReactionIn(BaseModel):
    emoji: str = Field(max_length=16)


class JoinOut(BaseModel):
    call: CallOut
    ice_servers: list[IceServer]
    ice_transport_policy: Literal["all", "relay"] = Field(
        "all", description="relay: use TURN only (nobody learns anybody's IP address)"
    )
    session_id: str = Field(description="The joining device; signalling goes to it")


class AttendanceRow(BaseModel):
    account_id: str
    name: str
    guest: bool = Field(False, description="A guest by name (an event's guest link)")
    first_joined_at: datetime
    last_left_at: datetime | None
    seconds: int
    stretches: int


class CallPlan(BaseModel):
    """An online meeting or lesson scheduled with an event, started from the event."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["group", "lesson"] = "group"
    media: CallMedia = "video"
    waiting_room: bool = Field(True, description="Lessons: students wait to be admitted")
    cameras_teacher_only: bool = False
    guests: bool = Field(
        False,
        description="Allow guests by name through a secret link (verified staff only); "
        "guests always wait until the host lets them in",
    )
    chat_id: str | None = Field(
        None,
        description="The chat the call appears in; by default the event's own: its chat, "
        "the class chat (the parents' chat for parent meetings), the group chat, the staff "
        "room (teachers' councils) or the organisation's channel",
    )


class GuestInvite(BaseModel):
    """What the guest link's page shows before joining."""

    org_name: str
    title: str
    starts_at: datetime
    ends_at: datetime
    running: bool
    media: CallMedia


class GuestJoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=60, description="How the host will see you")


class GuestJoinOut(JoinOut):
    account_id: str
    csrf_token: str = Field(description="Send as X-CSRF-Token with the guest's POST requests")
