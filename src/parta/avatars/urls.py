"""The address an avatar is served at (kept import-light: chats and auth use it)."""

from __future__ import annotations

AVATAR_PATH = "/api/v1/avatars/"


def avatar_url(file_id: str | None) -> str | None:
    """`/api/v1/avatars/{file_id}`, or None without an avatar. A new picture is a new file,
    so the address of one picture never changes and browsers may cache it."""
    return f"{AVATAR_PATH}{file_id}" if file_id else None
