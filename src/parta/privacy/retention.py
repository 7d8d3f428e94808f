"""Retention: deleting old messages and files per the organisation's rules, and trimming the
archived chats of finished classes to what the organisation keeps.

Runs hourly in each process (the `retention` job in the app's lifespan). Work goes in small
batches, each its own short transaction, so no chat is held for long: a batch takes no chat
lock and touches a chat's row only when the chat's last message goes. Deleting a message
deletes what hangs off it by the database's cascades (reactions, mentions, edits, polls,
homework, confirmations; the search index by its triggers on SQLite, by the row itself on
PostgreSQL); its files are released like any deleted file (the sweeper removes the bytes).

The chat's stored event log must not keep what was deleted either: the `message.new` and
`message.edited` events of a deleted message become `message.deleted`, so a client that
catches up through /sync drops the message rather than showing it again; events too old for
/sync to return at all are deleted. Clients that are online see the change on their next
load of the history (no event per deleted message: a retention run may delete thousands).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.db import transaction
from parta.kit.clock import utcnow
from parta.materials.stored import release_files
from parta.models import (
    Assignment,
    Attachment,
    Chat,
    ChatEvent,
    ChatMember,
    Message,
    Org,
    Submission,
)
from parta.privacy.settings import privacy_settings
from parta.sync.service import MAX_EVENTS_PER_CHAT

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 3600.0
BATCH = 200
ARCHIVED_KINDS = ("class", "class_parents")
_MESSAGE_EVENTS = ("message.new", "message.edited")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the day clamped to the
    month's length: 31 March minus one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_first = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=moment.tzinfo)
    last_day = (next_first - datetime(year, month, 1, tzinfo=moment.tzinfo)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclass
class RetentionResult:
    messages: int = 0
    files: int = 0
    archived_messages: int = 0

    def __bool__(self) -> bool:
        return bool(self.messages or self.files or self.archived_messages)


async def _files_of_messages(db: AsyncSession, ids: list[str]) -> list[Attachment]:
    """The messages' own files and the files handed in to their homework tasks."""
    stmt = sa.select(Attachment).where(
        sa.or_(
            Attachment.message_id.in_(ids),
            Attachment.submission_id.in_(
                sa.select(Submission.id)
                .join(Assignment, Assignment.id == Submission.assignment_id)
                .where(Assignment.message_id.in_(ids))
            ),
        )
    )
    return list((await db.execute(stmt)).scalars())


async def _forget_events(db: AsyncSession, messages: list[Message]) -> None:
    """Turn the stored events of deleted messages into `message.deleted` (see above)."""
    by_chat: dict[str, dict[int, str]] = {}
    for m in messages:
        by_chat.setdefault(m.chat_id, {})[m.seq] = m.id
    ids = {m.id for m in messages}
    for chat_id, seqs in by_chat.items():
        chat_seq = (await db.execute(sa.select(Chat.seq).where(Chat.id == chat_id))).scalar()
        reachable_from = (chat_seq or 0) - MAX_EVENTS_PER_CHAT
        await db.execute(
            sa.delete(ChatEvent).where(
                ChatEvent.chat_id == chat_id,
                ChatEvent.seq.in_([s for s in seqs if s <= reachable_from]),
            )
        )
        stmt = sa.select(ChatEvent).where(
            ChatEvent.chat_id == chat_id,
            ChatEvent.seq > reachable_from,
            ChatEvent.kind.in_(_MESSAGE_EVENTS),
            sa.or_(ChatEvent.seq.in_(list(seqs)), ChatEvent.kind == "message.edited"),
        )
        for e in (await db.execute(stmt)).scalars():
            message_id = (e.payload or {}).get("id")
            if message_id in ids:
                e.kind = "message.deleted"
                e.payload = {"id": message_id, "by": None}


async def purge_messages(db: AsyncSession, ids: list[str]) -> int:
    """Delete these messages for good, with their files, and fix the chats' last message."""
    if not ids:
        return 0
    messages = list((await db.execute(sa.select(Message).where(Message.id.in_(ids)))).scalars())
    if not messages:
        return 0
    attachments = await _files_of_messages(db, ids)
    files = [f for a in attachments for f in (a.file_id, a.thumb_file_id, a.preview_file_id) if f]
    if attachments:
        await db.execute(
            sa.delete(Attachment).where(Attachment.id.in_([a.id for a in attachments]))
        )
    await _forget_events(db, messages)
    chats = {m.chat_id for m in messages}
    await db.execute(sa.delete(Message).where(Message.id.in_([m.id for m in messages])))
    await db.flush()
    await release_files(db, files)
    gone = {m.id for m in messages}
    for chat in (await db.execute(sa.select(Chat).where(Chat.id.in_(chats)))).scalars():
        if chat.last_message_id in gone:
            latest = (
                await db.execute(
                    sa.select(Message.id, Message.created_at)
                    .where(Message.chat_id == chat.id)
                    .order_by(Message.seq.desc())
                    .limit(1)
                )
            ).first()
            chat.last_message_id = latest[0] if latest else None
            chat.last_message_at = latest[1] if latest else None
    await db.flush()
    return len(messages)


async def delete_files(db: AsyncSession, attachments: list[Attachment]) -> int:
    """Delete these chat and hand-in files; a message left with neither text nor files
    becomes a deleted message."""
    if not attachments:
        return 0
    files = [f for a in attachments for f in (a.file_id, a.thumb_file_id, a.preview_file_id) if f]
    messages = {a.message_id for a in attachments if a.message_id}
    await db.execute(sa.delete(Attachment).where(Attachment.id.in_([a.id for a in attachments])))
    now = utcnow()
    for message_id in messages:
        left = sa.select(sa.func.count()).where(Attachment.message_id == message_id)
        await db.execute(
            sa.update(Message)
            .where(Message.id == message_id)
            .values(attachment_count=left.scalar_subquery())
        )
        await db.execute(
            sa.update(Message)
            .where(
                Message.id == message_id,
                Message.attachment_count == 0,
                Message.body == "",
                Message.kind == "text",
                Message.deleted_at.is_(None),
            )
            .values(deleted_at=now)
        )
    await db.flush()
    await release_files(db, files)
    return len(attachments)


