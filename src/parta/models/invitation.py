"""Invitation links: scoped to an organisation, a role and optionally a class or group."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Invitation(Base):
    """An invitation link.

    kind: "role" (anyone with the link joins with `role`), "personal" (claims the pending
    membership `membership_id`), "parent" (joins as a parent of `student_membership_id`).
    The token is HMAC(secret, id) so that the creator can copy the link again, while the
    database only stores its SHA-256.
    """

    __tablename__ = "invitations"

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20), default="role")
    role: Mapped[str] = mapped_column(sa.String(20))
    class_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("school_classes.id", ondelete="SET NULL")
    )
    group_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("groups.id", ondelete="SET NULL")
    )
    membership_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("memberships.id", ondelete="CASCADE")
    )
    student_membership_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("memberships.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    created_by: Mapped[str | None] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    expires_at: Mapped[datetime | None]
    max_uses: Mapped[int | None]
    uses: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()


class InvitationUse(Base):
    __tablename__ = "invitation_uses"

    id: Mapped[str] = id_column()
    invitation_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    membership_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("memberships.id", ondelete="CASCADE")
    )
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    used_at: Mapped[datetime] = created_column()
