"""Channels as the API takes and gives them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from parta.channels.policy import MAX_CLASSES, MAX_POSTERS
from parta.messages.schemas import MessageOut


class ChannelAudienceIn(BaseModel):
    """Who a channel is for. `everyone`: the whole organisation. Otherwise any of: `staff`
    (verified staff), `students`, `parents`; `class_ids` narrows students and parents to
    those classes (both, when neither is ticked) and adds the classes' teachers."""

    model_config = ConfigDict(extra="forbid")

    everyone: bool = False
    staff: bool = False
    students: bool = False
    parents: bool = False
    class_ids: list[str] = Field(default_factory=list, max_length=MAX_CLASSES)


class ChannelAudienceOut(BaseModel):
    everyone: bool
    staff: bool
    students: bool
    parents: bool
    class_ids: list[str]


class ChannelPosterOut(BaseModel):
    account_id: str
    name: str


class ChannelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=1000)
    audience: ChannelAudienceIn
    poster_ids: list[str] = Field(
        default_factory=list,
        max_length=MAX_POSTERS,
        description="Verified staff who post besides the administrators",
    )
    comments: bool = Field(False, description="Members may comment under posts")


class ChannelPatch(BaseModel):
    """Moderators change the title, description and comments; administrators also the
    audience, the posters and whether it is archived (the organisation's own channel keeps
    its audience: everyone)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=1000)
    comments: bool | None = None
    audience: ChannelAudienceIn | None = None
    poster_ids: list[str] | None = Field(None, max_length=MAX_POSTERS)
    archived: bool | None = None


class ChannelOut(BaseModel):
    id: str = Field(description="The channel's chat id")
    org_id: str
    title: str
    description: str
    org_channel: bool = Field(description="The organisation's own channel (everyone, fixed)")
    archived: bool
    comments: bool = Field(description="Comments are allowed under posts")
    member_count: int
    my_role: str | None = Field(
        None,
        description="My role in it; null for an administrator who "
        "is not a member (archived channels)",
    )
    may_post: bool
    audience: ChannelAudienceOut | None = Field(
        None, description="Administrators' channels, shown to administrators"
    )
    posters: list[ChannelPosterOut] | None = Field(None, description="Shown to administrators")
    created_at: datetime


class ChannelPostStats(BaseModel):
    message_id: str
    views: int = Field(description="Members who have seen it, each counted once")
    comments: int
    comments_enabled: bool = Field(description="The author's switch for this post")
    comments_open: bool = Field(description="Comments shown and open (channel and post allow)")


class ChannelPostOut(BaseModel):
    message: MessageOut
    stats: ChannelPostStats


class ChannelPostPage(BaseModel):
    posts: list[ChannelPostOut] = Field(description="Oldest first")
    has_more_before: bool
    seq: int


class ChannelPostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: str = Field(min_length=1, max_length=64, description="Client-generated, for retries")
    body: str = Field("", max_length=20000, description="May be empty when files are attached")
    attachment_ids: list[str] = Field([], max_length=10)
    comments_enabled: bool = True
    ack_required: bool = Field(False, description="Recipients are asked to confirm it")


class ChannelPostPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comments_enabled: bool


class ChannelViewsIn(BaseModel):
    message_ids: list[str] = Field(min_length=1, max_length=100)


class ChannelCommentOut(BaseModel):
    id: str
    post_id: str
    author_id: str
    author_name: str
    author_verified: bool
    author_avatar_url: str | None = None
    client_id: str
    body: str
    html: str
    created_at: datetime


class ChannelCommentPage(BaseModel):
    comments: list[ChannelCommentOut] = Field(description="Oldest first")
    has_more_before: bool
    stats: ChannelPostStats


class ChannelCommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: str = Field(min_length=1, max_length=64)
    body: str = Field(max_length=20000)


ScheduledStatus = Literal["scheduled", "published", "cancelled", "failed"]


class ScheduledPostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field("", max_length=20000)
    attachment_ids: list[str] = Field(
        [], max_length=10, description="My uploads in this channel; held until publishing"
    )
    comments_enabled: bool = True
    publish_at: AwareDatetime = Field(description="In the future, at most a year ahead")


class ScheduledPostPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str | None = Field(None, max_length=20000)
    comments_enabled: bool | None = None
    publish_at: AwareDatetime | None = None


class ScheduledPostOut(BaseModel):
    id: str
    chat_id: str
    author_id: str
    author_name: str
    body: str
    html: str
    attachments: list[str] = Field(description="File names it will carry")
    comments_enabled: bool
    publish_at: datetime
    status: ScheduledStatus
    error: str | None = Field(None, description="Why publishing failed (an error code)")
    message_id: str | None
    created_at: datetime
    updated_at: datetime