async def _batches(maker: async_sessionmaker[AsyncSession], select_ids: sa.Select[str]) -> int:
    """Purge the messages the query selects, BATCH at a time, one transaction each."""
    total = 0
    while True:
        async with transaction(maker) as db:
            ids = list((await db.execute(select_ids.limit(BATCH))).scalars())
            total += await purge_messages(db, ids)
        if len(ids) < BATCH:
            return total
        await asyncio.sleep(0)  # let requests in between batches


async def _chat_ids(maker: async_sessionmaker[AsyncSession], org_id: str) -> list[str]:
    async with maker() as db:
        stmt = sa.select(Chat.id).where(Chat.org_id == org_id).order_by(Chat.id)
        return list((await db.execute(stmt)).scalars())


async def _old_messages(
    maker: async_sessionmaker[AsyncSession], org_id: str, cutoff: datetime
) -> int:
    """Chat by chat from the oldest message (the chat-and-sequence index): a chat whose
    first message is recent costs one index lookup, and old ones go BATCH at a time."""
    total = 0
    for chat_id in await _chat_ids(maker, org_id):
        while True:
            async with transaction(maker) as db:
                stmt = (
                    sa.select(Message.id, Message.created_at)
                    .where(Message.chat_id == chat_id)
                    .order_by(Message.seq)
                    .limit(BATCH)
                )
                old = [i for i, at in (await db.execute(stmt)).all() if at < cutoff]
                total += await purge_messages(db, old)
            if len(old) < BATCH:
                break
            await asyncio.sleep(0)  # let requests in between batches
    return total


async def _old_files(maker: async_sessionmaker[AsyncSession], org_id: str, cutoff: datetime) -> int:
    total = 0
    for chat_id in await _chat_ids(maker, org_id):
        while True:
            async with transaction(maker) as db:
                stmt = (
                    sa.select(Attachment)
                    .where(
                        Attachment.chat_id == chat_id,
                        Attachment.created_at < cutoff,
                        sa.or_(
                            Attachment.message_id.is_not(None),
                            Attachment.submission_id.is_not(None),
                        ),
                    )
                    .limit(BATCH)
                )
                rows = list((await db.execute(stmt)).scalars())
                total += await delete_files(db, rows)
            if len(rows) < BATCH:
                break
            await asyncio.sleep(0)
    return total


async def _archived(maker: async_sessionmaker[AsyncSession], org_id: str, keeps: str) -> int:
    """What the archived chats of finished classes must not keep any more."""
    if keeps == "all":
        return 0
    archived = sa.select(Chat.id).where(
        Chat.org_id == org_id, Chat.kind.in_(ARCHIVED_KINDS), Chat.archived_at.is_not(None)
    )
    stmt = sa.select(Message.id).where(Message.chat_id.in_(archived)).order_by(Message.id)
    if keeps == "announcements":
        leaders = sa.select(ChatMember.account_id).where(
            ChatMember.chat_id == Message.chat_id, ChatMember.role.in_(("owner", "moderator"))
        )
        stmt = stmt.where(sa.or_(Message.author_id.is_(None), Message.author_id.not_in(leaders)))
    return await _batches(maker, stmt)


async def _trim_log(maker: async_sessionmaker[AsyncSession], org_id: str, cutoff: datetime) -> None:
    """Events older than the retention period that /sync can no longer return."""
    async with transaction(maker) as db:
        chats = sa.select(Chat.id, Chat.seq).where(Chat.org_id == org_id)
        for chat_id, seq in (await db.execute(chats)).all():
            await db.execute(
                sa.delete(ChatEvent).where(
                    ChatEvent.chat_id == chat_id,
                    ChatEvent.seq <= seq - MAX_EVENTS_PER_CHAT,
                    ChatEvent.created_at < cutoff,
                )
            )


async def apply_org(maker: async_sessionmaker[AsyncSession], org: Org) -> RetentionResult:
    """One organisation's retention and archive rules."""
    rules = privacy_settings(org)
    now = utcnow()
    result = RetentionResult()
    result.archived_messages = await _archived(maker, org.id, rules.archive_keeps)
    if rules.retention_messages_months:
        cutoff = months_before(now, rules.retention_messages_months)
        result.messages = await _old_messages(maker, org.id, cutoff)
        await _trim_log(maker, org.id, cutoff)
    if rules.retention_files_months:
        cutoff = months_before(now, rules.retention_files_months)
        result.files = await _old_files(maker, org.id, cutoff)
    return result


async def run_retention(maker: async_sessionmaker[AsyncSession]) -> RetentionResult:
    """Every organisation's rules (the hourly `retention` job)."""
    async with maker() as db:
        orgs = list((await db.execute(sa.select(Org).where(Org.status == "active"))).scalars())
    total = RetentionResult()
    for org in orgs:
        rules = privacy_settings(org)
        if not (
            rules.retention_messages_months
            or rules.retention_files_months
            or rules.archive_keeps != "all"
        ):
            continue
        try:
            got = await apply_org(maker, org)
        except Exception:
            log.exception("retention failed", extra={"org_id": org.id})
            continue
        if got:
            log.info("retention applied", extra={"org_id": org.id, "result": got.__dict__})
        total.messages += got.messages
        total.files += got.files
        total.archived_messages += got.archived_messages
    return total
