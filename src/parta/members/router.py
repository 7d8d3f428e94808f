"""Endpoints of the members domain."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["members"])
