"""A person's account, their sessions, one-time codes and consents."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = id_column()
    display_name: Mapped[str] = mapped_column(sa.String(120))
    # Contact details are private: never serialised for anyone but the owner and the operator.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    email_verified_at: Mapped[datetime | None]
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    # A login for young students who have neither e-mail nor phone (chosen at registration).
    username: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    language: Mapped[str] = mapped_column(sa.String(5), default="ru")
    is_operator: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    # A guest of one call (joined by name through an event's guest link): no login, no
    # organisation; its sessions work only on the guest endpoints and the event socket.
    is_guest: Mapped[bool] = mapped_column(default=False)
    # Primary-grade students register with a parent's e-mail, kept to invite that parent.
    guardian_email: Mapped[str | None] = mapped_column(sa.String(254))
    last_org_id: Mapped[str | None] = mapped_column(ID)
    # The profile picture (a StoredFile re-encoded to 256×256), shown to people of shared orgs.
    avatar_file_id: Mapped[str | None] = mapped_column(ID)
    # When the person's last socket closed (presence); shown only where presence is visible.
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
    # Set when the person's data was erased (parta.privacy.erasure): the row stays so that
    # conversations keep their structure, with the name "Удалённый пользователь".
    deleted_at: Mapped[datetime | None]


class AuthSession(Base):
    __tablename__ = "auth_sessions"

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_column()
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(sa.String(300), default="")
    ip: Mapped[str] = mapped_column(sa.String(64), default="")


class OneTimeCode(Base):
    """A code sent by e-mail. Purposes: verify_email, password_reset, sign_in, registration."""

    __tablename__ = "one_time_codes"
    __table_args__ = (sa.Index("ix_one_time_codes_target", "purpose", "email"),)

    id: Mapped[str] = id_column()
    purpose: Mapped[str] = mapped_column(sa.String(32))
    email: Mapped[str] = mapped_column(sa.String(254))
    account_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE")
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # For a registration waiting for the parent's code: what to create once confirmed.
    payload: Mapped[dict[str, object] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = created_column()


class ThrottleEvent(Base):
    """One counted attempt (failed sign-in, code request) for brute-force limits, by key."""

    __tablename__ = "throttle_events"
    __table_args__ = (sa.Index("ix_throttle_events_key_at", "key", "at"),)

    id: Mapped[str] = id_column()
    key: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[datetime]


class Consent(Base):
    """Consent to personal data processing: what, by whom, when, which policy version."""

    __tablename__ = "consents"

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40), default="personal_data")
    policy_version: Mapped[str] = mapped_column(sa.String(40))
    # "self", or "guardian" when a parent consented for a minor (guardian_email says who).
    given_by: Mapped[str] = mapped_column(sa.String(20), default="self")
    guardian_email: Mapped[str | None] = mapped_column(sa.String(254))
    # The parent's account when a parent consented in the app (parta.privacy.consents).
    given_by_account_id: Mapped[str | None] = mapped_column(ID)
    # The invitation the person joined through, when consent was given on joining.
    invitation_id: Mapped[str | None] = mapped_column(ID)
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    accepted_at: Mapped[datetime] = created_column()
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[str | None] = mapped_column(ID)
