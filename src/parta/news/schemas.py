"""The operator's posts as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from parta.support.schemas import clean_line, clean_text

Category = Literal["news", "howto", "webinar"]
Audience = Literal["teachers", "everyone"]
NewsPostStatus = Literal["draft", "published"]
MAX_TITLE = 200
MAX_BODY = 40000


class _PostFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("title", check_fields=False)
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = clean_line(value)
        if not value:
            raise ValueError("required")
        return value

    @field_validator("body", check_fields=False)
    @classmethod
    def _body(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)


class NewsPostIn(_PostFields):
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    body: str = Field(
        "", max_length=MAX_BODY, description="Markdown: the message subset and # headings"
    )
    category: Category
    audience: Audience = Field(
        "teachers", description="teachers: verified staff; everyone: all members"
    )
    webinar_at: AwareDatetime | None = Field(
        None, description="Webinars: when it starts (required)"
    )
    webinar_url: str | None = Field(None, max_length=2000, description="Webinars: where to join")


class NewsPostPatch(_PostFields):
    """Only the fields sent change; `webinar_at` and `webinar_url` may be set to null."""

    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    body: str | None = Field(None, max_length=MAX_BODY)
    category: Category | None = None
    audience: Audience | None = None
    webinar_at: AwareDatetime | None = None
    webinar_url: str | None = Field(None, max_length=2000)


class NewsPostSummary(BaseModel):
    id: str
    title: str
    category: Category
    audience: Audience
    excerpt: str
    webinar_at: datetime | None
    webinar_url: str | None
    published_at: datetime | None


class NewsPostOut(NewsPostSummary):
    html: str = Field(description="The body as safe HTML")
    updated_at: datetime | None


class NewsEditorPostOut(NewsPostOut):
    """The operator's view: the source text and the state."""

    body: str
    status: NewsPostStatus
    created_at: datetime
