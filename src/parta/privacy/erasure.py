"""Erasing a person's data once their deletion is due.

The account row stays (messages, chats and records point at it) but holds nothing personal:
the name becomes "Удалённый пользователь", and e-mail, phone, login, password, picture and
language choices are cleared. Conversations keep their shape: each message the person wrote
stays as a tombstone ("message deleted", author "Удалённый пользователь") so replies and
threads still read in order, but its text, files, poll and edit history are gone.

Why blank the text rather than keep it: the person asked to be erased, and what a child or
a parent wrote in a school chat is mostly about themselves and their family. Other people's
messages stay as they are (they are theirs), except where they repeat the person's words or
name through the platform: forwarded copies are blanked, and mentions, reply previews and
"forwarded from" show "Удалённый пользователь".

What stays, and why: consent records (the school's proof that it had consent, with the IP
address removed), the audit log's entries (security records, without the address and with
the name removed), memberships as "removed" rows (class histories stay consistent), and
teaching materials the person published to a library or the catalogue (the school's
content, no longer linked to them).

Rows that belong to the account alone — every table whose foreign key to `accounts` cascades
(sessions, codes, reactions, votes, answers, views, comments, tickets...) — are deleted
without each domain having to register here: a new domain that ties its rows to an account
that way is erased too. Everything happens in one transaction, so an erasure is never half
done; the stored bytes of released files are removed right after it commits.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.audit.service import record
from parta.auth.signin import login_key
from parta.db import on_commit, transaction
from parta.files.storage import get_storage
from parta.kit.clock import utcnow
from parta.models import (
    Account,
    Assignment,
    Attachment,
    AuditEvent,
    Base,
    Chat,
    ChatEvent,
    ChatMember,
    CommunityPost,
    Consent,
    DataExport,
    DeletionRequest,
    Group,
    GroupMember,
    Invitation,
    InvitationUse,
    MailMessage,
    Membership,
    Mention,
    Message,
    MessageEdit,
    OneTimeCode,
    OrgApplication,
    ParentLink,
    Poll,
    RosterImport,
    SchoolClass,
    StoredFile,
    ThrottleEvent,
)
from parta.privacy.texts import DELETED_NAME
from parta.realtime.log import emit

log = logging.getLogger(__name__)

_BATCH = 500
MIN_NEEDLE = 3
# Tables whose cascading link to an account is kept on purpose (see the module docstring).
KEEP_TABLES = frozenset(
    {
        "consents",
        "deletion_requests",
        "memberships",
        "chat_members",
        "call_participants",
        "call_attendance",
        "invitation_uses",
        "bots",
        "data_exports",
    }
)


@dataclass
class Identity:
    """What identifies the person in text: names, e-mail, phone, login."""

    account_id: str
    email: str | None
    phone: str | None
    username: str | None
    names: set[str] = field(default_factory=set)

    def needles(self) -> list[str]:
        found = {n for n in (*self.names, self.email, self.phone, self.username) if n}
        return sorted((n for n in found if len(n) >= MIN_NEEDLE), key=len, reverse=True)

    def pattern(self) -> re.Pattern[str] | None:
        needles = self.needles()
        if not needles:
            return None
        return re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)


class Scrubber:
    """Replaces the person's identifiers in text and JSON, and blanks their own messages
    where a stored event or preview still carries them."""

    def __init__(self, who: Identity) -> None:
        self.who = who
        self.pattern = who.pattern()
        self.names = {n.casefold() for n in who.names}
        # Their messages and copies of them (forwards): blanked wherever a payload has them.
        self.message_ids: set[str] = set()

    def text(self, value: str) -> str:
        return self.pattern.sub(DELETED_NAME, value) if self.pattern else value

    def has(self, value: str) -> bool:
        return bool(self.pattern and self.pattern.search(value))

    def json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, dict):
            out = {k: self.json(v) for k, v in value.items()}
            theirs = (
                out.get("author_id") == self.who.account_id or out.get("id") in self.message_ids
            )
            if theirs and "body" in out:
                out.update(body="", html="", deleted=True, mentions=[], attachments=[])
                for extra in ("poll", "assignment", "ack"):
                    if extra in out:
                        out[extra] = None
            if out.get("message_id") in self.message_ids:
                out = _blank_texts(out)  # e.g. `poll.updated`: the question and options
            name = value.get("author_name")
            if isinstance(name, str) and name.casefold() in self.names and "text" in value:
                out.update(text="", deleted=True)  # a reply's preview of their message
            return out
        return value


_TEXT_KEYS = frozenset({"question", "text", "title", "body", "html", "comment"})


def _blank_texts(value: Any) -> Any:
    if isinstance(value, list):
        return [_blank_texts(v) for v in value]
    if isinstance(value, dict):
        return {k: "" if k in _TEXT_KEYS else _blank_texts(v) for k, v in value.items()}
    return value


async def identity_of(db: AsyncSession, account: Account) -> Identity:
    names = {account.display_name}
    stmt = sa.select(Membership.full_name).where(Membership.account_id == account.id)
    names |= {n for n in (await db.execute(stmt)).scalars() if n}
    return Identity(
        account_id=account.id,
        email=account.email,
        phone=account.phone,
        username=account.username,
        names={n for n in names if n and n != DELETED_NAME},
    )


# --- files -------------------------------------------------------------------------------


def _file_references() -> list[sa.Column[Any]]:
    """Every column that may name a stored file: foreign keys to it, and `*file_id`."""
    cols = []
    for table in Base.metadata.sorted_tables:
        if table.name in ("stored_files", "data_exports"):
            continue
        for col in table.columns:
            points = any(fk.column.table.name == "stored_files" for fk in col.foreign_keys)
            if points or col.name.endswith("file_id"):
                cols.append(col)
    return cols


async def _referenced(db: AsyncSession, file_ids: list[str]) -> set[str]:
    used: set[str] = set()
    for col in _file_references():
        stmt = sa.select(col).where(col.in_(file_ids)).distinct()
        used |= {v for v in (await db.execute(stmt)).scalars() if v}
    return used


async def _erase_files(db: AsyncSession, who: Identity) -> list[str]:
    """Delete every chat and hand-in file the person uploaded (forwarded copies included)
    and their archives; returns the stored rows to release once nothing else needs them."""
    mine = sa.select(StoredFile.id).where(StoredFile.uploaded_by == who.account_id)
    stored_ids = list((await db.execute(mine)).scalars())
    cond = Attachment.uploaded_by == who.account_id
    if stored_ids:
        cond = sa.or_(
            cond,
            Attachment.file_id.in_(stored_ids),
            Attachment.thumb_file_id.in_(stored_ids),
            Attachment.preview_file_id.in_(stored_ids),
        )
    rows = list((await db.execute(sa.select(Attachment).where(cond))).scalars())
    file_ids = {f for a in rows for f in (a.file_id, a.thumb_file_id, a.preview_file_id) if f}
    messages = {a.message_id for a in rows if a.message_id}
    if rows:
        await db.execute(sa.delete(Attachment).where(Attachment.id.in_([a.id for a in rows])))
    for message_id in messages:
        left = sa.select(sa.func.count()).where(Attachment.message_id == message_id)
        await db.execute(
            sa.update(Message)
            .where(Message.id == message_id)
            .values(attachment_count=left.scalar_subquery())
        )
    await db.execute(sa.delete(DataExport).where(DataExport.account_id == who.account_id))
    return sorted(file_ids | set(stored_ids))


async def _release(db: AsyncSession, file_ids: list[str], account_id: str) -> list[str]:
    if not file_ids:
        return []
    await db.flush()
    used = await _referenced(db, file_ids)
    gone = [f for f in file_ids if f not in used]
    hashes: list[str] = []
    if gone:
        stmt = sa.select(StoredFile.sha256).where(StoredFile.id.in_(gone))
        hashes = list((await db.execute(stmt)).scalars())
        await db.execute(sa.delete(StoredFile).where(StoredFile.id.in_(gone)))
    kept = [f for f in file_ids if f in used]
    if kept:
        # Kept as the school's content (a library item, a chat's picture): no longer theirs.
        await db.execute(
            sa.update(StoredFile)
            .where(StoredFile.id.in_(kept), StoredFile.uploaded_by == account_id)
            .values(uploaded_by=None, original_name="file")
        )
    return hashes


async def remove_unused_blobs(maker: async_sessionmaker[AsyncSession], hashes: list[str]) -> int:
    """Remove stored bytes that no row names any more (after the erasure committed)."""
    if not hashes:
        return 0
    storage = get_storage()
    async with maker() as db:
        stmt = sa.select(StoredFile.sha256).where(StoredFile.sha256.in_(hashes)).distinct()
        used = set((await db.execute(stmt)).scalars())
    removed = 0
    for sha in dict.fromkeys(hashes):
        if sha not in used and await storage.delete(sha):
            removed += 1
    return removed


# --- messages ----------------------------------------------------------------------------


async def _erase_messages(db: AsyncSession, who: Identity, scrub: Scrubber) -> set[str]:
    """Blank the person's messages and copies of them; returns the chats involved."""
    now = utcnow()
    mine = list(
        (
            await db.execute(sa.select(Message.id).where(Message.author_id == who.account_id))
        ).scalars()
    )
    copies: list[str] = []
    frontier = mine
    for _ in range(5):  # forwards of forwards, a few levels deep
        if not frontier:
            break
        stmt = sa.select(Message.id).where(Message.forward_from_id.in_(frontier))
        frontier = [m for m in (await db.execute(stmt)).scalars() if m not in copies]
        copies.extend(frontier)
    blank = {
        "body": "",
        "html": "",
        "mentions": [],
        "mentions_all": False,
        "pinned_at": None,
        "pinned_by": None,
        "ack_question": None,
        "deleted_at": sa.func.coalesce(Message.deleted_at, now),
        "deleted_by": sa.func.coalesce(Message.deleted_by, who.account_id),
    }
    ids = mine + copies
    scrub.message_ids = set(ids)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        await db.execute(sa.update(Message).where(Message.id.in_(chunk)).values(**blank))
        await db.execute(sa.delete(MessageEdit).where(MessageEdit.message_id.in_(chunk)))
    if copies:
        for start in range(0, len(copies), _BATCH):
            await db.execute(
                sa.update(Message)
                .where(Message.id.in_(copies[start : start + _BATCH]))
                .values(forward_author_name=DELETED_NAME)
            )
    names = list(who.names)
    if names:
        await db.execute(
            sa.update(Message)
            .where(Message.forward_author_name.in_(names))
            .values(forward_author_name=DELETED_NAME)
        )
    await db.execute(sa.delete(Poll).where(Poll.created_by == who.account_id))
    await db.execute(
        sa.update(Assignment).where(Assignment.created_by == who.account_id).values(title="")
    )
    # Other people's messages that mention them show the name in their rendered text.
    mentioned = sa.select(Mention.message_id).where(Mention.account_id == who.account_id)
    for m in (await db.execute(sa.select(Message).where(Message.id.in_(mentioned)))).scalars():
        m.html = scrub.text(m.html)
    involved: set[str] = set()
    for start in range(0, len(ids), _BATCH):
        stmt = sa.select(Message.chat_id).where(Message.id.in_(ids[start : start + _BATCH]))
        involved |= set((await db.execute(stmt)).scalars())
    return involved


