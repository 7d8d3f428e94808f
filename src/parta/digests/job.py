"""Sends the digests that are due, every few minutes in each server process.

Each person with a digest has its next time (`notify_prefs.digest_next_at`). A run reads the
due ones without a transaction, then per person moves the time on with a conditional UPDATE
(`… WHERE digest_next_at = <the time read>`) and queues the mail in that same transaction:
whoever moves it sends, so several nodes never send one digest twice. Nothing is sent when
there is nothing to tell, to people who used the app in the last ACTIVE_WINDOW, or to
addresses that are not confirmed; the schedule moves on either way.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.config import get_settings
from parta.db import transaction
from parta.digests import texts, unsubscribe
from parta.digests.content import gather
from parta.digests.schedule import next_run, zone_of
from parta.kit.clock import utcnow
from parta.mail.outbox import queue_mail
from parta.models import Account, AuthSession, NotifyPrefs
from parta.safety.quiet import digest_hold

log = logging.getLogger("parta.digests")

INTERVAL_SECONDS = 300.0
ACTIVE_WINDOW = timedelta(hours=24)
BATCH = 500


async def recently_active(db: AsyncSession, account: Account, now: datetime) -> bool:
    """Used the app (any session) or was connected in the last ACTIVE_WINDOW."""
    since = now - ACTIVE_WINDOW
    if account.last_seen_at is not None and account.last_seen_at >= since:
        return True
    stmt = sa.select(AuthSession.id).where(
        AuthSession.account_id == account.id, AuthSession.last_seen_at >= since
    )
    return (await db.scalar(stmt.limit(1))) is not None


async def _send_one(maker: async_sessionmaker[AsyncSession], account_id: str, due: Any) -> bool:
    now = utcnow()
    async with transaction(maker) as db:
        prefs = await db.get(NotifyPrefs, account_id)
        account = await db.get(Account, account_id)
        if prefs is None or account is None or prefs.digest == "off":
            return False
        frequency = prefs.digest
        # Quiet hours (parta.safety): the digest waits until they end, then goes out.
        held = await digest_hold(db, account, now)
        upcoming = held or next_run(now, frequency, await zone_of(db, account))  # type: ignore[arg-type]
        taken = await db.execute(
            sa.update(NotifyPrefs)
            .where(NotifyPrefs.account_id == account_id, NotifyPrefs.digest_next_at == due)
            .values(digest_next_at=upcoming)
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], taken).rowcount != 1:
            return False  # another node (or run) took it
        if held is not None:
            return False
        if not account.is_active or not account.email or account.email_verified_at is None:
            return False
        if await recently_active(db, account, now):
            return False
        parts = await gather(db, account, frequency, now)
        if not parts:
            return False
        subject, body = texts.render(
            account.language,
            frequency,
            account.display_name,
            parts,
            base_url=get_settings().public_base_url.rstrip("/"),
            unsubscribe_url=unsubscribe.url_for(account.id),
        )
        await queue_mail(db, account.email, subject, body, unsubscribe.headers_for(account.id))
        await db.execute(
            sa.update(NotifyPrefs)
            .where(NotifyPrefs.account_id == account_id)
            .values(digest_sent_at=now)
            .execution_options(synchronize_session=False)
        )
        return True


async def send_due_digests(maker: async_sessionmaker[AsyncSession]) -> int:
    """Send every digest that is due now; returns how many mails were queued."""
    now = utcnow()
    async with maker() as db:
        rows = (
            await db.execute(
                sa.select(NotifyPrefs.account_id, NotifyPrefs.digest_next_at)
                .where(NotifyPrefs.digest != "off", NotifyPrefs.digest_next_at <= now)
                .order_by(NotifyPrefs.digest_next_at)
                .limit(BATCH)
            )
        ).all()
    sent = 0
    for account_id, due in rows:
        try:
            if await _send_one(maker, account_id, due):
                sent += 1
        except Exception:  # one person's broken digest must not hold up everyone else's
            log.exception("digest failed", extra={"account_id": account_id})
    return sent
