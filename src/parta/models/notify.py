"""Notifications beyond the app: Web Push (the server's VAPID keys, people's devices, the
queue of pushes to send) and per-person notification preferences (push and e-mail digests)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class PushVapidKey(Base):
    """The server's VAPID key pair (RFC 8292), made on first use and shared by every node.

    One row (`id` = "vapid"): whoever inserts it first wins, the others read it. Browsers
    bind their subscriptions to the public key, so it must never change by itself."""

    __tablename__ = "push_vapid_keys"

    id: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    # The private scalar (32 bytes) and the public point (65 bytes), base64url without padding.
    private_key: Mapped[str] = mapped_column(sa.String(64))
    public_key: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = created_column()


class PushSubscription(Base):
    """One browser's push subscription (the endpoint of its push service and the keys that
    encrypt for it), registered by a signed-in session. Pushes go only while that session
    lives, so signing out (or ending a stolen device's session) stops them."""

    __tablename__ = "push_subscriptions"

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(sa.Text)
    # One row per endpoint: a browser that signs in as someone else moves its subscription.
    endpoint_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    p256dh: Mapped[str] = mapped_column(sa.String(100))
    auth: Mapped[str] = mapped_column(sa.String(50))
    user_agent: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = created_column()
    last_success_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")


class PushJob(Base):
    """Something to push, queued in the transaction that caused it and sent after commit by
    the push worker of any node (a transactional outbox).

    kind: message (a new message in `chat_id`; recipients are worked out when it is sent),
    call (a ringing call), event_reminder, ack_reminder, test (explicit `accounts`)."""

    __tablename__ = "push_jobs"
    __table_args__ = (sa.Index("ix_push_jobs_due_at", "due_at"),)

    id: Mapped[str] = id_column()
    kind: Mapped[str] = mapped_column(sa.String(20))
    org_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    ref_id: Mapped[str | None] = mapped_column(ID)
    # Who caused it (the author, the caller): never pushed to.
    actor_id: Mapped[str | None] = mapped_column(ID)
    accounts: Mapped[list[str] | None] = mapped_column(sa.JSON)
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = created_column()


class NotifyPrefs(Base):
    """A person's notification preferences; no row means the defaults."""

    __tablename__ = "notify_prefs"

    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    push_messages: Mapped[bool] = mapped_column(default=True)
    push_mentions: Mapped[bool] = mapped_column(default=True)
    push_calls: Mapped[bool] = mapped_column(default=True)
    push_reminders: Mapped[bool] = mapped_column(default=True)
    # Show who wrote and what in a push; off: "New message" only (shared or lock-screen phones).
    push_previews: Mapped[bool] = mapped_column(default=True)
    # E-mail digest: off, daily, weekly (opt-in); the next run is kept so any node can take it.
    digest: Mapped[str] = mapped_column(sa.String(10), default="off")
    digest_next_at: Mapped[datetime | None] = mapped_column(index=True)
    digest_sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = created_column()
