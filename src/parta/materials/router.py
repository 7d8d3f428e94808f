"""Endpoints of the materials library of an organisation, a class or a group."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor
from parta.deps import DB
from parta.files.http import limited_form
from parta.files.upload_form import parse_upload_form
from parta.kit.errors import Unprocessable
from parta.kit.http import client_ip
from parta.materials import downloads, files, places, service
from parta.materials.schemas import (
    FolderIn,
    LibraryPage,
    LinkIn,
    MaterialOut,
    MaterialPatch,
    PlaceKind,
    PlaceOut,
    PlaceRef,
    SharedFileIn,
)
from parta.materials.views import place_out

router = APIRouter(tags=["materials"])

PlaceQ = Annotated[PlaceKind, Query(description="org, class or group")]
PlaceIdQ = Annotated[
    str | None, Query(max_length=26, description="Class or group id (omit for org)")
]
FolderQ = Annotated[str | None, Query(max_length=26, description="Folder id; omit for the top")]


def _upload_schema() -> dict[str, Any]:
    body = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary", "description": "The file"},
            "title": {"type": "string", "maxLength": 200, "description": "Defaults to its name"},
        },
        "required": ["file"],
    }
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}}}


@router.get("/orgs/{org_id}/materials/places", response_model=list[PlaceOut])
async def my_places(ctx: Ctx, db: DB) -> list[PlaceOut]:
    """Libraries I can open: the organisation's, then classes (current year) and groups,
    each with what I may do there."""
    return [place_out(p) for p in await places.my_places(db, ctx)]


@router.get("/orgs/{org_id}/materials", response_model=LibraryPage)
async def list_folder(
    ctx: Ctx, db: DB, place: PlaceQ, place_id: PlaceIdQ = None, folder_id: FolderQ = None
) -> LibraryPage:
    """A folder of a library (the top level without `folder_id`): folders first, then files
    and links by title, at most 500. 404 unless I may read the library; 422 `bad_folder`."""
    return await service.list_folder(db, ctx, place, place_id, folder_id)


@router.post("/orgs/{org_id}/materials/folders", response_model=MaterialOut, status_code=201)
async def create_folder(body: FolderIn, request: Request, ctx: Ctx, db: DB) -> MaterialOut:
    """A new folder (at most 5 levels deep: 422 `too_deep`). 403 `materials_read_only`;
    409 `place_archived`, `folder_full`; 422 `bad_folder`."""
    return await service.create_folder(db, ctx, body, client_ip(request))


@router.post("/orgs/{org_id}/materials/links", response_model=MaterialOut, status_code=201)
async def create_link(body: LinkIn, request: Request, ctx: Ctx, db: DB) -> MaterialOut:
    """A new link with a title. 422 `invalid_url` unless an http(s) address with a host and
    without a user name or password; otherwise as for folders."""
    return await service.create_link(db, ctx, body, client_ip(request))


@router.post("/orgs/{org_id}/materials/shared", response_model=MaterialOut, status_code=201)
async def share_from_chat(body: SharedFileIn, request: Request, ctx: Ctx, db: DB) -> MaterialOut:
    """Share a file of a chat message I can read into a library (no copy is made). 404 when
    I cannot read the file; 422 `not_shareable` for unsent uploads and homework hand-ins."""
    return await files.share_from_chat(db, ctx, body, client_ip(request))


@router.post(
    "/orgs/{org_id}/materials/uploads",
    response_model=MaterialOut,
    status_code=201,
    openapi_extra=_upload_schema(),
)
async def upload(
    request: Request,
    ctx: Ctx,
    db: DB,
    place: PlaceQ,
    place_id: PlaceIdQ = None,
    parent_id: FolderQ = None,
) -> MaterialOut:
    """Upload a file straight into a library (multipart: `file`, optional `title`). Checked
    like chat uploads: type sniffed from the content, the organisation's size limit and
    quota (413 `file_too_large`, `quota_exceeded`), virus scan (422 `file_infected`),
    pictures lose their location data. Other errors as for folders."""
    ref = PlaceRef(place=place, place_id=place_id, parent_id=parent_id)
    target, folder, limits = await files.prepare_upload(db, ctx, ref)
    async with limited_form(request, max_file_bytes=limits.file_max_bytes, max_fields=5) as form:
        data = parse_upload_form(form)
        title = form.get("title")
        if title is not None and (not isinstance(title, str) or len(title) > 200):
            raise Unprocessable(
                "title must be text of at most 200 characters.", fields={"title": "1..200"}
            )
        return await files.upload_file(
            db, ctx, target, folder, limits, data, title or None, client_ip(request)
        )


@router.get("/orgs/{org_id}/materials/items/{item_id}", response_model=MaterialOut)
async def get_item(item_id: str, ctx: Ctx, db: DB) -> MaterialOut:
    """One item with fresh download links. 404 unless I may read its library."""
    return await service.get_item(db, ctx, item_id)


@router.patch("/orgs/{org_id}/materials/items/{item_id}", response_model=MaterialOut)
async def update_item(
    item_id: str, body: MaterialPatch, request: Request, ctx: Ctx, db: DB
) -> MaterialOut:
    """Rename (`title`), change a link's `url`, or move (`parent_id`: a folder of the same
    library, null for the top). Its author, or the place's managers. 403
    `materials_read_only`; 409 `place_archived`, `folder_full`; 422 `bad_folder` (also a
    folder into itself), `too_deep`, `invalid_url`, `not_a_link`."""
    return await service.update_item(db, ctx, item_id, body, client_ip(request))


@router.delete("/orgs/{org_id}/materials/items/{item_id}", status_code=204)
async def delete_item(item_id: str, request: Request, ctx: Ctx, db: DB) -> Response:
    """Delete an item; a folder with everything in it. Same rights as changing it."""
    await service.delete_item(db, ctx, item_id, client_ip(request))
    return Response(status_code=204)


@router.get(
    "/material-files/{item_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    item_id: str,
    actor: CurrentActor,
    db: DB,
    exp: str = Query("", max_length=12),
    sig: str = Query("", max_length=64),
    v: Literal["file", "thumb", "preview"] = "file",
    download: bool = False,
) -> Response:
    """A library file by its signed link (MaterialOut.file.url) for someone who may read the
    library, signed in: the link alone is not enough. 401; 403 `bad_signature`; 410
    `link_expired` (get the item again for fresh links); 404. Answers Range requests."""
    return await downloads.download(
        db, actor, item_id, variant=v, exp=exp, sig=sig, force_download=download
    )
