"""Catalogue use cases: subjects, browsing and reading items, teachers' submissions.

The operator's side (adding, reviewing, withdrawing) is in parta.catalogue.review; sharing
an item into a chat in parta.catalogue.share.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor, OrgContext
from parta.catalogue import policy
from parta.catalogue.schemas import CatalogueIn, CatalogueItemOut, SubjectOut, without_controls
from parta.catalogue.subjects import SUBJECTS
from parta.catalogue.views import grades_key, item_out
from parta.files.quota import Limits, limits_of, quota_exceeded
from parta.files.uploads import Accepted, Owner, UploadIn, accept_file
from parta.kit.errors import Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import Page, clamp_limit
from parta.materials.links import clean_title, clean_url
from parta.models import CatalogueItem, Membership, Org

MAX_QUERY_WORDS = 6


def subjects() -> list[SubjectOut]:
    return [SubjectOut(code=c, name=n) for c, n in SUBJECTS.items()]


def teachers_only() -> Forbidden:
    return Forbidden(
        "The catalogue is for verified teachers. Ask your school's administrator to verify "
        "your account.",
        code="catalogue_teachers_only",
    )


async def is_teacher(db: AsyncSession, account_id: str) -> bool:
    """Whether the account is a catalogue teacher in some active organisation."""
    stmt = (
        sa.select(Membership.role, Membership.verified_at)
        .join(Org, Org.id == Membership.org_id)
        .where(
            Membership.account_id == account_id,
            Membership.status == "active",
            Membership.role.in_([str(r) for r in policy.TEACHING_ROLES]),
            Org.status == "active",
        )
    )
    rows = (await db.execute(stmt)).all()
    return policy.is_catalogue_teacher(policy.Role(r, v is not None) for r, v in rows)


def teaches_here(ctx: OrgContext) -> bool:
    return policy.is_catalogue_teacher(
        policy.Role(m.role, m.verified_at is not None) for m in ctx.memberships
    )


def fold(text: str) -> str:
    """Case-folded, ё as е, single spaces: folded in Python so Cyrillic matches alike on
    every backend (SQLite's lower() folds ASCII only)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def search_text(title: str, description: str, subject: str) -> str:
    return fold(f"{title} {description} {SUBJECTS.get(subject, subject)}")


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _page(rows: list[CatalogueItem], n: int, *, show_reason: bool) -> Page[CatalogueItemOut]:
    more = len(rows) > n
    rows = rows[:n]
    return Page(
        items=[item_out(i, show_reason=show_reason) for i in rows],
        next_cursor=rows[-1].id if more and rows else None,
    )


def _bad_cursor() -> Unprocessable:
    return Unprocessable("The page cursor is not valid.", code="bad_cursor")


async def browse(
    db: AsyncSession,
    actor: Actor,
    *,
    subject: str | None,
    grade: int | None,
    q: str | None,
    cursor: str | None,
    limit: int | None,
) -> Page[CatalogueItemOut]:
    """Verified items, newest first, by subject, grade and words of the title, description
    or subject. 403 `catalogue_teachers_only`; 422 `bad_cursor`."""
    if not await is_teacher(db, actor.id):
        raise teachers_only()
    n = clamp_limit(limit)
    if subject and subject not in SUBJECTS:
        raise Unprocessable(
            "Unknown subject; see GET /catalogue/subjects.",
            code="invalid",
            fields={"subject": "unknown"},
        )
    stmt = sa.select(CatalogueItem).where(CatalogueItem.status == "verified")
    if subject:
        stmt = stmt.where(CatalogueItem.subject == subject)
    if grade is not None:
        stmt = stmt.where(CatalogueItem.grades.like(f"%,{grade},%"))
    for word in fold(without_controls(q or "")).split()[:MAX_QUERY_WORDS]:
        stmt = stmt.where(CatalogueItem.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    if cursor is not None:
        if not is_id(cursor):
            raise _bad_cursor()
        stmt = stmt.where(CatalogueItem.id < cursor)
    rows = list((await db.execute(stmt.order_by(CatalogueItem.id.desc()).limit(n + 1))).scalars())
    return _page(rows, n, show_reason=False)


async def readable_item(db: AsyncSession, actor: Actor, item_id: str) -> CatalogueItem:
    """The item when the person may read it; 404 otherwise (403 `catalogue_teachers_only`
    for a verified item and someone who is not a catalogue teacher).

    Verified items: every catalogue teacher. Pending and rejected ones: the operator and
    whoever submitted them."""
    item = await db.get(CatalogueItem, item_id) if is_id(item_id) else None
    if item is None:
        raise not_found("catalogue item")
    if actor.account.is_operator or item.submitted_by == actor.id:
        return item
    if item.status != "verified":
        raise not_found("catalogue item")
    if not await is_teacher(db, actor.id):
        raise teachers_only()
    return item


async def get_item(db: AsyncSession, actor: Actor, item_id: str) -> CatalogueItemOut:
    """One item with fresh links: verified ones for teachers; pending and rejected ones for
    their submitter (with the reason)."""
    item = await readable_item(db, actor, item_id)
    return item_out(item, show_reason=item.submitted_by == actor.id)


async def mine(
    db: AsyncSession, actor: Actor, cursor: str | None, limit: int | None
) -> Page[CatalogueItemOut]:
    """What I submitted, newest first, with each item's status and any reject reason."""
    n = clamp_limit(limit)
    stmt = sa.select(CatalogueItem).where(CatalogueItem.submitted_by == actor.id)
    if cursor is not None:
        if not is_id(cursor):
            raise _bad_cursor()
        stmt = stmt.where(CatalogueItem.id < cursor)
    rows = list((await db.execute(stmt.order_by(CatalogueItem.id.desc()).limit(n + 1))).scalars())
    return _page(rows, n, show_reason=True)


def new_item(data: CatalogueIn, got: Accepted | None) -> CatalogueItem:
    """An item from checked fields and, for a file, the accepted upload."""
    title = clean_title(data.title)
    item = CatalogueItem(
        title=title,
        subject=data.subject,
        grades=grades_key(data.grades),
        description=data.description.strip(),
        language=data.language,
        kind="file" if got else "link",
        search_text=search_text(title, data.description, data.subject),
    )
    if got is None:
        assert data.url is not None  # the form requires a file or a url
        item.url = clean_url(data.url)
        return item
    item.file_id = got.file.id
    item.thumb_file_id = got.thumb.id if got.thumb else None
    item.preview_file_id = got.preview.id if got.preview else None
    item.file_kind, item.file_name, item.mime, item.size = (
        got.kind,
        got.name,
        got.mime,
        got.file.size,
    )
    item.width, item.height, item.duration_ms = got.width, got.height, got.duration_ms
    return item


async def submission_limits(db: AsyncSession, ctx: OrgContext) -> Limits:
    """Checked before the body is read: a catalogue teacher here (403
    `catalogue_teachers_only`) and room in the organisation's storage (413)."""
    if not teaches_here(ctx):
        raise teachers_only()
    limits = await limits_of(db, ctx.org)
    if limits.room == 0:
        raise quota_exceeded(limits)
    return limits


async def submit(
    db: AsyncSession,
    ctx: OrgContext,
    data: CatalogueIn,
    upload: UploadIn | None,
    limits: Limits,
    ip: str,
) -> CatalogueItemOut:
    """A teacher's submission, pending the operator's review. A file counts against the
    organisation's storage like any upload (same checks as chat uploads)."""
    if data.url is not None:
        clean_url(data.url)  # a bad address fails before any upload is stored
    got = None
    if upload is not None:
        owner = Owner(org_id=ctx.org_id, account_id=ctx.account_id)
        got = await accept_file(db, owner, upload, limits, ip=ip, target=("catalogue", "new"))
    item = new_item(data, got)
    item.status = "pending"
    item.submitted_by = ctx.account_id
    item.submitted_org_id = ctx.org_id
    db.add(item)
    await db.flush()
    await record(
        db,
        "catalogue.submitted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="catalogue_item",
        target_id=item.id,
        ip=ip,
        data={"title": item.title, "subject": item.subject},
    )
    return item_out(item, show_reason=True)
