"""Password hashing with argon2id, off the event loop."""

from __future__ import annotations

from functools import lru_cache

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from parta.config import get_settings
from parta.kit.errors import Unprocessable

MIN_LENGTH = 8
MAX_LENGTH = 256


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    s = get_settings()
    return PasswordHasher(
        time_cost=s.argon2_time_cost,
        memory_cost=s.argon2_memory_kib,
        parallelism=s.argon2_parallelism,
    )


def check_password_rules(password: str, field: str = "password") -> None:
    """Reject passwords that are too short or too long, with a message a person understands."""
    if len(password) < MIN_LENGTH:
        raise Unprocessable(
            f"The password must be at least {MIN_LENGTH} characters long.",
            code="weak_password",
            fields={field: f"at least {MIN_LENGTH} characters"},
        )
    if len(password) > MAX_LENGTH:
        raise Unprocessable(
            "The password is too long.", code="weak_password", fields={field: "too long"}
        )


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher().hash, password)


async def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash still costs one hash (no timing oracle)."""
    if stored_hash is None:
        await hash_password(password)
        return False

    def _verify() -> bool:
        try:
            return _hasher().verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(_verify)
