"""Endpoints of the invitations domain."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["invitations"])
