"""The history loader reads polls in two queries per page, and none for pages without."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Message
from parta.polls.views import polls_for
from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.messages.test_messaging import send
from tests.polls.helpers import chat_id_of, create, voted


def _count_queries(
    server: LiveServer, chat_id: str, viewer_id: str | None, kinds: tuple[str, ...]
) -> tuple[int, dict[str, Any]]:
    async def go(db: AsyncSession) -> tuple[int, dict[str, Any]]:
        stmt = sa.select(Message).where(Message.chat_id == chat_id, Message.kind.in_(kinds))
        messages = list((await db.execute(stmt)).scalars())
        engine = db.sync_session.get_bind()
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(str(args[2]))

        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            polls = await polls_for(db, messages, viewer_id)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        return len(statements), {k: v.model_dump() for k, v in polls.items()}

    return server.db(go)


def test_two_queries_for_a_page_of_polls_none_without(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher, a = s.teacher.client(server), s.students[0].client(server)
    chat_id = chat_id_of(s, teacher, "class")
    send(teacher, s.org.id, chat_id, "Просто текст")
    polls = [create(teacher, s.org.id, chat_id)["poll"] for _ in range(3)]
    for p in polls:
        voted(a, s.org.id, p["id"], p["options"][1]["id"])
    n, found = _count_queries(server, chat_id, s.students[0].account_id, ("text", "poll"))
    assert n == 2 and len(found) == 3
    assert all(p["options"][1]["mine"] and p["total_voters"] == 1 for p in found.values())
    n, neutral = _count_queries(server, chat_id, None, ("text", "poll"))
    assert n == 2 and not any(o["mine"] for p in neutral.values() for o in p["options"])
    assert _count_queries(server, chat_id, None, ("text",)) == (0, {})
