"""Endpoints of the operator domain."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["operator"])
