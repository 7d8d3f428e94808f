"""Chats, their members, messages, reactions and the per-chat event log used for sync."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Chat(Base):
    """A chat. kind: direct, group, class, class_parents, staff, channel.

    `seq` is the number of the chat's last event; it grows by one per event and is taken
    under the chat row's lock inside the writing transaction, so events commit in order.
    """

    __tablename__ = "chats"
    __table_args__ = (sa.Index("ix_chats_org_kind", "org_id", "kind"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.String(1000), default="")
    avatar_file_id: Mapped[str | None] = mapped_column(ID)
    class_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("school_classes.id", ondelete="SET NULL")
    )
    # One chat per key: "direct:<org>:<a>:<b>", "class:<class>", "staff:<org>", ...
    unique_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    settings: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_message_at: Mapped[datetime | None]
    last_message_id: Mapped[str | None] = mapped_column(ID)
    created_by: Mapped[str | None] = mapped_column(ID)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class ChatMember(Base):
    __tablename__ = "chat_members"
    __table_args__ = (
        sa.UniqueConstraint("chat_id", "account_id"),
        sa.Index("ix_chat_members_account_status", "account_id", "status"),
    )

    id: Mapped[str] = id_column()
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(20), default="member")
    # active, pending (waiting for a moderator's approval), left, removed
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    last_read_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    muted: Mapped[bool] = mapped_column(default=False)
    pinned: Mapped[bool] = mapped_column(default=False)
    draft: Mapped[str] = mapped_column(sa.Text, default="")
    draft_updated_at: Mapped[datetime | None]
    last_post_at: Mapped[datetime | None]
    # The chat link the person joined (or asked to join) by. Roster reconciliation leaves
    # such members in roster chats while they belong to the organisation.
    invite_id: Mapped[str | None] = mapped_column(ID)
    joined_at: Mapped[datetime] = created_column()
    left_at: Mapped[datetime | None]


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        sa.UniqueConstraint("chat_id", "seq"),
        # Idempotent sends: one message per (chat, author, client id).
        sa.UniqueConstraint("chat_id", "author_id", "client_id"),
    )

    id: Mapped[str] = id_column()
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    author_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("accounts.id"), index=True)
    client_id: Mapped[str | None] = mapped_column(sa.String(64))
    # text, system, poll, assignment
    kind: Mapped[str] = mapped_column(sa.String(20), default="text")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    html: Mapped[str] = mapped_column(sa.Text, default="")
    reply_to_id: Mapped[str | None] = mapped_column(ID)
    forward_author_name: Mapped[str | None] = mapped_column(sa.String(200))
    forward_from_id: Mapped[str | None] = mapped_column(ID)
    mentions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    mentions_all: Mapped[bool] = mapped_column(default=False)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(ID)
    pinned_at: Mapped[datetime | None]
    pinned_by: Mapped[str | None] = mapped_column(ID)
    # How many files it carries: views skip the attachments query when there are none.
    attachment_count: Mapped[int] = mapped_column(default=0)
    # "Important: please confirm" (parta.acks); reminders are limited by the last one.
    ack_required: Mapped[bool] = mapped_column(default=False)
    ack_reminded_at: Mapped[datetime | None]
    # A permission slip: a yes/no question each family answers, changeable until the deadline.
    ack_question: Mapped[str | None] = mapped_column(sa.String(300))
    ack_deadline: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class Mention(Base):
    """A person mentioned in a message (for mention counts and notifications)."""

    __tablename__ = "mentions"
    __table_args__ = (sa.Index("ix_mentions_account_chat_seq", "account_id", "chat_id", "seq"),)

    id: Mapped[str] = id_column()
    message_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("messages.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(sa.BigInteger)


class MessageEdit(Base):
    """Earlier versions of an edited message (moderators can see the history)."""

    __tablename__ = "message_edits"

    id: Mapped[str] = id_column()
    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    edited_by: Mapped[str] = mapped_column(ID)
    edited_at: Mapped[datetime] = created_column()


class Reaction(Base):
    __tablename__ = "reactions"
    __table_args__ = (sa.UniqueConstraint("message_id", "account_id", "emoji"),)

    id: Mapped[str] = id_column()
    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    emoji: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = created_column()


class ChatEvent(Base):
    """The chat's event log: what a reconnecting client missed, by sequence number."""

    __tablename__ = "chat_events"

    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    # Only members of the chat see its events; private state (drafts, mute) is never logged.
    payload: Mapped[dict[str, object]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = created_column()


class ChatInvite(Base):
    """A chat's invitation link: only members of the same organisation can use it."""

    __tablename__ = "chat_invites"

    id: Mapped[str] = id_column()
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by: Mapped[str] = mapped_column(ID)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    max_uses: Mapped[int | None]
    uses: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = created_column()
