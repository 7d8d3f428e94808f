"""Invitation tokens and links.

The token is HMAC(secret, "invite:" + id): unguessable, never stored (only its SHA-256 is),
and re-derivable so that whoever may manage an invitation can copy its link again.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.config import get_settings
from parta.kit.errors import Gone
from parta.kit.ids import hmac_hex, new_id, sha256_hex
from parta.models import Invitation


def token_for(invitation_id: str) -> str:
    return hmac_hex(get_settings().resolved_secret_key(), "invite:" + invitation_id)[:40]


def url_for(token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/invite/{token}"


def invitation_url(invitation: Invitation) -> str:
    return url_for(token_for(invitation.id))


async def find_by_token(db: AsyncSession, token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    stmt = sa.select(Invitation).where(Invitation.token_hash == sha256_hex(token))
    return (await db.execute(stmt)).scalar_one_or_none()


async def create_invitation(
    db: AsyncSession,
    *,
    org_id: str,
    role: str,
    created_by: str | None,
    kind: str = "role",
    class_id: str | None = None,
    group_id: str | None = None,
    membership_id: str | None = None,
    student_membership_id: str | None = None,
    expires_at: datetime | None = None,
    max_uses: int | None = None,
    label: str = "",
) -> tuple[Invitation, str]:
    """Store an invitation and return it with its link (permission checks are the caller's)."""
    inv_id = new_id()
    invitation = Invitation(
        id=inv_id,
        org_id=org_id,
        kind=kind,
        role=role,
        class_id=class_id,
        group_id=group_id,
        membership_id=membership_id,
        student_membership_id=student_membership_id,
        token_hash=sha256_hex(token_for(inv_id)),
        label=label,
        created_by=created_by,
        expires_at=expires_at,
        max_uses=max_uses,
    )
    db.add(invitation)
    await db.flush()
    return invitation, url_for(token_for(inv_id))


def status_of(invitation: Invitation, now: datetime) -> str:
    """active, revoked, expired or exhausted (in that order of precedence)."""
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at is not None and invitation.expires_at <= now:
        return "expired"
    if invitation.max_uses is not None and invitation.uses >= invitation.max_uses:
        return "exhausted"
    return "active"


def ensure_usable(invitation: Invitation, now: datetime) -> None:
    """410 with a stable code when the link can no longer be used."""
    state = status_of(invitation, now)
    if state == "revoked":
        raise Gone("This invitation link has been revoked.", code="invitation_revoked")
    if state == "expired":
        raise Gone(
            "This invitation link has expired. Ask for a new one.", code="invitation_expired"
        )
    if state == "exhausted":
        raise Gone(
            "This invitation link has already been used as many times as allowed.",
            code="invitation_exhausted",
        )
