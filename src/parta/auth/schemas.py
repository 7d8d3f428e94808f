"""Request and response models of accounts and sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["ru", "en"]


class SignIn(BaseModel):
    login: str = Field(min_length=1, max_length=254, description="E-mail, phone number or login")
    password: str = Field(min_length=1, max_length=256)
    transport: Literal["cookie", "token"] = Field(
        "cookie", description="cookie: HttpOnly session cookie (web); token: Bearer token (API)"
    )


class MyAccount(BaseModel):
    """The signed-in person's own account (the only place contact details are shown)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    display_name: str
    email: str | None
    email_verified: bool
    phone: str | None
    username: str | None
    language: str
    is_operator: bool
    last_org_id: str | None


class SessionOut(BaseModel):
    token: str | None = Field(None, description="Only with transport=token")
    csrf_token: str
    account: MyAccount


class SessionInfo(BaseModel):
    id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ip: str
    user_agent: str
    current: bool