def _event_filter(who: Identity) -> sa.ColumnElement[bool]:
    """Events that may concern the person. New messages are most of a chat's log, and one
    of them concerns the person only if it carries their id (their own message, a mention)
    or one of their identifiers (a reply's preview, "forwarded from", a mention's rendered
    name); the rarer kinds (edits, polls, reactions...) are all looked at."""
    text = sa.cast(ChatEvent.payload, sa.Text)
    forms = {who.account_id}
    for needle in who.needles():
        forms |= {needle, json.dumps(needle)[1:-1]}  # as stored: JSON escapes non-ASCII
    return sa.or_(
        ChatEvent.kind != "message.new",
        *(text.contains(f, autoescape=True) for f in sorted(forms)),
    )


async def _scrub_events(db: AsyncSession, scrub: Scrubber, chat_ids: Iterable[str]) -> None:
    """Stored events are replayed to clients that catch up: they must not keep the name or
    the text either."""
    concerns = _event_filter(scrub.who)
    for chat_id in sorted(set(chat_ids)):
        after = -1
        while True:
            stmt = (
                sa.select(ChatEvent)
                .where(ChatEvent.chat_id == chat_id, ChatEvent.seq > after, concerns)
                .order_by(ChatEvent.seq)
                .limit(_BATCH)
            )
            rows = list((await db.execute(stmt)).scalars())
            for e in rows:
                new = scrub.json(e.payload)
                if new != e.payload:
                    e.payload = new
            await db.flush()
            if len(rows) < _BATCH:
                break
            after = rows[-1].seq


