"""Call request and response models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

CallMode = Literal["direct", "group", "lesson"]
CallMedia = Literal["audio", "video"]


class IceServer(BaseModel):
    urls: list[str]
    username: str | None = None
    credential: str | None = None


class ParticipantOut(BaseModel):
    account_id: str
    name: str
    avatar_url: str | None = None
    state: str = Field(description="invited, waiting, joined, left, declined, removed")
    host: bool
    muted_by_host: bool
    camera_off_by_host: bool
    may_share_screen: bool
    hand_raised: bool


class CallSettings(BaseModel):
    locked: bool = False
    waiting_room: bool = False
    cameras_teacher_only: bool = False


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


class SettingsPatch(BaseModel):
    locked: bool | None = None
    waiting_room: bool | None = None
    cameras_teacher_only: bool | None = None


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
    first_joined_at: datetime
    last_left_at: datetime | None
    seconds: int
    stretches: int
