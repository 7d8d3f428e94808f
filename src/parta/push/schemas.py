"""Push subscriptions and notification preferences, in and out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class VapidKeyOut(BaseModel):
    public_key: str = Field(
        description="The server's VAPID public key (base64url, uncompressed P-256 point): "
        "pass it as `applicationServerKey` to `PushManager.subscribe`."
    )


class SubscriptionKeys(BaseModel):
    p256dh: str = Field(min_length=1, max_length=100, description="The device's P-256 key")
    auth: str = Field(min_length=1, max_length=50, description="The device's auth secret")


class SubscriptionIn(BaseModel):
    """`PushSubscription.toJSON()` as the browser gives it (other fields are ignored)."""

    endpoint: str = Field(min_length=1, max_length=2000)
    keys: SubscriptionKeys


class SubscriptionOut(BaseModel):
    id: str
    endpoint: str
    user_agent: str
    created_at: datetime
    last_success_at: datetime | None
    this_session: bool = Field(description="Registered by the session making this request")


class TestPushOut(BaseModel):
    devices: int = Field(description="How many of my devices the test push goes to")


Digest = Literal["off", "daily", "weekly"]


class PrefsOut(BaseModel):
    push_messages: bool = Field(description="New messages (never in muted chats)")
    push_mentions: bool = Field(description="Mentions of me, also in muted chats")
    push_calls: bool = Field(description="Calls ringing for me")
    push_reminders: bool = Field(description="Event reminders and requests to confirm")
    push_previews: bool = Field(description="Show who wrote and what (off: only what kind)")
    digest: Digest = Field(description="E-mail digest: off (default), daily or weekly")
    digest_next_at: datetime | None = Field(description="When the next digest is due, if on")


class PrefsPatch(BaseModel):
    """Only the fields sent change."""

    push_messages: bool | None = None
    push_mentions: bool | None = None
    push_calls: bool | None = None
    push_reminders: bool | None = None
    push_previews: bool | None = None
    digest: Digest | None = None
