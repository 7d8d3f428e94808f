"""Endpoints of the roster domain: bulk import of students (and their parents) from CSV/XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response

from parta.auth.deps import Ctx
from parta.config import get_settings
from parta.deps import DB
from parta.kit.http import client_ip
from parta.kit.pagination import Page
from parta.roster import service
from parta.roster.apply import apply_import
from parta.roster.schemas import ApplyIn, RosterImportItem, RosterImportOut
from parta.roster.upload import read_upload

router = APIRouter(tags=["roster"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The roster as .xlsx or .csv",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/orgs/{org_id}/roster-imports",
    status_code=201,
    openapi_extra=_UPLOAD_BODY,
    responses={
        413: {"description": "The file is larger than the limit"},
        415: {"description": "Not a CSV or XLSX file"},
        422: {"description": "Missing columns, too many rows, unreadable file"},
    },
)
async def upload_roster(org_id: str, request: Request, db: DB, ctx: Ctx) -> RosterImportOut:
    """Upload a roster (multipart field `file`, CSV or XLSX) and get its preview.

    Nothing is created yet: the rows are parsed and validated and the import is stored with
    status "preview" until it is applied. Administrators only.
    """
    service.require_importer(ctx)
    upload = await read_upload(request, get_settings().roster_max_bytes)
    imp = await service.preview(
        db, ctx, filename=upload.filename, data=upload.data, ip=client_ip(request)
    )
    return await service.import_out(db, imp)


@router.get("/orgs/{org_id}/roster-imports")
async def list_roster_imports(
    org_id: str,
    db: DB,
    ctx: Ctx,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> Page[RosterImportItem]:
    """The organisation's roster imports, newest first (administrators only)."""
    items, next_cursor = await service.list_imports(db, ctx, cursor=cursor, limit=limit)
    return Page[RosterImportItem](items=items, next_cursor=next_cursor)


@router.get("/orgs/{org_id}/roster-imports/{import_id}")
async def get_roster_import(org_id: str, import_id: str, db: DB, ctx: Ctx) -> RosterImportOut:
    """One import: its rows, summary and, once applied, the result (administrators only)."""
    imp = await service.get_import(db, ctx, import_id)
    return await service.import_out(db, imp)


@router.post("/orgs/{org_id}/roster-imports/{import_id}/apply")
async def apply_roster_import(
    org_id: str,
    import_id: str,
    request: Request,
    db: DB,
    ctx: Ctx,
    body: Annotated[ApplyIn | None, Body()] = None,
) -> RosterImportOut:
    """Apply a previewed import: pending students in their classes with invitation links.

    Needs a current academic year (409 otherwise); missing classes are created unless
    `create_missing_classes` is false; with `notify_parents` each parent gets their child's
    parent link by e-mail. An import is applied once (409 the second time).
    """
    imp = await apply_import(db, ctx, import_id, body or ApplyIn(), ip=client_ip(request))
    return await service.import_out(db, imp)


@router.get(
    "/orgs/{org_id}/roster-imports/{import_id}/links.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The links, for Excel"}},
)
async def roster_links_csv(org_id: str, import_id: str, db: DB, ctx: Ctx) -> Response:
    """The invitation links of an applied import as a `;`-separated UTF-8 CSV (with BOM).

    Columns: class, student, student link, parent link, parent e-mails. Administrators only;
    the links are secrets: hand each one only to its person.
    """
    filename, data = await service.links_csv(db, ctx, import_id)
    return Response(
        content=data,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
