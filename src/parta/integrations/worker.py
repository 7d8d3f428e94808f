"""Delivers queued outgoing webhook events: signed POSTs, retried with exponential backoff
and jitter, logged per attempt; a webhook is disabled after FAILURE_LIMIT failures in a row.

One task per process, woken after commits that queued deliveries and every POLL_SECONDS.
A batch is claimed in a short transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so nodes
never take the same rows) by moving its next_attempt_at a lease ahead; the requests run
outside any transaction and their results are written in another. If a process dies
mid-delivery the lease runs out and another node retries (receivers dedupe by delivery id).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta import __version__
from parta.audit.service import record
from parta.config import get_settings
from parta.db import transaction
from parta.integrations.signing import SIGNATURE_HEADER, signature, webhook_secret
from parta.integrations.tap import watch
from parta.integrations.targets import refusal
from parta.kit.clock import utcnow
from parta.models import OutgoingWebhook, WebhookDelivery

log = logging.getLogger("parta.integrations.webhooks")

POLL_SECONDS = 5.0
BATCH = 20
LEASE = timedelta(minutes=2)
TIMEOUT_SECONDS = 10.0
MAX_ATTEMPTS = 10
BACKOFF_BASE_SECONDS = 15.0
BACKOFF_CAP_SECONDS = 3600.0
FAILURE_LIMIT = 10
MAX_LOG = MAX_ATTEMPTS

_worker: WebhookWorker | None = None


def get_worker() -> WebhookWorker | None:
    return _worker


def backoff_seconds(attempts: int) -> float:
    """Delay before the next try after `attempts` failed ones: exponential, capped, with
    "equal jitter" (half fixed, half random) so that many failing deliveries spread out."""
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return float(delay / 2 + random.uniform(0, delay / 2))


@dataclass
class Job:
    delivery_id: str
    webhook_id: str
    url: str
    secret: str
    event: str
    body: bytes


@dataclass
class Outcome:
    job: Job
    status_code: int | None
    error: str
    ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class WebhookWorker:
    def __init__(self, maker: async_sessionmaker[AsyncSession]) -> None:
        self.maker = maker
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    def start(self) -> None:
        global _worker
        _worker = self
        self._task = asyncio.create_task(self._run(), name="webhook-worker")

    async def stop(self) -> None:
        global _worker
        if _worker is self:
            _worker = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    def kick(self) -> None:
        self._wake.set()

    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,  # a redirect is an answer, not an invitation
                headers={"User-Agent": f"Parta-Webhooks/{__version__}"},
            )
        return self._client

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=POLL_SECONDS)
            self._wake.clear()
            try:
                while await self.step() == BATCH:
                    pass
            except Exception:
                log.exception("webhook delivery step failed")

    async def step(self) -> int:
        """Claim the due deliveries (up to BATCH), send them, record the outcomes. Returns
        how many were attempted. Tests call this directly after moving the clock."""
        if not await watch.any_active(self.maker):
            return 0  # no active webhook anywhere: nothing can be due
        jobs = await self._claim()
        if not jobs:
            return 0
        outcomes = await asyncio.gather(*(self._send(job) for job in jobs))
        async with transaction(self.maker) as db:
            for outcome in outcomes:
                await _record(db, outcome)
        return len(jobs)

    async def _claim(self) -> list[Job]:
        now = utcnow()
        async with transaction(self.maker) as db:
            stmt = (
                sa.select(WebhookDelivery, OutgoingWebhook)
                .join(OutgoingWebhook, OutgoingWebhook.id == WebhookDelivery.webhook_id)
                .where(
                    WebhookDelivery.status == "pending",
                    WebhookDelivery.next_attempt_at <= now,
                    OutgoingWebhook.active.is_(True),
                )
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True, of=WebhookDelivery)
            )
            jobs = []
            for delivery, hook in (await db.execute(stmt)).all():
                delivery.next_attempt_at = now + LEASE
                body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
                jobs.append(
                    Job(
                        delivery_id=delivery.id,
                        webhook_id=hook.id,
                        url=hook.url,
                        secret=webhook_secret(hook.id, hook.secret_version),
                        event=delivery.event,
                        body=body.encode(),
                    )
                )
        return jobs

    async def _send(self, job: Job) -> Outcome:
        started = time.monotonic()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(job.secret, int(utcnow().timestamp()), job.body),
            "Parta-Event": job.event,
            "Parta-Delivery": job.delivery_id,
            "Parta-Webhook": job.webhook_id,
        }
        refused = await refusal(job.url, get_settings().webhooks_allow_private)
        if refused is not None:
            return Outcome(job, None, refused, _ms(started))
        try:
            response = await self.client().post(job.url, content=job.body, headers=headers)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
            return Outcome(job, None, error, _ms(started))
        error = "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        return Outcome(job, response.status_code, error, _ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


async def _record(db: AsyncSession, outcome: Outcome) -> None:
    delivery = await db.get(WebhookDelivery, outcome.job.delivery_id)
    if delivery is None or delivery.status != "pending":
        return
    now = utcnow()
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    entry: dict[str, object] = {
        "at": now.isoformat(),
        "status_code": outcome.status_code,
        "error": outcome.error,
        "ms": outcome.ms,
    }
    delivery.log = [*delivery.log, entry][-MAX_LOG:]  # a new list: the JSON column notices
    hooks = sa.update(OutgoingWebhook).where(OutgoingWebhook.id == delivery.webhook_id)
    if outcome.ok:
        delivery.status, delivery.finished_at = "delivered", now
        await db.execute(hooks.values(consecutive_failures=0))
        return
    await db.flush()  # before the UPDATEs below (the session does not autoflush)
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.finished_at = "failed", now
    else:
        delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
    failures = (
        await db.execute(
            hooks.values(consecutive_failures=OutgoingWebhook.consecutive_failures + 1).returning(
                OutgoingWebhook.consecutive_failures
            )
        )
    ).scalar_one()
    if failures >= FAILURE_LIMIT:
        reason = f"{failures} delivery attempts in a row failed (last: {outcome.error})"
        if await disable_webhook(db, delivery.webhook_id, reason):
            await record(
                db,
                "webhook.outgoing_disabled",
                org_id=delivery.org_id,
                target_type="outgoing_webhook",
                target_id=delivery.webhook_id,
                data={"reason": reason},
            )


async def disable_webhook(db: AsyncSession, webhook_id: str, reason: str) -> bool:
    """Stop delivering: the webhook is inactive and its queue is given up. False when it
    was not active."""
    now = utcnow()
    result = await db.execute(
        sa.update(OutgoingWebhook)
        .where(OutgoingWebhook.id == webhook_id, OutgoingWebhook.active.is_(True))
        .values(active=False, disabled_reason=reason[:300], updated_at=now)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    await db.execute(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.status == "pending")
        .values(status="failed", finished_at=now, last_error="the webhook was disabled")
    )
    watch.invalidate()
    log.warning("outgoing webhook disabled", extra={"webhook_id": webhook_id, "reason": reason})
    return True
