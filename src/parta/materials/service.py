"""Library use cases: list a folder, add folders and links, rename, move and delete.

Files (shared from a chat or uploaded) are added by parta.materials.files. Every change is
audited (`material.*`); nothing here is realtime: clients reload the folder they show.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, NotFound, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.materials.links import clean_title, clean_url
from parta.materials.places import Place, readable_place, require_add
from parta.materials.policy import MAX_FOLDER_DEPTH, MAX_ITEMS_PER_FOLDER, may_change
from parta.materials.schemas import (
    FolderIn,
    FolderRef,
    LibraryPage,
    LinkIn,
    MaterialOut,
    MaterialPatch,
    PlaceRef,
)
from parta.materials.stored import release_files
from parta.materials.views import items_out, place_out
from parta.models import MaterialItem


def _bad_folder() -> Unprocessable:
    return Unprocessable(
        "The folder is not in this library.", code="bad_folder", fields={"parent_id": "folder"}
    )


async def folder_in(db: AsyncSession, place: Place, folder_id: str | None) -> MaterialItem | None:
    """The folder of this library (None for the top level); 422 `bad_folder` otherwise."""
    if folder_id is None:
        return None
    folder = await db.get(MaterialItem, folder_id) if is_id(folder_id) else None
    if (
        folder is None
        or folder.kind != "folder"
        or folder.place != place.kind
        or folder.place_id != place.id
    ):
        raise _bad_folder()
    return folder


async def _children_count(db: AsyncSession, place: Place, parent_id: str | None) -> int:
    stmt = sa.select(sa.func.count(MaterialItem.id)).where(
        MaterialItem.place == place.kind,
        MaterialItem.place_id == place.id,
        MaterialItem.parent_id.is_(None)
        if parent_id is None
        else MaterialItem.parent_id == parent_id,
    )
    return int((await db.execute(stmt)).scalar_one())


async def check_room(db: AsyncSession, place: Place, folder: MaterialItem | None) -> None:
    """409 `folder_full` when the folder already holds the most items one listing shows."""
    if await _children_count(db, place, folder.id if folder else None) >= MAX_ITEMS_PER_FOLDER:
        raise Conflict(
            f"A folder holds at most {MAX_ITEMS_PER_FOLDER} items; make a subfolder.",
            code="folder_full",
        )


async def target_for_adding(
    db: AsyncSession, ctx: OrgContext, ref: PlaceRef
) -> tuple[Place, MaterialItem | None]:
    """The library and folder something is being added to, checked: 404 unless readable,
    403 `materials_read_only`, 409 `place_archived`, 422 `bad_folder`, 409 `folder_full`."""
    place = await readable_place(db, ctx, ref.place, ref.place_id)
    require_add(place)
    folder = await folder_in(db, place, ref.parent_id)
    await check_room(db, place, folder)
    return place, folder


def new_item(
    ctx: OrgContext, place: Place, folder: MaterialItem | None, kind: str, title: str
) -> MaterialItem:
    return MaterialItem(
        org_id=ctx.org_id,
        place=place.kind,
        place_id=place.id,
        parent_id=folder.id if folder else None,
        depth=folder.depth + 1 if folder else 0,
        kind=kind,
        title=title,
        created_by=ctx.account_id,
    )


async def added(
    db: AsyncSession, ctx: OrgContext, place: Place, item: MaterialItem, ip: str
) -> MaterialOut:
    """Store the new item, audit it and return it."""
    db.add(item)
    await db.flush()
    await record(
        db,
        "material.added",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="material",
        target_id=item.id,
        ip=ip,
        data={"kind": item.kind, "title": item.title, "place": place.kind, "place_id": place.id},
    )
    return (await items_out(db, ctx.org_id, place, [item], ctx.account_id))[0]


async def list_folder(
    db: AsyncSession, ctx: OrgContext, kind: str, place_id: str | None, folder_id: str | None
) -> LibraryPage:
    """A folder of a library (the top level when `folder_id` is None). 404 unless readable."""
    place = await readable_place(db, ctx, kind, place_id)
    folder = await folder_in(db, place, folder_id)
    stmt = (
        sa.select(MaterialItem)
        .where(
            MaterialItem.org_id == ctx.org_id,
            MaterialItem.place == place.kind,
            MaterialItem.place_id == place.id,
            MaterialItem.parent_id.is_(None)
            if folder is None
            else MaterialItem.parent_id == folder.id,
        )
        .order_by(sa.case((MaterialItem.kind == "folder", 0), else_=1), MaterialItem.title)
        .limit(MAX_ITEMS_PER_FOLDER)
    )
    items = list((await db.execute(stmt)).scalars())
    path: list[FolderRef] = []
    cursor = folder
    while cursor is not None:
        path.insert(0, FolderRef(id=cursor.id, title=cursor.title))
        cursor = await db.get(MaterialItem, cursor.parent_id) if cursor.parent_id else None
    return LibraryPage(
        place=place_out(place),
        folder=FolderRef(id=folder.id, title=folder.title) if folder else None,
        path=path,
        items=await items_out(db, ctx.org_id, place, items, ctx.account_id),
    )


async def create_folder(db: AsyncSession, ctx: OrgContext, data: FolderIn, ip: str) -> MaterialOut:
    """A new folder. 422 `too_deep` beyond MAX_FOLDER_DEPTH levels (see target_for_adding)."""
    place, parent = await target_for_adding(db, ctx, data)
    if parent is not None and parent.depth + 1 >= MAX_FOLDER_DEPTH:
        raise Unprocessable(
            f"Folders can be nested at most {MAX_FOLDER_DEPTH} levels deep.", code="too_deep"
        )
    item = new_item(ctx, place, parent, "folder", clean_title(data.title))
    return await added(db, ctx, place, item, ip)


async def create_link(db: AsyncSession, ctx: OrgContext, data: LinkIn, ip: str) -> MaterialOut:
    """A new link. 422 `invalid_url` unless an http(s) address (see target_for_adding)."""
    place, parent = await target_for_adding(db, ctx, data)
    url = clean_url(data.url)
    item = new_item(ctx, place, parent, "link", clean_title(data.title))
    item.url = url
    return await added(db, ctx, place, item, ip)


async def changeable_item(
    db: AsyncSession, ctx: OrgContext, item_id: str
) -> tuple[MaterialItem, Place]:
    """The item and its library; 404 unless readable, 403 `materials_read_only` unless the
    person may change it, 409 `place_archived`."""
    item, place = await readable_item(db, ctx, item_id)
    if place.facts.archived:
        raise Conflict(
            "This class or group is archived; its library is read-only.", code="place_archived"
        )
    if not may_change(place.access, is_author=item.created_by == ctx.account_id):
        raise Forbidden(
            "Only its author, the class teacher, the group's lead or an administrator can "
            "change this item.",
            code="materials_read_only",
        )
    return item, place


async def readable_item(
    db: AsyncSession, ctx: OrgContext, item_id: str
) -> tuple[MaterialItem, Place]:
    """The item and its library when the person may read it; 404 otherwise."""
    item = await db.get(MaterialItem, item_id) if is_id(item_id) else None
    if item is None or item.org_id != ctx.org_id:
        raise not_found("material")
    try:
        place = await readable_place(db, ctx, item.place, item.place_id)
    except NotFound:  # the library's 404 is the item's 404
        raise not_found("material") from None
    return item, place


async def get_item(db: AsyncSession, ctx: OrgContext, item_id: str) -> MaterialOut:
    """One item with fresh links (after a download link expired)."""
    item, place = await readable_item(db, ctx, item_id)
    return (await items_out(db, ctx.org_id, place, [item], ctx.account_id))[0]


async def _subtree(db: AsyncSession, root: MaterialItem) -> list[list[MaterialItem]]:
    """The item's descendants, level by level (folders nest a few levels at most)."""
    levels: list[list[MaterialItem]] = []
    parents = [root.id] if root.kind == "folder" else []
    while parents:
        stmt = sa.select(MaterialItem).where(MaterialItem.parent_id.in_(parents))
        level = list((await db.execute(stmt)).scalars())
        if not level:
            break
        levels.append(level)
        parents = [i.id for i in level if i.kind == "folder"]
    return levels