# --- people and roster -------------------------------------------------------------------


async def _leave_chats(db: AsyncSession, account_id: str) -> set[str]:
    now = utcnow()
    stmt = sa.select(ChatMember).where(ChatMember.account_id == account_id)
    rows = list((await db.execute(stmt)).scalars())
    for row in rows:
        if row.status in ("active", "pending"):
            if row.role == "owner":
                await _hand_over(db, row)
            row.status, row.left_at = "left", now
        row.draft, row.draft_updated_at = "", None
    await db.flush()
    return {r.chat_id for r in rows}


async def _hand_over(db: AsyncSession, owner: ChatMember) -> None:
    chat = await db.get(Chat, owner.chat_id)
    if chat is None or chat.kind not in ("group", "channel"):
        return  # roster chats get their owner from the roster
    others = sa.select(ChatMember.id).where(
        ChatMember.chat_id == chat.id,
        ChatMember.status == "active",
        ChatMember.role == "owner",
        ChatMember.id != owner.id,
    )
    if (await db.execute(others.limit(1))).first() is not None:
        return
    stmt = (
        sa.select(ChatMember)
        .where(
            ChatMember.chat_id == chat.id,
            ChatMember.status == "active",
            ChatMember.id != owner.id,
        )
        .order_by((ChatMember.role == "moderator").desc(), ChatMember.joined_at)
        .limit(1)
    )
    heir = (await db.execute(stmt)).scalar_one_or_none()
    if heir is not None:
        heir.role = "owner"
        await emit(db, chat.id, "member.role", {"account_id": heir.account_id, "role": "owner"})


