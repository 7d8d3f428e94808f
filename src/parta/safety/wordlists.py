"""The organisation's word lists: administrators manage them; the send path asks `verdict`.

Each node compiles an organisation's enabled lists once and keeps them under the
organisation's `filter_rev` (stored in its settings and bumped by every change), so a change
made on one node is seen by the others on their next message with no extra query; an
organisation without lists costs nothing at all.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole, Right
from parta.kit.clock import utcnow
from parta.kit.errors import Unprocessable, not_found
from parta.kit.ids import is_id
from parta.models import Org, WordList
from parta.safety import words
from parta.safety.schemas import (
    CheckMatch,
    CheckOut,
    WordListIn,
    WordListOut,
    WordListPatch,
)
from parta.safety.settings import bump_filter_rev, filter_rev

MAX_LISTS = 20
CACHED_ORGS = 500
MANAGE = "Only administrators can manage the word lists."


@dataclass(frozen=True)
class ListRef:
    id: str
    name: str
    action: str
    applies_to: str


@dataclass(frozen=True)
class Hit:
    list: ListRef
    entry: str
    found: str


_compiled: OrderedDict[str, tuple[int, words.Matcher | None]] = OrderedDict()


def _out(row: WordList) -> WordListOut:
    return WordListOut(
        id=row.id,
        name=row.name,
        action=row.action,  # type: ignore[arg-type]
        applies_to=row.applies_to,  # type: ignore[arg-type]
        words=list(row.words or []),
        enabled=row.enabled,
        updated_at=row.updated_at,
    )


def _clean_words(entries: list[str]) -> list[str]:
    """Entries trimmed, blank and repeated ones dropped; 422 for one that has no word."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in entries:
        text = " ".join(raw.replace("\x00", "").split())
        if not text:
            continue
        if words.parse_entry(text) is None:
            raise Unprocessable(
                f"«{text[:40]}» has no word to look for (a prefix needs two letters before *).",
                code="bad_entry",
                fields={"words": text[:40]},
            )
        folded = text.casefold()
        if folded not in seen:
            seen.add(folded)
            out.append(text)
    return out


async def _rows(db: AsyncSession, org_id: str) -> list[WordList]:
    stmt = sa.select(WordList).where(WordList.org_id == org_id).order_by(WordList.id)
    return list((await db.execute(stmt)).scalars())


async def list_lists(db: AsyncSession, ctx: OrgContext) -> list[WordListOut]:
    ctx.require(Right.MANAGE_ORG, MANAGE)
    return [_out(r) for r in await _rows(db, ctx.org_id)]


async def _changed(db: AsyncSession, ctx: OrgContext, action: str, row: WordList, ip: str) -> None:
    bump_filter_rev(ctx.org)
    await record(
        db,
        action,
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="word_list",
        target_id=row.id,
        ip=ip,
        data={"name": row.name, "action": row.action, "words": len(row.words or [])},
    )
    await db.flush()


async def create_list(
    db: AsyncSession, ctx: OrgContext, body: WordListIn, *, ip: str
) -> WordListOut:
    ctx.require(Right.MANAGE_ORG, MANAGE)
    if len(await _rows(db, ctx.org_id)) >= MAX_LISTS:
        raise Unprocessable(f"An organisation can keep {MAX_LISTS} lists.", code="too_many_lists")
    row = WordList(
        org_id=ctx.org_id,
        name=body.name,
        action=body.action,
        applies_to=body.applies_to,
        words=_clean_words(body.words),
        enabled=body.enabled,
        created_by=ctx.account_id,
    )
    db.add(row)
    await db.flush()
    await _changed(db, ctx, "safety.word_list_created", row, ip)
    return _out(row)


async def _get(db: AsyncSession, ctx: OrgContext, list_id: str) -> WordList:
    row = await db.get(WordList, list_id) if is_id(list_id) else None
    if row is None or row.org_id != ctx.org_id:
        raise not_found("word list")
    return row