async def _move(
    db: AsyncSession, place: Place, item: MaterialItem, parent_id: str | None
) -> dict[str, str | None]:
    target = await folder_in(db, place, parent_id)
    if (target.id if target else None) == item.parent_id:
        return {}
    levels = await _subtree(db, item)
    below = {i.id for level in levels for i in level}
    if target is not None and (target.id == item.id or target.id in below):
        raise Unprocessable(
            "A folder cannot be moved into itself.", code="bad_folder", fields={"parent_id": "loop"}
        )
    depth = target.depth + 1 if target else 0
    folder_levels = sum(1 for level in levels if any(i.kind == "folder" for i in level))
    if item.kind == "folder" and depth + folder_levels >= MAX_FOLDER_DEPTH:
        raise Unprocessable(
            f"Folders can be nested at most {MAX_FOLDER_DEPTH} levels deep.", code="too_deep"
        )
    await check_room(db, place, target)
    before = item.parent_id
    item.parent_id = target.id if target else None
    shift = depth - item.depth
    item.depth = depth
    for level in levels:
        for child in level:
            child.depth += shift
    return {"from": before, "to": item.parent_id}


async def update_item(
    db: AsyncSession, ctx: OrgContext, item_id: str, patch: MaterialPatch, ip: str
) -> MaterialOut:
    """Rename, change a link's address, or move within the library (`parent_id`, null for
    the top). 422 `bad_folder`, `too_deep`, `invalid_url`, `not_a_link`."""
    item, place = await changeable_item(db, ctx, item_id)
    sent = patch.model_fields_set
    changes: dict[str, object] = {}
    if "title" in sent and patch.title is not None:
        title = clean_title(patch.title)
        if title != item.title:
            changes["title"] = {"from": item.title, "to": title}
            item.title = title
    if "url" in sent and patch.url is not None:
        if item.kind != "link":
            raise Unprocessable("Only links have an address.", code="not_a_link")
        url = clean_url(patch.url)
        if url != item.url:
            changes["url"] = {"from": item.url, "to": url}
            item.url = url
    if "parent_id" in sent:
        moved = await _move(db, place, item, patch.parent_id)
        if moved:
            changes["parent_id"] = moved
    if changes:
        item.updated_at = utcnow()
        await db.flush()
        action = "material.moved" if set(changes) == {"parent_id"} else "material.changed"
        await record(
            db,
            action,
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="material",
            target_id=item.id,
            ip=ip,
            data={"place": place.kind, "place_id": place.id, **changes},
        )
    return (await items_out(db, ctx.org_id, place, [item], ctx.account_id))[0]


async def delete_item(db: AsyncSession, ctx: OrgContext, item_id: str, ip: str) -> None:
    """Delete an item; a folder goes with everything in it. Stored files are removed only
    when nothing else (a chat message, another library item) still uses them."""
    item, place = await changeable_item(db, ctx, item_id)
    levels = await _subtree(db, item)
    doomed = [i for level in reversed(levels) for i in level] + [item]
    file_ids = [
        f for i in doomed for f in (i.file_id, i.thumb_file_id, i.preview_file_id) if f is not None
    ]
    for i in doomed:  # deepest first: rows point at their folders
        await db.delete(i)
        await db.flush()
    await release_files(db, file_ids)
    await record(
        db,
        "material.deleted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="material",
        target_id=item.id,
        ip=ip,
        data={
            "kind": item.kind,
            "title": item.title,
            "place": place.kind,
            "place_id": place.id,
            "items": len(doomed),
        },
    )
