"""Catalogue items as the API shows them, with fresh signed download links."""

from __future__ import annotations

from typing import Any

from parta.catalogue.schemas import CatalogueItemOut, ReviewItemOut, SubmitterOut
from parta.catalogue.subjects import SUBJECTS
from parta.files.signing import signed_url
from parta.materials.schemas import MaterialFileOut
from parta.models import CatalogueItem

DOWNLOAD_PATH = "/api/v1/catalogue-files/"
SIGN_PURPOSE = "catalogue"


def catalogue_url(item_id: str, variant: Any = "file") -> str:
    return signed_url(item_id, variant, path=DOWNLOAD_PATH, purpose=SIGN_PURPOSE)


def grades_key(grades: list[int]) -> str:
    """ ",5,6," — one LIKE finds a grade on every backend."""
    return "," + ",".join(str(g) for g in grades) + ","


def grades_of(key: str) -> list[int]:
    return [int(g) for g in key.strip(",").split(",") if g.isdigit()]


def _file(item: CatalogueItem) -> MaterialFileOut | None:
    if item.kind != "file" or item.file_id is None:
        return None
    return MaterialFileOut(
        kind=item.file_kind or "file",  # type: ignore[arg-type]  # stored values are kinds
        name=item.file_name or item.title,
        mime=item.mime or "application/octet-stream",
        size=item.size or 0,
        width=item.width,
        height=item.height,
        duration_ms=item.duration_ms,
        url=catalogue_url(item.id),
        thumb_url=catalogue_url(item.id, "thumb") if item.thumb_file_id else None,
        preview_url=catalogue_url(item.id, "preview") if item.preview_file_id else None,
    )


def _fields(item: CatalogueItem, *, show_reason: bool) -> dict[str, Any]:
    return {
        "id": item.id,
        "status": item.status,
        "title": item.title,
        "subject": item.subject,
        "subject_name": SUBJECTS.get(item.subject, item.subject),
        "grades": grades_of(item.grades),
        "description": item.description,
        "language": item.language,
        "kind": item.kind,
        "url": item.url if item.kind == "link" else None,
        "file": _file(item),
        "by_operator": item.by_operator,
        "reject_reason": item.reject_reason if show_reason else None,
        "reviewed_at": item.reviewed_at,
        "created_at": item.created_at,
    }


def item_out(item: CatalogueItem, *, show_reason: bool = False) -> CatalogueItemOut:
    return CatalogueItemOut(**_fields(item, show_reason=show_reason))


def review_out(item: CatalogueItem, submitter: SubmitterOut | None) -> ReviewItemOut:
    return ReviewItemOut(**_fields(item, show_reason=True), submitted_by=submitter)
