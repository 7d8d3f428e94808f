"""The CSV of who has confirmed an important message or answered a permission slip (UTF-8
with BOM and `;` so Excel opens Cyrillic; the same as polls' export). Times are in the
organisation's time zone; names and comments are people's text, so every cell is guarded
against spreadsheet formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.schemas import AcksOut
from parta.acks.service import counted_message, report_of
from parta.acks.tally import tally_one
from parta.auth.deps import OrgContext
from parta.models import Org

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ANSWERS: dict[str | None, str] = {"yes": "Да", "no": "Нет", None: "Нет ответа"}


def _cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


async def acks_csv(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str
) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the report, for the author and the chat's moderators."""
    chat, message = await counted_message(db, ctx, chat_id, message_id)
    t, aud = await tally_one(db, chat, message)
    data = report_of(message, t, aud)
    org = await db.get(Org, ctx.org_id)
    try:
        zone = ZoneInfo(org.timezone if org else "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")

    def when(at: datetime | None) -> str:
        return at.astimezone(zone).strftime("%d.%m.%Y %H:%M") if at else ""

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(_rows(data, message.body, when))
    return f"answers-{message.id}.csv", b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _rows(data: AcksOut, body: str, fmt: Callable[[datetime | None], str]) -> list[list[str]]:
    slip = data.question is not None
    rows = [[_cell(data.question or " ".join(body.split())[:300])]]
    if data.deadline is not None:
        rows.append(["Срок", fmt(data.deadline)])
    if slip:
        rows.append(["Да", str(data.yes), "Нет", str(data.no), "Нет ответа", str(data.no_answer)])
    else:
        rows.append(["Подтвердили", str(data.confirmed), "Всего", str(data.total)])
    rows.append([])
    tail = ["Ответ", "Комментарий"] if slip else ["Подтверждено"]
    if data.by_family:
        rows.append(["Ребёнок", "Родители", *tail, "Кто ответил", "Когда"])
        for f in data.families:
            mark = [_ANSWERS[f.answer] if f.confirmed_at else _ANSWERS[None], _cell(f.comment)]
            rows.append(
                [
                    _cell(f.child_name),
                    _cell(", ".join(f.parents)),
                    *(mark if slip else ["да" if f.confirmed_at else "нет"]),
                    _cell(f.confirmed_by or ""),
                    fmt(f.confirmed_at),
                ]
            )
    else:
        rows.append(["Участник", *tail, "Когда"])
        for p in data.people:
            mark = [_ANSWERS[p.answer] if p.confirmed_at else _ANSWERS[None], _cell(p.comment)]
            rows.append(
                [
                    _cell(p.name),
                    *(mark if slip else ["да" if p.confirmed_at else "нет"]),
                    fmt(p.confirmed_at),
                ]
            )
    return rows