async def update_list(
    db: AsyncSession, ctx: OrgContext, list_id: str, body: WordListPatch, *, ip: str
) -> WordListOut:
    ctx.require(Right.MANAGE_ORG, MANAGE)
    row = await _get(db, ctx, list_id)
    if body.name is not None:
        row.name = body.name
    if body.action is not None:
        row.action = body.action
    if body.applies_to is not None:
        row.applies_to = body.applies_to
    if body.words is not None:
        row.words = _clean_words(body.words)
    if body.enabled is not None:
        row.enabled = body.enabled
    row.updated_at = utcnow()
    await _changed(db, ctx, "safety.word_list_changed", row, ip)
    return _out(row)


async def delete_list(db: AsyncSession, ctx: OrgContext, list_id: str, *, ip: str) -> None:
    ctx.require(Right.MANAGE_ORG, MANAGE)
    row = await _get(db, ctx, list_id)
    await _changed(db, ctx, "safety.word_list_deleted", row, ip)
    await db.delete(row)


# Matching --------------------------------------------------------------------------------


async def matcher(db: AsyncSession, org: Org) -> words.Matcher | None:
    """The organisation's enabled lists, compiled (cached per node by `filter_rev`)."""
    rev = filter_rev(org)
    if rev == 0:
        return None  # never had a list
    cached = _compiled.get(org.id)
    if cached is not None and cached[0] == rev:
        _compiled.move_to_end(org.id)
        return cached[1]
    rows = [r for r in await _rows(db, org.id) if r.enabled and r.words]
    compiled: words.Matcher | None = None
    if rows:
        await asyncio.to_thread(words.warm_up)
        entries = []
        for row in rows:
            ref = ListRef(row.id, row.name, row.action, row.applies_to)
            for text in row.words:
                entry = words.parse_entry(text, ref)
                if entry is not None:
                    entries.append(entry)
        compiled = words.Matcher.build(entries)
    _compiled[org.id] = (rev, compiled)
    while len(_compiled) > CACHED_ORGS:
        _compiled.popitem(last=False)
    return compiled


def applies(applies_to: str, roles: set[str], verified_staff: bool) -> bool:
    if applies_to == "everyone":
        return True
    if applies_to == "students":
        return OrgRole.STUDENT in roles and not verified_staff
    return not verified_staff  # members: everyone but verified staff


async def hits(db: AsyncSession, ctx: OrgContext, text: str, *, as_author: bool) -> list[Hit]:
    """What the text matches in the organisation's lists (for this author when
    `as_author`, else every list, for the administrators' check)."""
    compiled = await matcher(db, ctx.org)
    if compiled is None or not text:
        return []
    roles = {m.role for m in ctx.memberships}
    staff = ctx.is_verified_staff()
    out: list[Hit] = []
    for entry, found in compiled.find(text):
        ref: ListRef = entry.tag
        if as_author and not applies(ref.applies_to, roles, staff):
            continue
        out.append(Hit(ref, entry.text, found))
    return out


def action_of(found: list[Hit]) -> str | None:
    """Holding wins over hiding."""
    actions = {h.list.action for h in found}
    return "hold" if "hold" in actions else ("hide" if "hide" in actions else None)


async def check_text(db: AsyncSession, ctx: OrgContext, text: str) -> CheckOut:
    """Administrators try a text against the lists (every list, whoever it applies to)."""
    ctx.require(Right.MANAGE_ORG, MANAGE)
    found = await hits(db, ctx, text, as_author=False)
    return CheckOut(
        action=action_of(found),  # type: ignore[arg-type]
        matches=[
            CheckMatch(
                list_id=h.list.id,
                list_name=h.list.name,
                action=h.list.action,  # type: ignore[arg-type]
                entry=h.entry,
                found=h.found,
            )
            for h in found
        ],
    )
