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
    avatar_url: str | None = Field(None, description="My picture; null without one")


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


CodePurpose = Literal["sign_in", "password_reset"]


class _In(BaseModel):
    # Unknown fields are an error, so a misspelt field is not silently ignored.
    model_config = ConfigDict(extra="forbid")


class CodeRequest(_In):
    email: str = Field(min_length=3, max_length=254)
    purpose: CodePurpose


class CodeRequested(BaseModel):
    """The same answer whether or not an account with the e-mail exists."""

    status: Literal["accepted"] = "accepted"
    message: str
    code_minutes: int


class SignInWithCode(_In):
    email: str = Field(min_length=3, max_length=254)
    code: str = Field(min_length=1, max_length=20)
    transport: Literal["cookie", "token"] = Field(
        "cookie", description="cookie: HttpOnly session cookie (web); token: Bearer token (API)"
    )


class PasswordReset(_In):
    email: str = Field(min_length=3, max_length=254)
    code: str = Field(min_length=1, max_length=20)
    new_password: str = Field(min_length=1, max_length=1024)


class VerifyEmail(_In):
    code: str = Field(min_length=1, max_length=20)


class ChangeEmail(_In):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class UpdateProfile(_In):
    display_name: str | None = Field(None, max_length=500)
    language: Language | None = None


class ChangePassword(_In):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class PasswordChanged(BaseModel):
    ended_sessions: int = Field(description="How many other sessions were ended")


class Accepted(BaseModel):
    status: Literal["accepted"] = "accepted"
    message: str


class MyOrgRole(BaseModel):
    membership_id: str
    role: str
    verified: bool
    class_id: str | None
    class_label: str | None


class MyOrg(BaseModel):
    """An organisation where I have at least one active membership."""

    org_id: str
    name: str
    kind: str
    roles: list[MyOrgRole]
    current: bool


class CurrentOrg(_In):
    org_id: str = Field(min_length=1, max_length=64)
