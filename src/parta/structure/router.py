"""Endpoints of the structure domain."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["structure"])
