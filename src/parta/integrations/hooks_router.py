"""The public endpoint of incoming webhooks: whoever holds the secret URL may post."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from parta.deps import DB
from parta.integrations import incoming
from parta.integrations.schemas import HookMessageIn, HookMessageOut

router = APIRouter(tags=["integrations"])


async def _read_capped(request: Request) -> bytes:
    """The body, refusing (413) more than the cap without reading it all into memory."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > incoming.MAX_BODY_BYTES:
        raise incoming.too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > incoming.MAX_BODY_BYTES:
            raise incoming.too_large()
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/hooks/{token}",
    response_model=HookMessageOut,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": HookMessageIn.model_json_schema()}},
        }
    },
)
async def post_to_hook(token: str, request: Request, db: DB, response: Response) -> HookMessageOut:
    """Post a Markdown message into the webhook's chat: `{"text": "…"}` (at most 20 000
    characters; the body at most 64 KiB), optionally with a `client_id` so that a retry
    returns the same message (200). 404 for unknown or deleted webhooks, 415 for non-JSON,
    400 for malformed JSON, 422 for invalid fields, 413 for large bodies, 429 when posting
    faster than 30 messages a minute."""
    raw = await _read_capped(request)
    out, created = await incoming.receive(db, token, raw, request.headers.get("content-type", ""))
    if not created:
        response.status_code = 200
    return out
