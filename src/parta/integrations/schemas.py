"""Pydantic in/out models of the integrations domain (they feed the OpenAPI spec)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parta.integrations.scopes import OUTGOING_EVENTS, Scope
from parta.integrations.urls import checked_url

ScopeName = Literal["messages:write", "chats:read", "events:write"]
MAX_CHATS = 50


class BotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, description="Shown as the author's name")
    description: str = Field("", max_length=500)


class BotPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=500)


class BotOut(BaseModel):
    id: str
    account_id: str = Field(description="The bot's author id in messages and chat members")
    kind: Literal["api", "webhook"]
    name: str
    description: str
    chat_ids: list[str] = Field(description="Chats the bot is an active member of")
    created_at: datetime
    disabled: bool


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=120, description="What the token is for")
    scopes: list[ScopeName] = Field(min_length=1, max_length=len(Scope))


class TokenOut(BaseModel):
    id: str
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class NewToken(TokenOut):
    token: str = Field(description="Shown only now; send it as `Authorization: Bearer <token>`")


class BotChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chat_id: str = Field(min_length=1, max_length=26)


class IntegrationChatOut(BaseModel):
    id: str
    kind: str = Field(description="group, class, class_parents, staff or channel")
    title: str
    archived: bool = Field(description="Archived chats take no new bots or webhooks")


class IncomingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, description="Author name of its messages")
    chat_id: str = Field(min_length=1, max_length=26)


class IncomingOut(BaseModel):
    id: str
    name: str
    chat_id: str
    bot_id: str
    created_at: datetime
    last_used_at: datetime | None


class NewIncoming(IncomingOut):
    url: str = Field(description="The secret address to POST to; shown only now")


class HookMessageIn(BaseModel):
    """What an incoming webhook accepts."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20000, description="Markdown (Parta's subset)")
    client_id: str | None = Field(
        None, min_length=1, max_length=64, description="Optional: a retry returns the same message"
    )


class HookMessageOut(BaseModel):
    message_id: str
    chat_id: str
    seq: int
    created: bool


def _events(value: list[str]) -> list[str]:
    unknown = sorted(set(value) - OUTGOING_EVENTS)
    if unknown:
        raise ValueError("unknown events: " + ", ".join(unknown[:5]))
    return sorted(set(value))


def _target(value: str) -> str:
    return checked_url(value, schemes=("https", "http"))


class OutgoingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    url: str = Field(min_length=1, max_length=500, description="http(s) address to POST to")
    events: list[str] = Field(min_length=1, max_length=20, description="e.g. message.new")
    chat_ids: list[str] = Field(min_length=1, max_length=MAX_CHATS)

    _url = field_validator("url")(classmethod(lambda cls, v: _target(v)))
    _ev = field_validator("events")(classmethod(lambda cls, v: _events(v)))


class OutgoingPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=120)
    url: str | None = Field(None, min_length=1, max_length=500)
    events: list[str] | None = Field(None, min_length=1, max_length=20)
    chat_ids: list[str] | None = Field(None, min_length=1, max_length=MAX_CHATS)
    active: bool | None = Field(None, strict=True, description="true re-enables a disabled one")

    _url = field_validator("url")(classmethod(lambda cls, v: None if v is None else _target(v)))
    _ev = field_validator("events")(classmethod(lambda cls, v: None if v is None else _events(v)))


class OutgoingOut(BaseModel):
    id: str
    name: str
    url: str
    events: list[str]
    chat_ids: list[str]
    active: bool
    consecutive_failures: int
    disabled_reason: str
    created_at: datetime


class NewSecret(OutgoingOut):
    secret: str = Field(description="Signing secret (shown now; rotate to get a new one)")


class AttemptOut(BaseModel):
    at: datetime
    status_code: int | None
    error: str
    ms: int


class DeliveryOut(BaseModel):
    id: str
    event: str
    chat_id: str
    seq: int
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    created_at: datetime
    finished_at: datetime | None
    log: list[AttemptOut]


class BotMe(BaseModel):
    bot_id: str
    account_id: str
    org_id: str
    name: str
    scopes: list[str]


class BotChat(BaseModel):
    id: str
    kind: str
    title: str
    seq: int


class BotSendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: str = Field(min_length=1, max_length=64, description="For retries")
    body: str = Field(min_length=1, max_length=20000, description="Markdown (Parta's subset)")
