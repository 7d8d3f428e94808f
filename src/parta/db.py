"""Database engine and the one-transaction-per-request unit of work.

Services flush but never commit. The request dependency commits once, then runs the
callbacks registered with `on_commit` (publishing events, kicking the mail sender), so that
nothing leaves the process for a change that was rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from parta.kit.errors import AppError
from parta.search.index import register_sqlite_functions

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None]]
BeforeCommit = Callable[[AsyncSession], Awaitable[None]]


def make_engine(url: str) -> AsyncEngine:
    """An engine tuned per backend (SQLite: WAL, foreign keys, one writer connection)."""
    if url.startswith("sqlite"):
        # SQLite allows one writer; a single pooled connection avoids "database is locked"
        # upgrade deadlocks between concurrent requests and is fast enough for one school.
        engine = create_async_engine(url, pool_size=1, max_overflow=0, pool_timeout=60)

        @sa.event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
            # The message search triggers call parta_stem() (Russian/English stemming).
            register_sqlite_functions(dbapi_conn)

        return engine
    return create_async_engine(url, pool_size=20, max_overflow=10, pool_pre_ping=True)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def on_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` after this session's transaction commits (never on rollback)."""
    session.info.setdefault("after_commit", []).append(callback)


def on_rollback(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` if this session's transaction rolls back (undo work outside the
    database, e.g. a media room created for a call that was not stored)."""
    session.info.setdefault("after_rollback", []).append(callback)


def before_commit(session: AsyncSession | Any, hook: BeforeCommit) -> None:
    """Run `hook(session)` inside the transaction just before it commits (it may write more).

    Accepts the AsyncSession or its sync Session (ORM event listeners see the latter)."""
    session.info.setdefault("before_commit", []).append(hook)


async def commit_and_run_hooks(session: AsyncSession) -> None:
    while pending := session.info.pop("before_commit", None):
        for prepare in pending:
            await prepare(session)
        await session.flush()
    await session.commit()
    session.info.pop("after_rollback", None)
    hooks: list[AfterCommit] = session.info.pop("after_commit", [])
    for hook in hooks:
        try:
            await hook()
        except Exception:  # a failing hook must not turn a stored change into an error
            log.exception("after-commit hook failed")


@asynccontextmanager
async def transaction(maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction: commit on success, roll back on any exception."""
    async with maker() as session:
        try:
            yield session
        except AppError as exc:
            if exc.commit:
                await commit_and_run_hooks(session)
            else:
                await _rollback(session)
            raise
        except BaseException:
            await _rollback(session)
            raise
        else:
            await commit_and_run_hooks(session)


async def _rollback(session: AsyncSession) -> None:
    await session.rollback()
    for key in ("after_commit", "before_commit"):
        session.info.pop(key, None)
    for hook in session.info.pop("after_rollback", []):
        try:
            await hook()
        except Exception:
            log.exception("after-rollback hook failed")
