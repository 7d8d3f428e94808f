"""My chat list: one query per aspect (chats, counts, last messages, peers), never per chat."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.avatars.urls import avatar_url
from parta.chats.people import briefs
from parta.chats.schemas import ChatOut, MessagePreview, PersonRef
from parta.messages.render import plain_preview
from parta.models import Chat, ChatMember, Mention, Message


async def my_chats(
    db: AsyncSession, org_id: str, account_id: str, chat_ids: Sequence[str] | None = None
) -> list[ChatOut]:
    """The person's active chats in the organisation, pinned first, then by last activity."""
    stmt = (
        sa.select(Chat, ChatMember)
        .join(ChatMember, ChatMember.chat_id == Chat.id)
        .where(
            Chat.org_id == org_id,
            ChatMember.account_id == account_id,
            ChatMember.status == "active",
        )
    )
    if chat_ids is not None:
        stmt = stmt.where(Chat.id.in_(list(chat_ids)))
    rows = list((await db.execute(stmt)).all())
    if not rows:
        return []
    ids = [c.id for c, _ in rows]
    unread = dict(
        (
            await db.execute(
                sa.select(Message.chat_id, sa.func.count())
                .join(
                    ChatMember,
                    sa.and_(
                        ChatMember.chat_id == Message.chat_id, ChatMember.account_id == account_id
                    ),
                )
                .where(
                    Message.chat_id.in_(ids),
                    Message.seq > ChatMember.last_read_seq,
                    Message.deleted_at.is_(None),
                    sa.or_(Message.author_id.is_(None), Message.author_id != account_id),
                )
                .group_by(Message.chat_id)
            )
        ).all()
    )
    mentions = dict(
        (
            await db.execute(
                sa.select(Mention.chat_id, sa.func.count())
                .join(
                    ChatMember,
                    sa.and_(
                        ChatMember.chat_id == Mention.chat_id, ChatMember.account_id == account_id
                    ),
                )
                .where(
                    Mention.account_id == account_id,
                    Mention.chat_id.in_(ids),
                    Mention.seq > ChatMember.last_read_seq,
                )
                .group_by(Mention.chat_id)
            )
        ).all()
    )
    counts = dict(
        (
            await db.execute(
                sa.select(ChatMember.chat_id, sa.func.count())
                .where(ChatMember.chat_id.in_(ids), ChatMember.status == "active")
                .group_by(ChatMember.chat_id)
            )
        ).all()
    )
    moderated = [c.id for c, m in rows if m.role in ("owner", "moderator")]
    requests: dict[str, int] = {}
    if moderated:
        requests = dict(
            (
                await db.execute(
                    sa.select(ChatMember.chat_id, sa.func.count())
                    .where(ChatMember.chat_id.in_(moderated), ChatMember.status == "pending")
                    .group_by(ChatMember.chat_id)
                )
            ).all()
        )
    last_ids = [c.last_message_id for c, _ in rows if c.last_message_id]
    last: dict[str, Message] = {}
    if last_ids:
        last = {
            m.chat_id: m
            for m in (
                await db.execute(sa.select(Message).where(Message.id.in_(last_ids)))
            ).scalars()
        }
    direct_ids = [c.id for c, _ in rows if c.kind == "direct"]
    peers: dict[str, str] = {}
    peer_reads: dict[str, int] = {}  # the "seen" mark of direct chats
    if direct_ids:
        peer_stmt = sa.select(
            ChatMember.chat_id, ChatMember.account_id, ChatMember.last_read_seq
        ).where(ChatMember.chat_id.in_(direct_ids), ChatMember.account_id != account_id)
        for chat_id, peer_id, read_seq in (await db.execute(peer_stmt)).all():
            peers[chat_id] = peer_id
            peer_reads[chat_id] = read_seq
    people = await briefs(
        db, org_id, set(peers.values()) | {m.author_id for m in last.values() if m.author_id}
    )
    out = []
    for chat, me in rows:
        peer = people.get(peers.get(chat.id, ""))
        msg = last.get(chat.id)
        preview = None
        if msg is not None:
            author = people.get(msg.author_id or "")
            preview = MessagePreview(
                id=msg.id,
                seq=msg.seq,
                author_id=msg.author_id,
                author_name=author.name if author else None,
                text="" if msg.deleted_at else plain_preview(msg.body, {}),
                deleted=msg.deleted_at is not None,
                created_at=msg.created_at,
                kind=msg.kind,
                files=msg.attachment_count,
            )
        out.append(
            ChatOut(
                id=chat.id,
                org_id=chat.org_id,
                kind=chat.kind,
                title=peer.name if peer and chat.kind == "direct" else chat.title,
                description=chat.description,
                class_id=chat.class_id,
                settings=chat.settings,
                seq=chat.seq,
                archived=chat.archived_at is not None,
                member_count=counts.get(chat.id, 0),
                avatar_url=avatar_url(chat.avatar_file_id),
                peer=PersonRef(
                    account_id=peer.account_id,
                    name=peer.name,
                    roles=list(peer.roles),
                    verified=peer.verified,
                    avatar_url=avatar_url(peer.avatar_file_id),
                )
                if peer
                else None,
                peer_read_seq=peer_reads.get(chat.id),
                my_role=me.role,
                last_read_seq=me.last_read_seq,
                unread=unread.get(chat.id, 0),
                mentions=mentions.get(chat.id, 0),
                muted=me.muted,
                pinned=me.pinned,
                draft=me.draft,
                join_requests=requests.get(chat.id, 0),
                last_message=preview,
                last_message_at=chat.last_message_at,
            )
        )
    out.sort(
        key=lambda c: (not c.pinned, -(c.last_message_at.timestamp() if c.last_message_at else 0))
    )
    return out
