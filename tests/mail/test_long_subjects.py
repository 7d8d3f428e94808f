"""Long Cyrillic subjects arrive whole through a real SMTP server: the words around the
folds keep their spaces (the modern email policy's folding lost them)."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession

from parta.mail.outbox import queue_mail
from tests.builders import unique
from tests.harness import LiveServer, body_of, subject_of

SUBJECTS = [
    "Напоминание: Олимпиада по математике",
    "Изменение: родительское собрание 5А класса переносится на четверг, 18:30, актовый зал",
    "Reminder: the mathematics olympiad for grades 7 to 9 starts tomorrow at nine o'clock",
]


def test_long_subjects_arrive_whole(server: LiveServer) -> None:
    to = f"{unique('subjects')}@example.org"

    async def _queue(db: AsyncSession) -> None:
        for subject in SUBJECTS:
            await queue_mail(db, to, subject, f"Текст письма: {subject}")

    server.db(_queue)
    deadline = time.monotonic() + 20
    while server.mailbox.count(to) < len(SUBJECTS):
        assert time.monotonic() < deadline, "the mail did not arrive"
        time.sleep(0.05)
    got = [m for m in list(server.mailbox.messages) if m["To"] == to]
    assert sorted(subject_of(m) for m in got) == sorted(SUBJECTS)
    assert all(body_of(m).startswith("Текст письма: ") for m in got)
