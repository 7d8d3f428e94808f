"""Integrations: bot identities with scoped API tokens, incoming and outgoing webhooks."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Bot(Base):
    """A non-human identity inside one organisation (a gradebook, a timetable system).

    It has its own Account row (so messages and chat memberships reference it like anyone
    else's) but no Membership, password or e-mail: it cannot sign in, holds no organisation
    role, and reaches only the /bot API with its tokens. kind: "api" (made by an
    administrator) or "webhook" (the author of an incoming webhook's messages).
    """

    __tablename__ = "bots"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20), default="api")
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()
    disabled_at: Mapped[datetime | None]


class BotToken(Base):
    """An API token of a bot: shown once, stored as SHA-256, limited to its scopes."""

    __tablename__ = "bot_tokens"

    id: Mapped[str] = id_column()
    bot_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("bots.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class IncomingWebhook(Base):
    """A secret URL that posts into one chat as its own bot (kind "webhook")."""

    __tablename__ = "incoming_webhooks"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    bot_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("bots.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class OutgoingWebhook(Base):
    """A subscription of an external URL to chosen event kinds of chosen chats.

    The signing secret is not stored: it is HMAC(server secret, id and secret_version), so
    rotating it means bumping the version.
    """

    __tablename__ = "outgoing_webhooks"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    chat_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    secret_version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True, index=True)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    disabled_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One event to deliver to one outgoing webhook: the persisted queue and delivery log.

    status: pending (due at next_attempt_at), delivered, failed (gave up or webhook
    disabled). `log` holds the attempts: [{at, status_code, error, ms}].
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_deliveries_webhook_id_id", "webhook_id", "id"),
    )

    id: Mapped[str] = id_column()
    webhook_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("outgoing_webhooks.id", ondelete="CASCADE")
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(sa.String(40))
    chat_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    payload: Mapped[dict[str, object]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    log: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = created_column()
    finished_at: Mapped[datetime | None]
