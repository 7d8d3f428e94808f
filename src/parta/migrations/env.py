"""Alembic environment: runs migrations with the async engine on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from parta.db import make_engine
from parta.models import Base
from parta.search import index as search_index

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=search_index.include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
        # SQLite batch migrations rebuild tables, dropping the search triggers of `messages`.
        search_index.heal(connection)


async def _run_async() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as conn:
        await conn.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `parta migrate`")
asyncio.run(_run_async())
