"""Queue mail inside a transaction; the sender delivers it once the transaction commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.db import on_commit
from parta.mail.sender import get_sender
from parta.models import MailMessage


async def queue_mail(
    db: AsyncSession, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> MailMessage:
    """Store a message for `to`; it is delivered (or logged) after the request commits."""
    msg = MailMessage(to_address=to, subject=subject, body=body, headers=headers)
    db.add(msg)
    await db.flush()

    async def _kick() -> None:
        sender = get_sender()
        if sender is not None:
            sender.kick()

    on_commit(db, _kick)
    return msg
