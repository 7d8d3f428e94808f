"""What a person's data archive holds, gathered in one read-only pass.

The archive (a zip, see parta.privacy.exports) holds:

- README.txt — what each file is, in Russian and English;
- profile.json — the account (name, e-mail, phone, login, language, dates);
- memberships.json — organisations, roles, classes, parent–child links;
- consents.json — every consent given or withdrawn, with policy versions;
- messages.json — every message the person wrote: chat, time, text, files;
- files/ and files.json — the bytes of every file they uploaded to chats and hand-ins;
- reactions.json, events.json (answers to events), polls.json (votes in polls that are not
  anonymous: an anonymous poll promised that votes are not tied to people),
  confirmations.json (answers to important messages and permission slips),
  handins.json (homework hand-ins);
- profile/avatar.* — the profile picture.

Only the person's own data: other people appear as the names of chats and of linked
parents or children, never with their contact details.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

# One archive writer for the platform (streamed, zip64, stored types not re-compressed).
from parta.assignments.archive import Archive, Entry, _Names
from parta.files.service import sanitize_filename
from parta.kit.clock import utcnow
from parta.models import (
    Account,
    Assignment,
    Attachment,
    Chat,
    ChatMember,
    Consent,
    Event,
    EventResponse,
    Membership,
    Message,
    MessageAck,
    Org,
    ParentLink,
    Poll,
    PollOption,
    PollVote,
    Reaction,
    SchoolClass,
    StoredFile,
    Submission,
)

_BATCH = 1000

README = """Архив ваших данных в Парте / Your data in Parta

profile.json        Профиль: имя, e-mail, телефон, логин, язык, даты.
                    The account: name, e-mail, phone, login, language, dates.
memberships.json    Организации, роли, классы, связи родитель–ребёнок.
                    Organisations, roles, classes, parent–child links.
consents.json       Согласия на обработку данных (версия политики, кто и когда дал или отозвал).
                    Consents (policy version, who gave or withdrew them and when).
messages.json       Все написанные вами сообщения: чат, время, текст, файлы.
                    Every message you wrote: chat, time, text, files.
files.json, files/  Загруженные вами файлы (в чатах и сданных заданиях).
                    The files you uploaded (to chats and homework hand-ins).
reactions.json      Ваши реакции на сообщения. / Your reactions to messages.
events.json         Ваши ответы на приглашения на события. / Your answers to events.
polls.json          Ваши голоса в неанонимных опросах. / Your votes in polls that are not anonymous.
confirmations.json  Подтверждения важных сообщений и ответы на разрешения.
                    Confirmations of important messages and answers to permission slips.
