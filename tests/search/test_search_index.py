"""The index objects: kept in step with messages by the database itself (SQLite triggers,
PostgreSQL expression index), invisible to Alembic autogenerate, and repaired after a
SQLite table rebuild drops the triggers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Base, Chat
from parta.search import index
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.search.helpers import found_ids, send


def _on_connection(server: LiveServer, fn: object) -> object:
    async def _go() -> object:
        async with server.app.state.engine.begin() as conn:
            return await conn.run_sync(fn)

    return server.run(_go())


def test_autogenerate_leaves_the_search_objects_alone(server: LiveServer) -> None:
    def diff(conn: Connection) -> list[str]:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": index.include_object, "compare_type": True}
        )
        return [repr(d) for d in compare_metadata(ctx, Base.metadata)]

    found = _on_connection(server, diff)
    assert isinstance(found, list)
    assert not [d for d in found if "message_search" in d or index.PG_INDEX in d], found


def test_the_index_exists_on_this_backend(server: LiveServer) -> None:
    def names(conn: Connection) -> set[str]:
        if conn.dialect.name == "postgresql":
            q = "SELECT indexname FROM pg_indexes WHERE tablename = 'messages'"
        else:
            q = "SELECT name FROM sqlite_master"
        return set(conn.execute(sa.text(q)).scalars())

    found = _on_connection(server, names)
    assert isinstance(found, set)
    if server.backend == "postgresql":
        assert index.PG_INDEX in found
    else:
        assert {index.FTS_TABLE, index.IDS_TABLE, *index.TRIGGERS} <= found


def test_deleting_a_chat_removes_its_messages_from_the_index(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    r = teacher.post(f"/orgs/{s.org.id}/chats", json={"title": "Временный", "member_ids": []})
    assert r.status_code == 201, r.text
    group = r.json()["id"]
    sent = send(teacher, s.org.id, group, "Черновик расписания олимпиады")
    assert found_ids(teacher, s.org.id, "олимпиада") == [sent["id"]]

    async def drop_chat(db: AsyncSession) -> None:
        await db.execute(sa.delete(Chat).where(Chat.id == group))  # cascades to messages

    server.db(drop_chat)
    assert found_ids(teacher, s.org.id, "олимпиада") == []
    if server.backend == "sqlite":

        async def entries(db: AsyncSession) -> int:
            stmt = sa.text("SELECT count(*) FROM message_search_ids WHERE message_id = :id")
            return int((await db.execute(stmt, {"id": sent["id"]})).scalar_one())

        assert server.db(entries) == 0


def test_lost_sqlite_triggers_are_recreated_and_the_index_rebuilt(server: LiveServer) -> None:
    if server.backend != "sqlite":
        pytest.skip("SQLite only: PostgreSQL's index is part of the table")
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    chat = s.chat_of_kind(teacher, "class")["id"]

    def drop_triggers(conn: Connection) -> None:
        for name in index.TRIGGERS:
            conn.execute(sa.text(f"DROP TRIGGER {name}"))

    _on_connection(server, drop_triggers)
    try:
        unindexed = send(teacher, s.org.id, chat, "Сообщение без индекса про глобус")
        assert found_ids(teacher, s.org.id, "глобус") == []
    finally:
        healed = _on_connection(server, index.heal)
    assert healed is True
    assert found_ids(teacher, s.org.id, "глобусы") == [unindexed["id"]]
    assert _on_connection(server, index.heal) is False
    later = send(teacher, s.org.id, chat, "И ещё один глобус")
    assert found_ids(teacher, s.org.id, "глобус") == [later["id"], unindexed["id"]]
