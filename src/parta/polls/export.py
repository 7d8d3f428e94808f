"""The author's CSV of a poll's results (UTF-8 with BOM and `;` so Excel opens Cyrillic).

Public polls: one row per voter with a mark under each option they chose. Anonymous polls:
counts per option only — the export never learns who voted, so it cannot leak it.
"""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.models import Account, Poll, PollOption, PollVote
from parta.polls.service import poll_of_author

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


async def results_csv(db: AsyncSession, ctx: OrgContext, poll_id: str) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the poll's results, for its author only."""
    poll = await poll_of_author(db, ctx, poll_id)
    stmt = sa.select(PollOption).where(PollOption.poll_id == poll.id).order_by(PollOption.position)
    options = list((await db.execute(stmt)).scalars())
    rows = await (_counts if poll.anonymous else _voters)(db, poll, options)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_cell(poll.question)])
    writer.writerows(rows)
    return f"poll-{poll.id}.csv", b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


async def _counts(db: AsyncSession, poll: Poll, options: list[PollOption]) -> list[list[str]]:
    stmt = (
        sa.select(PollVote.option_id, sa.func.count())
        .where(PollVote.poll_id == poll.id)
        .group_by(PollVote.option_id)
    )
    counts = {o: int(n) for o, n in (await db.execute(stmt)).all()}
    total = await db.scalar(
        sa.select(sa.func.count(sa.distinct(PollVote.account_id))).where(
            PollVote.poll_id == poll.id
        )
    )
    rows = [["Вариант", "Голосов"]]
    rows += [[_cell(o.text), str(counts.get(o.id, 0))] for o in options]
    rows.append(["Проголосовало", str(int(total or 0))])
    return rows


async def _voters(db: AsyncSession, poll: Poll, options: list[PollOption]) -> list[list[str]]:
    stmt = (
        sa.select(PollVote.account_id, Account.display_name, PollVote.option_id)
        .join(Account, Account.id == PollVote.account_id)
        .where(PollVote.poll_id == poll.id)
        .order_by(Account.display_name, PollVote.account_id)
    )
    chosen: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for account_id, name, option_id in (await db.execute(stmt)).all():
        names[account_id] = name
        chosen.setdefault(account_id, set()).add(option_id)
    head = ["Участник", *(_cell(o.text) for o in options)]
    if poll.quiz:
        head.append("Верно")
    rows = [head]
    for account_id, name in names.items():
        row = [_cell(name), *("1" if o.id in chosen[account_id] else "" for o in options)]
        if poll.quiz:
            row.append("да" if poll.correct_option_id in chosen[account_id] else "нет")
        rows.append(row)
    return rows
