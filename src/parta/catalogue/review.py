"""The operator's side of the catalogue: the review queue, adding items, approving,
rejecting with a reason, and withdrawing items."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor
from parta.catalogue import policy
from parta.catalogue.schemas import (
    CatalogueIn,
    RejectIn,
    ReviewItemOut,
    SubmitterOut,
    without_controls,
)
from parta.catalogue.service import new_item
from parta.catalogue.views import review_out
from parta.config import get_settings
from parta.files.quota import MB, Limits
from parta.files.uploads import Owner, UploadIn, accept_file
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import Page, clamp_limit
from parta.materials.links import clean_url
from parta.materials.stored import release_files
from parta.models import Account, CatalogueItem, Org
from parta.realtime.log import notify

# The operator's own files count against no organisation: only the per-file limit applies.
PLATFORM_ROOM = 1 << 62


def operator_limits() -> Limits:
    return Limits(get_settings().file_max_mb * MB, PLATFORM_ROOM, 0)


async def _submitters(db: AsyncSession, items: list[CatalogueItem]) -> dict[str, SubmitterOut]:
    ids = {i.id: (i.submitted_by, i.submitted_org_id) for i in items if i.submitted_by}
    if not ids:
        return {}
    accounts = {a for a, _ in ids.values() if a}
    orgs = {o for _, o in ids.values() if o}
    names = dict(
        (
            await db.execute(
                sa.select(Account.id, Account.display_name).where(Account.id.in_(accounts))
            )
        ).all()
    )
    org_names = (
        dict((await db.execute(sa.select(Org.id, Org.name).where(Org.id.in_(orgs)))).all())
        if orgs
        else {}
    )
    return {
        item_id: SubmitterOut(
            account_id=a,
            name=names.get(a, "Deleted user"),
            org_id=o,
            org_name=org_names.get(o) if o else None,
        )
        for item_id, (a, o) in ids.items()
        if a
    }


async def _out(db: AsyncSession, item: CatalogueItem) -> ReviewItemOut:
    return review_out(item, (await _submitters(db, [item])).get(item.id))


async def queue(
    db: AsyncSession, status: str, cursor: str | None, limit: int | None
) -> Page[ReviewItemOut]:
    """Items of one status: pending ones oldest first (a queue), others newest first."""
    n = clamp_limit(limit)
    stmt = sa.select(CatalogueItem).where(CatalogueItem.status == status)
    oldest_first = status == "pending"
    if cursor is not None:
        if not is_id(cursor):
            raise Unprocessable("The page cursor is not valid.", code="bad_cursor")
        stmt = stmt.where(CatalogueItem.id > cursor if oldest_first else CatalogueItem.id < cursor)
    order = CatalogueItem.id.asc() if oldest_first else CatalogueItem.id.desc()
    rows = list((await db.execute(stmt.order_by(order).limit(n + 1))).scalars())
    more = len(rows) > n
    rows = rows[:n]
    people = await _submitters(db, rows)
    return Page(
        items=[review_out(i, people.get(i.id)) for i in rows],
        next_cursor=rows[-1].id if more and rows else None,
    )


async def _item(db: AsyncSession, item_id: str) -> CatalogueItem:
    item = await db.get(CatalogueItem, item_id) if is_id(item_id) else None
    if item is None:
        raise not_found("catalogue item")
    return item


async def get(db: AsyncSession, item_id: str) -> ReviewItemOut:
    return await _out(db, await _item(db, item_id))


async def add(
    db: AsyncSession, actor: Actor, data: CatalogueIn, upload: UploadIn | None, ip: str
) -> ReviewItemOut:
    """An item the operator adds: verified at once. Its file belongs to no organisation."""
    if data.url is not None:
        clean_url(data.url)
    got = None
    if upload is not None:
        owner = Owner(org_id=None, account_id=actor.id)
        got = await accept_file(
            db, owner, upload, operator_limits(), ip=ip, target=("catalogue", "new")
        )
    item = new_item(data, got)
    now = utcnow()
    item.status, item.by_operator = "verified", True
    item.reviewed_by, item.reviewed_at = actor.id, now
    db.add(item)
    await db.flush()
    await record(
        db,
        "catalogue.added",
        actor_id=actor.id,
        target_type="catalogue_item",
        target_id=item.id,
        ip=ip,
        data={"title": item.title, "subject": item.subject},
    )
    return await _out(db, item)


async def _decide(
    db: AsyncSession, actor: Actor, item_id: str, status: str, reason: str | None, ip: str
) -> ReviewItemOut:
    item = await _item(db, item_id)
    if not policy.may_review(item.status):
        raise Conflict(f"This item was already {item.status}.", code="already_reviewed")
    item.status, item.reject_reason = status, reason
    item.reviewed_by, item.reviewed_at = actor.id, utcnow()
    item.updated_at = item.reviewed_at
    await db.flush()
    await record(
        db,
        "catalogue.approved" if status == "verified" else "catalogue.rejected",
        actor_id=actor.id,
        target_type="catalogue_item",
        target_id=item.id,
        ip=ip,
        data={"title": item.title, **({"reason": reason} if reason else {})},
    )
    if item.submitted_by:
        # The submitter's devices learn at once; GET /catalogue/mine has it for later.
        notify(
            db,
            (item.submitted_by,),
            "catalogue.reviewed",
            {"item_id": item.id, "status": status, "reason": reason},
        )
    return await _out(db, item)


async def approve(db: AsyncSession, actor: Actor, item_id: str, ip: str) -> ReviewItemOut:
    """Mark a pending item verified. 409 `already_reviewed`."""
    return await _decide(db, actor, item_id, "verified", None, ip)


async def reject(
    db: AsyncSession, actor: Actor, item_id: str, body: RejectIn, ip: str
) -> ReviewItemOut:
    """Reject a pending item with a reason the submitter sees. 409 `already_reviewed`."""
    reason = " ".join(without_controls(body.reason).split())
    if not reason:
        raise Unprocessable("Give a reason.", fields={"reason": "required"})
    return await _decide(db, actor, item_id, "rejected", reason, ip)


async def withdraw(db: AsyncSession, actor: Actor, item_id: str, ip: str) -> None:
    """Remove an item from the catalogue. Copies already shared into chats stay (they are
    messages' attachments); its stored file goes when nothing else uses it."""
    item = await _item(db, item_id)
    files = [f for f in (item.file_id, item.thumb_file_id, item.preview_file_id) if f]
    await record(
        db,
        "catalogue.withdrawn",
        actor_id=actor.id,
        target_type="catalogue_item",
        target_id=item.id,
        ip=ip,
        data={"title": item.title, "status": item.status},
    )
    await db.delete(item)
    await db.flush()
    await release_files(db, files)
