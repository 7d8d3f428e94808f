"""The evidence of a message report: a snapshot taken when the report is made.

The reported message, up to `CONTEXT` messages before and after it, the earlier versions
of the reported message and the names of the files they carry, copied into the report's
row. Deleting or editing the message later, the retention job or erasure of its author
changes nothing of what the handlers read. Messages already deleted when the report was
made keep only their place (the reporter could not read them either).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Attachment, Message, MessageEdit
from parta.moderation.policy import CONTEXT
from parta.moderation.schemas import (
    Evidence,
    EvidenceEdit,
    EvidenceFile,
    EvidenceMessage,
    PersonRef,
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def snapshot(db: AsyncSession, message: Message) -> dict[str, Any]:
    """What the report keeps of `message` and its context (JSON-ready)."""
    base = sa.select(Message).where(Message.chat_id == message.chat_id)
    before = (
        await db.execute(
            base.where(Message.seq < message.seq).order_by(Message.seq.desc()).limit(CONTEXT)
        )
    ).scalars()
    after = (
        await db.execute(base.where(Message.seq > message.seq).order_by(Message.seq).limit(CONTEXT))
    ).scalars()
    rows = [*reversed(list(before)), message, *after]
    files: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with_files = [m.id for m in rows if m.attachment_count and m.deleted_at is None]
    if with_files:
        stmt = (
            sa.select(Attachment)
            .where(Attachment.message_id.in_(with_files))
            .order_by(Attachment.id)
        )
        for a in (await db.execute(stmt)).scalars():
            assert a.message_id is not None
            files[a.message_id].append({"name": a.name, "kind": a.kind, "size": a.size})
    edits = (
        await db.execute(
            sa.select(MessageEdit)
            .where(MessageEdit.message_id == message.id)
            .order_by(MessageEdit.id)
        )
    ).scalars()
    return {
        "messages": [
            {
                "id": m.id,
                "seq": m.seq,
                "author_id": m.author_id,
                "kind": m.kind,
                "body": "" if m.deleted_at else m.body,
                "deleted": m.deleted_at is not None,
                "edited_at": _iso(m.edited_at),
                "created_at": _iso(m.created_at),
                "files": files.get(m.id, []),
                "reported": m.id == message.id,
            }
            for m in rows
        ],
        "edits": [{"body": e.body, "edited_at": _iso(e.edited_at)} for e in edits],
        "body": message.body,
    }


def author_ids(evidence: dict[str, Any]) -> set[str]:
    return {
        str(m["author_id"])
        for m in evidence.get("messages", [])
        if isinstance(m, dict) and m.get("author_id")
    }


def excerpt(evidence: dict[str, Any], length: int = 140) -> str:
    text = " ".join(str(evidence.get("body") or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _when(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def view(
    evidence: dict[str, Any],
    people: dict[str, PersonRef],
    current: Message | None,
    *,
    full: bool,
) -> Evidence:
    """The evidence for a viewer: handlers get the context (`full`), the reporter only the
    message they reported. `current` is the message as it is now (None once it is gone)."""
    out = []
    for m in evidence.get("messages", []):
        if not isinstance(m, dict) or (not full and not m.get("reported")):
            continue
        author = str(m["author_id"]) if m.get("author_id") else None
        out.append(
            EvidenceMessage(
                id=str(m["id"]),
                seq=int(m["seq"]),
                author=people.get(author) if author else None,
                kind=str(m.get("kind", "text")),
                body=str(m.get("body", "")),
                deleted=bool(m.get("deleted")),
                edited_at=_when(m.get("edited_at")),
                created_at=_when(m.get("created_at")) or datetime.min,
                files=[EvidenceFile(**f) for f in m.get("files", [])],
                reported=bool(m.get("reported")),
            )
        )
    edits = [
        EvidenceEdit(body=str(e["body"]), edited_at=_when(e["edited_at"]) or datetime.min)
        for e in evidence.get("edits", [])
        if full and isinstance(e, dict)
    ]
    gone = current is None or current.deleted_at is not None
    by_author = current is not None and current.deleted_by == current.author_id and gone
    return Evidence(
        messages=out,
        edits=edits,
        deleted_since=gone,
        deleted_by_author=by_author,
        deleted_at=current.deleted_at if current is not None else None,
        edited_since=current is not None and current.body != evidence.get("body"),
    )
