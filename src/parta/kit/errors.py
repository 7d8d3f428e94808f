"""Errors are data: every failure a client can cause is an AppError with a status and a code."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An error answered as `{"error": {"code", "message", "fields"}}` with `status`."""

    status: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.fields = fields
        self.headers = headers
        self.commit = False

    def keeping_changes(self) -> AppError:
        """Commit the transaction even though the request fails (e.g. a counted failed sign-in)."""
        self.commit = True
        return self

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class BadRequest(AppError):
    status = 400
    code = "bad_request"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    status = 409
    code = "conflict"


class Gone(AppError):
    status = 410
    code = "gone"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"


class Unprocessable(AppError):
    status = 422
    code = "invalid"


class TooManyRequests(AppError):
    status = 429
    code = "too_many_requests"


class ServiceUnavailable(AppError):
    status = 503
    code = "unavailable"


def not_found(what: str = "object") -> NotFound:
    """The one 404 for anything the actor may not see (never reveal it exists elsewhere)."""
    return NotFound(f"The {what} does not exist or is not visible to you.")
