"""Endpoints of the orgs domain: the organisation's profile and settings."""

from __future__ import annotations

from fastapi import APIRouter, Request

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.http import client_ip
from parta.orgs import service
from parta.orgs.schemas import OrgOut, OrgPatch

router = APIRouter(tags=["orgs"])


@router.get("/orgs/{org_id}", response_model=OrgOut)
async def get_org(ctx: Ctx, db: DB) -> OrgOut:
    """The organisation's profile and settings, with the caller's own roles in it."""
    return await service.profile(db, ctx)


@router.patch("/orgs/{org_id}", response_model=OrgOut)
async def update_org(body: OrgPatch, request: Request, ctx: Ctx, db: DB) -> OrgOut:
    """Change the name, address, time zone or settings (administrators).

    `settings.primary_grades` are distinct grades within 1..max_grade; `settings.max_grade`
    is 9..12 and cannot drop below a grade that still has classes. `settings.file_max_mb`
    (1..2048) and `settings.storage_quota_mb` limit uploads per file and in total.
    """
    return await service.update_org(db, ctx, body, ip=client_ip(request))