async def _erase_memberships(db: AsyncSession, account: Account) -> list[str]:
    now = utcnow()
    stmt = sa.select(Membership).where(Membership.account_id == account.id)
    rows = list((await db.execute(stmt)).scalars())
    ids = [m.id for m in rows]
    for m in rows:
        # ORM changes: the roster listener takes the person out of roster chats.
        if m.status != "removed":
            m.status, m.removed_at = "removed", now
        m.full_name = DELETED_NAME
        m.contact_email = None
        m.title = ""
    if ids:
        await db.execute(
            sa.update(SchoolClass)
            .where(SchoolClass.class_teacher_id.in_(ids))
            .values(class_teacher_id=None)
        )
        await db.execute(sa.update(Group).where(Group.lead_id.in_(ids)).values(lead_id=None))
        await db.execute(sa.delete(GroupMember).where(GroupMember.membership_id.in_(ids)))
        links = sa.select(ParentLink).where(
            sa.or_(
                ParentLink.parent_membership_id.in_(ids),
                ParentLink.student_membership_id.in_(ids),
            )
        )
        for link in (await db.execute(links)).scalars():
            await db.delete(link)
    if account.email:
        # Roster entries of their children kept their address as the parent's contact.
        await db.execute(
            sa.update(Membership)
            .where(Membership.contact_email == account.email)
            .values(contact_email=None)
        )
    await db.flush()
    return sorted({m.org_id for m in rows})


async def _erase_account(db: AsyncSession, account: Account) -> None:
    account.display_name = DELETED_NAME
    account.email = None
    account.email_verified_at = None
    account.phone = None
    account.username = None
    account.password_hash = None
    account.guardian_email = None
    account.avatar_file_id = None
    account.last_org_id = None
    account.last_seen_at = None
    account.is_active = False
    account.deleted_at = utcnow()


async def _erase_community_posts(db: AsyncSession, account_id: str) -> None:
    """Community posts keep their place in the threads (replies hang on them) but lose their
    words and the author's name, which a community stores as it was spelt when written."""
    await db.execute(
        sa.update(CommunityPost)
        .where(CommunityPost.author_id == account_id)
        .values(
            body="",
            html="",
            author_name=DELETED_NAME,
            deleted_at=sa.func.coalesce(CommunityPost.deleted_at, utcnow()),
        )
    )


