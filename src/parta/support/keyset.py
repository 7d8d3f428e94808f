"""Pages ordered by a time and then the id (latest activity first), with an opaque cursor.

Ids alone cannot page a list ordered by last activity: a request answered today sorts before
one opened yesterday. The cursor carries both the time and the id of the last row shown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from parta.kit.errors import Unprocessable
from parta.kit.ids import is_id

MAX_CURSOR = 48
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def make_cursor(at: datetime, row_id: str) -> str:
    micros = (at - _EPOCH) // _MICRO  # exact: no float rounding
    return f"{micros}.{row_id}"


def _bad_cursor() -> Unprocessable:
    return Unprocessable("The page cursor is not valid.", code="bad_cursor")


def parse_cursor(cursor: str) -> tuple[datetime, str]:
    """(time, id) of a cursor; 422 `bad_cursor` for anything else."""
    micros, _, row_id = cursor.partition(".")
    if not micros.isdigit() or len(micros) > 17 or not is_id(row_id):
        raise _bad_cursor()
    try:
        at = _EPOCH + int(micros) * _MICRO
    except (OverflowError, ValueError, OSError):
        raise _bad_cursor() from None
    return at, row_id


def before(time_col: Any, id_col: Any, cursor: str) -> sa.ColumnElement[bool]:
    """Rows after the cursor's row in (time desc, id desc) order."""
    at, row_id = parse_cursor(cursor)
    return sa.or_(time_col < at, sa.and_(time_col == at, id_col < row_id))
