"""Endpoint: presence of people in an organisation."""

from __future__ import annotations

from fastapi import APIRouter, Query

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.errors import Unprocessable
from parta.kit.ids import is_id
from parta.presence import service
from parta.presence.schemas import PresenceOut

router = APIRouter(prefix="/orgs/{org_id}", tags=["presence"])


def _parse_ids(raw: str) -> list[str]:
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids:
        raise Unprocessable("Give at least one account id.", fields={"ids": "empty"})
    if len(ids) > service.MAX_IDS:
        raise Unprocessable(
            f"Ask for at most {service.MAX_IDS} people at once.", fields={"ids": "too many"}
        )
    if not all(is_id(a) for a in ids):
        raise Unprocessable(
            "ids must be account ids separated by commas.", fields={"ids": "malformed"}
        )
    return ids


@router.get("/presence", response_model=PresenceOut)
async def presence(ctx: Ctx, db: DB, ids: str = Query(..., max_length=6000)) -> PresenceOut:
    """Online state and last seen of up to 200 people (`ids=A,B,C`). People who are not
    members of this organisation, and students unless the organisation shows their presence,
    come back as `unknown`. Live changes arrive on the socket as `presence` events."""
    return await service.presence_of(db, ctx, _parse_ids(ids))
