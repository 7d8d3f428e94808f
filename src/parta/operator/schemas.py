"""Request and response models of organisation applications and the operator console."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parta.auth.accounts import normalize_email, normalize_phone
from parta.kit.errors import Unprocessable
from parta.operator.inn import is_valid_inn

OrgKind = Literal["school", "college", "kindergarten", "additional"]
ApplicationStatus = Literal["pending", "approved", "rejected"]
MailStatus = Literal["pending", "sent", "logged", "failed"]

QUESTIONNAIRE_MAX_CHARS = 8000
QUESTIONNAIRE_MAX_KEYS = 30
QUESTIONNAIRE_KEY_MAX = 64
QUESTIONNAIRE_VALUE_MAX = 500


def check_text(value: str) -> str:
    """Text without control characters (PostgreSQL refuses NUL; the rest is never meant)."""
    if any((ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" for c in value):
        raise ValueError("must not contain control characters")
    return value


def parse_questionnaire(raw: object) -> dict[str, str | int | float]:
    """A JSON object of at most 30 short string or number answers."""
    if isinstance(raw, str):
        if len(raw) > QUESTIONNAIRE_MAX_CHARS:
            raise ValueError(f"must be at most {QUESTIONNAIRE_MAX_CHARS} characters of JSON")
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError as exc:
            raise ValueError("must be a JSON object") from exc
    if not isinstance(raw, dict):
        raise ValueError("must be a JSON object")
    if len(raw) > QUESTIONNAIRE_MAX_KEYS:
        raise ValueError(f"must have at most {QUESTIONNAIRE_MAX_KEYS} answers")
    out: dict[str, str | int | float] = {}
    for key, value in raw.items():
        if not 1 <= len(key) <= QUESTIONNAIRE_KEY_MAX:
            raise ValueError(f"question names must be 1–{QUESTIONNAIRE_KEY_MAX} characters")
        check_text(key)
        if isinstance(value, str):
            if len(value) > QUESTIONNAIRE_VALUE_MAX:
                raise ValueError(f"answers must be at most {QUESTIONNAIRE_VALUE_MAX} characters")
            out[key] = check_text(value).strip()
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or abs(value) > 1e15:
                raise ValueError(f"the answer to {key!r} is not a sensible number")
            out[key] = value
        else:
            raise ValueError("answers must be strings or numbers")
    return out


def _via(normalize: Callable[[str, str], str], value: str, field: str) -> str:
    """Run an account normaliser, turning its 422 into a field error of this form."""
    try:
        return normalize(value, field)
    except Unprocessable as exc:
        raise ValueError(exc.message) from exc


class ApplicationForm(BaseModel):
    """The text fields of an organisation's application (sent with a `document` file)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    org_name: str = Field(min_length=2, max_length=300, description="Full name of the organisation")
    kind: OrgKind
    region: str = Field(min_length=2, max_length=200)
    address: str = Field(min_length=5, max_length=500)
    inn: str = Field(
        min_length=10, max_length=14, description="ИНН: 10 digits (organisation) or 12"
    )
    admin_full_name: str = Field(min_length=2, max_length=200)
    admin_phone: str = Field(min_length=5, max_length=30)
    admin_email: str = Field(min_length=3, max_length=254)
    questionnaire: dict[str, str | int | float] = Field(
        default_factory=dict,
        description="JSON object of at most 30 answers (strings up to 500 characters or numbers)",
    )

    @field_validator("org_name", "region", "address", "admin_full_name")
    @classmethod
    def _text(cls, v: str) -> str:
        return check_text(v)

    @field_validator("inn")
    @classmethod
    def _inn(cls, v: str) -> str:
        v = v.replace(" ", "")
        if not is_valid_inn(v):
            raise ValueError("not a valid INN (10 or 12 digits with correct check digits)")
        return v

    @field_validator("admin_email")
    @classmethod
    def _email(cls, v: str) -> str:
        return _via(normalize_email, v, "admin_email")

    @field_validator("admin_phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        return _via(normalize_phone, v, "admin_phone")

    @field_validator("questionnaire", mode="before")
    @classmethod
    def _questionnaire(cls, v: object) -> dict[str, str | int | float]:
        return parse_questionnaire(v)


class ApplicationCreated(BaseModel):
    id: str
    status: ApplicationStatus


class DocumentMeta(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    original_name: str
    mime: str
    size: int
    sha256: str


class ApplicationItem(BaseModel):
    """An application in the operator's queue."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    status: str
    org_name: str
    kind: str
    region: str
    inn: str
    admin_full_name: str
    created_at: datetime


class ApplicationDetail(ApplicationItem):
    address: str
    admin_phone: str
    admin_email: str
    questionnaire: dict[str, object]
    document: DocumentMeta | None
    reject_reason: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    org_id: str | None
    ip: str


class RejectIn(BaseModel):
    reason: str = Field(
        min_length=3, max_length=2000, description="Why; sent to the applicant as written"
    )

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        v = check_text(v).strip()
        if len(v) < 3:
            raise ValueError("please give a reason of at least 3 characters")
        return v


class OrgRow(BaseModel):
    id: str
    name: str
    kind: str
    region: str
    inn: str
    status: str
    created_at: datetime
    members: dict[str, int] = Field(description="Active members by role")


class AuditRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    action: str
    actor_id: str | None
    target_type: str
    target_id: str
    ip: str
    data: dict[str, object]
    created_at: datetime


class OutboxRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    to_address: str
    subject: str
    body: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