handins.json        Сданные домашние задания. / Homework you handed in.
profile/            Фотография профиля. / The profile picture.
"""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


class _Builder:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.now = utcnow()

    def text(self, path: str, data: bytes) -> None:
        self.entries.append(
            Entry(path=path, modified=self.now, size=len(data), mime="text/plain", text=data)
        )

    def json(self, path: str, data: Any) -> None:
        self.text(path, _json(data))


async def _chat_names(db: AsyncSession, account_id: str, chat_ids: set[str]) -> dict[str, Any]:
    """Chat id -> {"id", "kind", "title", "org"}; a direct chat is named after the other person."""
    if not chat_ids:
        return {}
    stmt = sa.select(Chat, Org.name).join(Org, Org.id == Chat.org_id).where(Chat.id.in_(chat_ids))
    chats = {c.id: (c, org) for c, org in (await db.execute(stmt)).all()}
    direct = [i for i, (c, _) in chats.items() if c.kind == "direct"]
    peers: dict[str, str] = {}
    if direct:
        peer_stmt = (
            sa.select(ChatMember.chat_id, Account.display_name)
            .join(Account, Account.id == ChatMember.account_id)
            .where(ChatMember.chat_id.in_(direct), ChatMember.account_id != account_id)
        )
        peers = {c: n for c, n in (await db.execute(peer_stmt)).all()}
    return {
        i: {
            "id": i,
            "kind": c.kind,
            "title": peers.get(i, "") if c.kind == "direct" else c.title,
            "organisation": org,
        }
        for i, (c, org) in chats.items()
    }


async def _profile(db: AsyncSession, b: _Builder, account: Account) -> None:
    b.json(
        "profile.json",
        {
            "id": account.id,
            "display_name": account.display_name,
            "email": account.email,
            "email_verified_at": _iso(account.email_verified_at),
            "phone": account.phone,
            "username": account.username,
            "language": account.language,
            "guardian_email": account.guardian_email,
            "created_at": _iso(account.created_at),
            "last_seen_at": _iso(account.last_seen_at),
            "exported_at": _iso(b.now),
        },
    )
    if account.avatar_file_id:
        avatar = await db.get(StoredFile, account.avatar_file_id)
        if avatar is not None:
            ext = avatar.mime.rpartition("/")[2] or "bin"
            b.entries.append(
                Entry(
                    path=f"profile/avatar.{ext}",
                    modified=avatar.created_at,
                    size=avatar.size,
                    mime=avatar.mime,
                    sha256=avatar.sha256,
                )
            )


async def _memberships(db: AsyncSession, b: _Builder, account_id: str) -> None:
    stmt = (
        sa.select(Membership, Org.name, SchoolClass)
        .join(Org, Org.id == Membership.org_id)
        .outerjoin(SchoolClass, SchoolClass.id == Membership.class_id)
        .where(Membership.account_id == account_id)
        .order_by(Membership.created_at)
    )
    rows = (await db.execute(stmt)).all()
    ids = [m.id for m, _, _ in rows]
    other = aliased(Membership)
    links: dict[str, list[dict[str, Any]]] = {}
    if ids:
        for mine, theirs in (
            (ParentLink.parent_membership_id, ParentLink.student_membership_id),
            (ParentLink.student_membership_id, ParentLink.parent_membership_id),
        ):
            link_stmt = (
                sa.select(mine, ParentLink.status, other.full_name, Account.display_name)
                .join(other, other.id == theirs)
                .outerjoin(Account, Account.id == other.account_id)
                .where(mine.in_(ids))
            )
            for mid, status, roster_name, name in (await db.execute(link_stmt)).all():
                links.setdefault(mid, []).append({"name": name or roster_name, "status": status})
    b.json(
        "memberships.json",
        [
            {
                "organisation": org_name,
                "role": m.role,
                "status": m.status,
                "class": c.label if c is not None else None,
                "title": m.title,
                "name_in_roster": m.full_name,
                "contact_email": m.contact_email,
                "joined_at": _iso(m.created_at),
                "verified_at": _iso(m.verified_at),
                "removed_at": _iso(m.removed_at),
                ("children" if m.role == "parent" else "parents"): links.get(m.id, []),
            }
            for m, org_name, c in rows
        ],
    )


async def _consents(db: AsyncSession, b: _Builder, account_id: str) -> None:
    stmt = (
        sa.select(Consent, Org.name)
        .outerjoin(Org, Org.id == Consent.org_id)
        .where(Consent.account_id == account_id)
        .order_by(Consent.accepted_at)
    )
    b.json(
        "consents.json",
        [
            {
                "organisation": org_name,
                "scope": c.kind,
                "policy_version": c.policy_version,
                "given_by": c.given_by,
                "guardian_email": c.guardian_email,
                "accepted_at": _iso(c.accepted_at),
                "ip": c.ip,
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c, org_name in (await db.execute(stmt)).all()
        ],
    )


async def _files(
    db: AsyncSession, b: _Builder, account_id: str, chats: dict[str, Any]
) -> dict[str, list[str]]:
    """files/<chat>/<name> for each upload; returns message id -> archive paths."""
    stmt = (
        sa.select(Attachment, StoredFile)
        .join(StoredFile, StoredFile.id == Attachment.file_id)
        .where(Attachment.uploaded_by == account_id)
        .order_by(Attachment.created_at, Attachment.id)
    )
    folders = _Names()
    folder_of: dict[str, str] = {}
    names: dict[str, _Names] = {}
    index = []
    by_message: dict[str, list[str]] = {}
    for a, stored in (await db.execute(stmt)).all():
        chat = chats.get(a.chat_id, {})
        if a.chat_id not in folder_of:
            title = str(chat.get("title") or chat.get("kind") or "chat").replace("/", "_")
            folder_of[a.chat_id] = folders.add(sanitize_filename(title, "chat"))
            names[a.chat_id] = _Names()
        path = f"files/{folder_of[a.chat_id]}/{names[a.chat_id].add(sanitize_filename(a.name))}"
        b.entries.append(
            Entry(
                path=path,
                modified=a.created_at,
                size=stored.size,
                mime=stored.mime,
                sha256=stored.sha256,
            )
        )
        index.append(
            {
                "path": path,
                "name": a.name,
                "type": a.mime,
                "size": a.size,
                "chat": chat or None,
                "uploaded_at": _iso(a.created_at),
                "message_id": a.message_id,
                "handed_in": a.submission_id is not None,
            }
        )
        if a.message_id:
            by_message.setdefault(a.message_id, []).append(path)
    b.json("files.json", index)
    return by_message


async def _chat_ids(db: AsyncSession, account_id: str) -> set[str]:
    mine = sa.select(ChatMember.chat_id).where(ChatMember.account_id == account_id)
    written = sa.select(Message.chat_id).where(Message.author_id == account_id).distinct()
    uploaded = sa.select(Attachment.chat_id).where(Attachment.uploaded_by == account_id)
    stmt = sa.union(mine, written, uploaded)
    return set((await db.execute(stmt)).scalars())


async def _messages(
    db: AsyncSession,
    b: _Builder,
    account_id: str,
    chats: dict[str, Any],
    files: dict[str, list[str]],
) -> None:
    out: list[dict[str, Any]] = []
    after = ""
    while True:
        stmt = (
            sa.select(Message)
            .where(Message.author_id == account_id, Message.id > after)
            .order_by(Message.id)
            .limit(_BATCH)
        )
        batch: Sequence[Message] = list((await db.execute(stmt)).scalars())
        for m in batch:
            out.append(
                {
                    "id": m.id,
                    "chat": chats.get(m.chat_id),
                    "sent_at": _iso(m.created_at),
                    "kind": m.kind,
                    "text": m.body,
                    "edited_at": _iso(m.edited_at),
                    "deleted_at": _iso(m.deleted_at),
                    "reply_to": m.reply_to_id,
                    "forwarded_from": m.forward_author_name,
                    "files": files.get(m.id, []),
                }
            )
        if len(batch) < _BATCH:
            break
        after = batch[-1].id
    b.json("messages.json", out)


async def _activity(db: AsyncSession, b: _Builder, account_id: str, chats: dict[str, Any]) -> None:
    reactions = await db.execute(
        sa.select(Reaction).where(Reaction.account_id == account_id).order_by(Reaction.created_at)
    )
    b.json(
        "reactions.json",
        [
            {
                "chat": chats.get(r.chat_id),
                "message_id": r.message_id,
                "emoji": r.emoji,
                "at": _iso(r.created_at),
            }
            for r in reactions.scalars()
        ],
    )
    answers = await db.execute(
        sa.select(EventResponse, Event)
        .join(Event, Event.id == EventResponse.event_id)
        .where(EventResponse.account_id == account_id)
        .order_by(Event.starts_at)
    )
    b.json(
        "events.json",
        [
            {
                "event": e.title,
                "starts_at": _iso(e.starts_at),
                "answer": r.answer,
                "waiting_list": r.queued_at is not None,
                "answered_at": _iso(r.updated_at),
            }
            for r, e in answers.all()
        ],
    )
    votes = await db.execute(
        sa.select(PollVote, Poll, PollOption)
        .join(Poll, Poll.id == PollVote.poll_id)
        .join(PollOption, PollOption.id == PollVote.option_id)
        .where(PollVote.account_id == account_id, Poll.anonymous.is_(False))
        .order_by(PollVote.created_at)
    )
    b.json(
        "polls.json",
        [
            {
                "chat": chats.get(p.chat_id),
                "question": p.question,
                "option": o.text,
                "at": _iso(v.created_at),
            }
            for v, p, o in votes.all()
        ],
    )
    acks = await db.execute(
        sa.select(MessageAck)
        .where(MessageAck.account_id == account_id)
        .order_by(MessageAck.acked_at)
    )
    b.json(
        "confirmations.json",
        [
            {
                "chat": chats.get(a.chat_id),
                "message_id": a.message_id,
                "answer": a.answer,
                "comment": a.comment,
                "at": _iso(a.acked_at),
            }
            for a in acks.scalars()
        ],
    )
    handins = await db.execute(
        sa.select(Submission, Assignment)
        .join(Assignment, Assignment.id == Submission.assignment_id)
        .where(Submission.account_id == account_id)
        .order_by(Submission.submitted_at)
    )
    b.json(
        "handins.json",
        [
            {
                "chat": chats.get(t.chat_id),
                "task": t.title,
                "comment": s.comment,
                "submitted_at": _iso(s.submitted_at),
                "updated_at": _iso(s.updated_at),
                "late": s.late,
            }
            for s, t in handins.all()
        ],
    )


async def collect(db: AsyncSession, account: Account) -> Archive:
    """Everything the archive holds for this account (the file bytes stay in storage until
    the zip is written)."""
    b = _Builder()
    b.text("README.txt", README.encode())
    await _profile(db, b, account)
    await _memberships(db, b, account.id)
    await _consents(db, b, account.id)
    chats = await _chat_names(db, account.id, await _chat_ids(db, account.id))
    files = await _files(db, b, account.id, chats)
    await _messages(db, b, account.id, chats, files)
    await _activity(db, b, account.id, chats)
    stamp = b.now.date().isoformat()
    return Archive(name=f"parta-data-{stamp}.zip", entries=b.entries)
