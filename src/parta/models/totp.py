"""Two-factor authentication: a person's TOTP factor, their recovery codes, and the pending
second step of a sign-in whose first factor (password or e-mail code) was right."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class TotpFactor(Base):
    """One per account. The secret is not stored: it is derived from the server key, the
    account id and `salt` (auth/totp.py), so a copy of the database alone cannot make codes."""

    __tablename__ = "totp_factors"

    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    salt: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = created_column()
    # Null while enrolling: the factor counts only once a code from the app has confirmed it.
    confirmed_at: Mapped[datetime | None]
    # The last accepted time step, so that one code is never accepted twice (RFC 6238 §5.2).
    last_step: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class TotpRecoveryCode(Base):
    """A one-time code for when the authenticator app is lost; stored as an HMAC."""

    __tablename__ = "totp_recovery_codes"

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class SignInChallenge(Base):
    """A sign-in waiting for its second factor; the client holds the token (stored hashed)."""

    __tablename__ = "signin_challenges"

    id: Mapped[str] = id_column()
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # What the first factor was (password, code) and the login typed, for the session's audit.
    method: Mapped[str] = mapped_column(sa.String(20))
    login: Mapped[str] = mapped_column(sa.String(254), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
