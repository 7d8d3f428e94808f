"""Posts as the API shows them."""

from __future__ import annotations

from parta.models import NewsPost
from parta.news.render import excerpt
from parta.news.schemas import NewsEditorPostOut, NewsPostOut, NewsPostSummary


def summary(p: NewsPost) -> NewsPostSummary:
    return NewsPostSummary(
        id=p.id,
        title=p.title,
        category=p.category,  # type: ignore[arg-type]  # stored values are categories
        audience=p.audience,  # type: ignore[arg-type]  # stored values are audiences
        excerpt=excerpt(p.body),
        webinar_at=p.webinar_at,
        webinar_url=p.webinar_url,
        published_at=p.published_at,
    )


def post_out(p: NewsPost) -> NewsPostOut:
    return NewsPostOut(**summary(p).model_dump(), html=p.body_html, updated_at=p.updated_at)


def editor_out(p: NewsPost) -> NewsEditorPostOut:
    return NewsEditorPostOut(
        **post_out(p).model_dump(),
        body=p.body,
        status=p.status,  # type: ignore[arg-type]  # stored values are statuses
        created_at=p.created_at,
    )