async def _delete_owned_rows(db: AsyncSession, account_id: str) -> None:
    """Rows of every table whose foreign key to the account cascades (see the docstring)."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in KEEP_TABLES:
            continue
        for col in table.columns:
            owned = any(
                fk.column.table.name == "accounts" and (fk.ondelete or "").upper() == "CASCADE"
                for fk in col.foreign_keys
            )
            if owned:
                await db.execute(sa.delete(table).where(col == account_id))


async def _erase_traces(db: AsyncSession, who: Identity, scrub: Scrubber, orgs: list[str]) -> None:
    """Addresses, codes, mail, audit entries, roster uploads and invitation labels."""
    contacts = [c for c in (who.email, who.phone, who.username) if c]
    if who.email:
        await db.execute(sa.delete(OneTimeCode).where(OneTimeCode.email == who.email))
        await db.execute(
            sa.update(Consent)
            .where(Consent.guardian_email == who.email)
            .values(guardian_email=None)
        )
        await db.execute(
            sa.update(OrgApplication)
            .where(OrgApplication.admin_email == who.email)
            .values(admin_full_name=DELETED_NAME, admin_email="", admin_phone="")
        )
    keys = [login_key(c) for c in contacts] + [f"code:email:{who.email}"] * bool(who.email)
    if keys:
        await db.execute(sa.delete(ThrottleEvent).where(ThrottleEvent.key.in_(keys)))
    await db.execute(sa.update(Consent).where(Consent.account_id == who.account_id).values(ip=""))
    await db.execute(
        sa.update(InvitationUse).where(InvitationUse.account_id == who.account_id).values(ip="")
    )
    if contacts:
        await db.execute(sa.delete(MailMessage).where(MailMessage.to_address.in_(contacts)))
    for needle in who.needles():
        await db.execute(
            sa.delete(MailMessage).where(
                sa.or_(
                    MailMessage.body.contains(needle, autoescape=True),
                    MailMessage.subject.contains(needle, autoescape=True),
                )
            )
        )
    memberships = sa.select(Membership.id).where(Membership.account_id == who.account_id)
    audit = sa.select(AuditEvent).where(
        sa.or_(
            AuditEvent.actor_id == who.account_id,
            AuditEvent.target_id == who.account_id,
            AuditEvent.target_id.in_(memberships),
        )
    )
    for e in (await db.execute(audit)).scalars():
        if e.actor_id == who.account_id:
            e.ip = ""
        e.data = scrub.json(e.data or {})
    if orgs:
        imports = sa.select(RosterImport).where(RosterImport.org_id.in_(orgs))
        for imp in (await db.execute(imports)).scalars():
            rows, result = scrub.json(imp.rows), scrub.json(imp.result)
            if rows != imp.rows:
                imp.rows = rows
            if result != imp.result:
                imp.result = result
        invites = sa.select(Invitation).where(Invitation.org_id.in_(orgs))
        for inv in (await db.execute(invites)).scalars():
            if scrub.has(inv.label):
                inv.label = scrub.text(inv.label)
    await db.flush()


async def erase(db: AsyncSession, account: Account) -> list[str]:
    """Erase the account's personal data in this transaction; returns blob hashes that may
    be removed from storage after it commits."""
    who = await identity_of(db, account)
    scrub = Scrubber(who)
    chats = await _erase_messages(db, who, scrub)
    files = await _erase_files(db, who)
    chats |= await _leave_chats(db, account.id)
    orgs = await _erase_memberships(db, account)
    await _scrub_events(db, scrub, chats)
    await _erase_traces(db, who, scrub, orgs)
    await _erase_community_posts(db, account.id)
    await _delete_owned_rows(db, account.id)
    await _erase_account(db, account)
    await db.flush()
    # Last: only now is nothing of theirs (the avatar, a ticket's file) pointing at them.
    return await _release(db, files, account.id)


async def erase_due(maker: async_sessionmaker[AsyncSession]) -> int:
    """Erase every account whose deletion is due (the periodic privacy job); one
    transaction per account, claimed under its request's row, so nodes never collide."""
    done = 0
    while True:
        async with transaction(maker) as db:
            stmt = (
                sa.select(DeletionRequest)
                .where(DeletionRequest.status == "scheduled", DeletionRequest.due_at <= utcnow())
                .order_by(DeletionRequest.due_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            req = (await db.execute(stmt)).scalar_one_or_none()
            if req is None:
                return done
            account = await db.get(Account, req.account_id)
            hashes: list[str] = []
            if account is not None and account.deleted_at is None:
                hashes = await erase(db, account)
            req.status, req.done_at = "done", utcnow()
            await record(db, "privacy.erased", target_type="account", target_id=req.account_id)

            async def _blobs(found: list[str] = hashes) -> None:
                await remove_unused_blobs(maker, found)

            on_commit(db, _blobs)
        done += 1
