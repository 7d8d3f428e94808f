"""Endpoints of the roster domain."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["roster"])
