"""Delivers the outbox: over SMTP when configured, otherwise to the log (status "logged").

One background task per process drains pending messages when kicked and every few seconds,
so mail queued by a process that died before sending is picked up again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr

import aiosmtplib
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.config import Settings
from parta.kit.clock import utcnow
from parta.models import MailMessage

log = logging.getLogger("parta.mail")
MAX_ATTEMPTS = 5
POLL_SECONDS = 5.0

_sender: MailSender | None = None


def get_sender() -> MailSender | None:
    return _sender


def build_email(sender: str, msg: MailMessage) -> MIMEText:
    """The message as sent. The subject is encoded with `email.header.Header`: the modern
    email policy's folding drops the space between two encoded words of a long Cyrillic
    subject ("Олимпиада по" arrives as "Олимпиадапо"), this encoder does not."""
    email = MIMEText(msg.body, "plain", "utf-8")
    name, address = parseaddr(sender)
    email["From"] = formataddr((str(Header(name, "utf-8")), address)) if name else address
    email["To"] = msg.to_address
    # compat32 messages take a Header object here (typeshed only knows str).
    email["Subject"] = Header(msg.subject, "utf-8")  # type: ignore[assignment]
    email["Message-ID"] = f"<{msg.id}@parta>"
    for name, value in (msg.headers or {}).items():
        email[name] = value
    return email


class MailSender:
    def __init__(self, settings: Settings, maker: async_sessionmaker[AsyncSession]) -> None:
        self.settings = settings
        self.maker = maker
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        global _sender
        _sender = self
        self._task = asyncio.create_task(self._run(), name="mail-sender")

    async def stop(self) -> None:
        global _sender
        if _sender is self:
            _sender = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def kick(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=POLL_SECONDS)
            self._wake.clear()
            try:
                await self.drain()
            except Exception:
                log.exception("mail drain failed")

    async def drain(self) -> int:
        """Send every pending message; returns how many were handled."""
        handled = 0
        while True:
            async with self.maker() as db:
                stmt = (
                    sa.select(MailMessage)
                    .where(MailMessage.status == "pending")
                    .order_by(MailMessage.id)
                    .limit(20)
                    .with_for_update(skip_locked=True)  # several nodes never send one twice
                )
                batch = list((await db.execute(stmt)).scalars())
                if not batch:
                    return handled
                for msg in batch:
                    await self._deliver(msg)
                    handled += 1
                await db.commit()

    async def _deliver(self, msg: MailMessage) -> None:
        s = self.settings
        if not s.smtp_host:
            # Not the body: it carries codes and links. The operator reads it in the outbox.
            log.info(
                "mail (no SMTP configured): kept in the operator's outbox",
                extra={"mail_id": msg.id, "subject": msg.subject},
            )
            msg.status = "logged"
            msg.sent_at = utcnow()
            return
        email = build_email(s.smtp_from, msg)
        msg.attempts += 1
        try:
            await aiosmtplib.send(
                email,
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_user or None,
                password=s.smtp_password or None,
                start_tls=s.smtp_starttls,
                use_tls=s.smtp_tls,
                timeout=20,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            msg.last_error = str(exc)[:1000]
            if msg.attempts >= MAX_ATTEMPTS:
                msg.status = "failed"
            log.warning("mail delivery failed", extra={"mail_id": msg.id, "error": str(exc)})
            return
        msg.status = "sent"
        msg.sent_at = utcnow()
