"""FastAPI dependencies shared by every router: the request's database transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from parta.db import transaction


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's one transaction, committed when the endpoint returns without error."""
    async with transaction(request.app.state.sessionmaker) as session:
        yield session


# scope="function": commit before the response is sent, so a failed commit is the answer.
DB = Annotated[AsyncSession, Depends(get_db, scope="function")]
