"""Sends queued pushes in the background: never in a request, only what has been committed.

One task per process, woken after commits that queued pushes, and otherwise when the next
job falls due (a message waits a few seconds to be coalesced) or every POLL_SECONDS. A batch
is claimed in a short transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so nodes never
take the same jobs) by moving it a lease ahead; a message job also takes the not-yet-due
jobs of its chat, so a burst goes out as one push. Recipients are worked out in a read-only
session, the requests run outside any transaction, and the outcomes are written in another:
subscriptions the push service calls gone (404/410) are deleted. If a process dies while
sending, the lease runs out and another node sends again (at most MAX_ATTEMPTS times); jobs
too old to matter (a call that rang a minute ago) are dropped instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import datetime, timedelta

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta import __version__
from parta.config import get_settings
from parta.db import transaction
from parta.kit.clock import utcnow
from parta.models import AuthSession, PushJob, PushSubscription
from parta.push import fanout, vapid
from parta.push.policy import HELD_KINDS, held_until
from parta.push.sender import TIMEOUT_SECONDS, Delivery, Outcome, host_of, refusals, send
from parta.safety.quiet import hold_until as chat_quiet

log = logging.getLogger("parta.push")

POLL_SECONDS = 5.0
BATCH = 100
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 3
CONCURRENCY = 16
CLEANUP_SECONDS = 3600.0
MAX_AGE = {
    "call": timedelta(seconds=60),
    "test": timedelta(minutes=5),
}
DEFAULT_MAX_AGE = timedelta(hours=1)

_worker: PushWorker | None = None


def get_worker() -> PushWorker | None:
    return _worker


def _job(row: PushJob) -> fanout.Job:
    return fanout.Job(
        id=row.id,
        kind=row.kind,
        org_id=row.org_id,
        chat_id=row.chat_id,
        ref_id=row.ref_id,
        actor_id=row.actor_id,
        accounts=tuple(row.accounts or ()),
    )


class PushWorker:
    def __init__(self, maker: async_sessionmaker[AsyncSession]) -> None:
        self.maker = maker
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None
        self._cleaned = 0.0

    def start(self) -> None:
        global _worker
        _worker = self
        self._task = asyncio.create_task(self._run(), name="push-worker")

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
                follow_redirects=False,
                headers={"User-Agent": f"Parta-Push/{__version__}"},
            )
        return self._client

    async def _run(self) -> None:
        with contextlib.suppress(Exception):  # the keys exist from the first run on
            async with transaction(self.maker) as db:
                await vapid.load(db)
        while True:
            wait = POLL_SECONDS
            try:
                while await self.step() == BATCH:
                    pass
                wait = await self._until_next()
                await self._cleanup()
            except Exception:
                log.exception("push step failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
            self._wake.clear()

    async def step(self) -> int:
        """Claim the due jobs (up to BATCH), send their pushes, record the outcomes. Returns
        how many jobs were taken. Tests call this directly after moving the clock."""
        now = utcnow()
        claimed = await self._claim(now)
        if claimed is None:
            return 0
        keys, jobs = claimed
        async with self.maker() as db:
            deliveries = await fanout.deliveries(db, jobs, now)
        refused = await refusals(deliveries, get_settings().push_allow_private)
        gate = asyncio.Semaphore(CONCURRENCY)

        async def _one(d: Delivery) -> Outcome:
            async with gate:
                return await send(self.client(), keys, d, refused[host_of(d.endpoint)])

        outcomes = await asyncio.gather(*(_one(d) for d in deliveries))
        async with transaction(self.maker) as db:
            await _record(db, outcomes, [j.id for j in jobs])
        return len(jobs)

    async def _claim(self, now: datetime) -> tuple[vapid.Keys, list[fanout.Job]] | None:
        async with transaction(self.maker) as db:
            due = (
                sa.select(PushJob)
                .where(PushJob.due_at <= now)
                .order_by(PushJob.due_at, PushJob.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
            rows = list((await db.execute(due)).scalars())
            if not rows:
                return None
            chats = {r.chat_id for r in rows if r.kind == "message" and r.chat_id}
            if chats:
                # The rest of each chat's burst, not yet due and never claimed.
                followers = (
                    sa.select(PushJob)
                    .where(
                        PushJob.kind == "message",
                        PushJob.chat_id.in_(chats),
                        PushJob.attempts == 0,
                        PushJob.due_at > now,
                    )
                    .with_for_update(skip_locked=True)
                )
                rows += list((await db.execute(followers)).scalars())
            jobs: list[fanout.Job] = []
            quiet: dict[str, datetime | None] = {}
            for row in rows:
                too_old = now - row.created_at > MAX_AGE.get(row.kind, DEFAULT_MAX_AGE)
                if too_old or row.attempts >= MAX_ATTEMPTS:
                    await db.delete(row)
                    continue
                if row.chat_id and row.kind in HELD_KINDS:
                    until = held_until(row.kind, await chat_quiet(db, row.chat_id, now, quiet))
                    if until is not None:
                        # Quiet hours (parta.safety): back in the queue until they end; its
                        # age counts from then, so waiting does not make it "too old".
                        row.due_at = row.created_at = until
                        continue
                row.due_at, row.attempts = now + LEASE, row.attempts + 1
                jobs.append(_job(row))
            keys = await vapid.load(db)
        return keys, jobs

    async def _until_next(self) -> float:
        async with self.maker() as db:
            nxt: datetime | None = await db.scalar(sa.select(sa.func.min(PushJob.due_at)))
        if nxt is None:
            return POLL_SECONDS
        return float(max(0.05, min(POLL_SECONDS, (nxt - utcnow()).total_seconds())))

    async def _cleanup(self) -> None:
        """Now and then: forget devices whose session has ended or expired."""
        if time.monotonic() - self._cleaned < CLEANUP_SECONDS:
            return
        self._cleaned = time.monotonic()
        async with transaction(self.maker) as db:
            await delete_dead_devices(db)


async def delete_dead_devices(db: AsyncSession) -> int:
    dead = sa.select(AuthSession.id).where(
        sa.or_(AuthSession.ended_at.is_not(None), AuthSession.expires_at <= utcnow())
    )
    result = await db.execute(
        sa.delete(PushSubscription).where(PushSubscription.session_id.in_(dead))
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def _record(db: AsyncSession, outcomes: Sequence[Outcome], job_ids: list[str]) -> None:
    now = utcnow()
    gone = {o.delivery.subscription_id for o in outcomes if o.gone}
    ok = {o.delivery.subscription_id for o in outcomes if o.ok} - gone
    failed = [o for o in outcomes if not o.ok and not o.gone]
    if gone:
        await db.execute(sa.delete(PushSubscription).where(PushSubscription.id.in_(gone)))
    if ok:
        await db.execute(
            sa.update(PushSubscription)
            .where(PushSubscription.id.in_(ok))
            .values(last_success_at=now, failures=0, last_error="")
        )
    for outcome in failed:
        await db.execute(
            sa.update(PushSubscription)
            .where(PushSubscription.id == outcome.delivery.subscription_id)
            .values(failures=PushSubscription.failures + 1, last_error=outcome.error[:300])
        )
    if failed:
        log.warning(
            "push deliveries failed",
            extra={"failed": len(failed), "sent": len(ok), "error": failed[0].error},
        )
    if job_ids:
        await db.execute(sa.delete(PushJob).where(PushJob.id.in_(job_ids)))
