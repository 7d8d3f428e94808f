"""Endpoints: create a poll, vote, add an option, close, export the results."""

from __future__ import annotations

from fastapi import APIRouter, Response

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.messages.schemas import MessageOut
from parta.polls import export, service
from parta.polls.schemas import OptionIn, PollIn, PollOut, VoteIn

router = APIRouter(prefix="/orgs/{org_id}", tags=["polls"])


@router.post("/chats/{chat_id}/polls", response_model=MessageOut, status_code=201)
async def create(chat_id: str, body: PollIn, ctx: Ctx, db: DB, response: Response) -> MessageOut:
    """Post a poll (a message of kind "poll"): 2–10 distinct options, single or multiple
    choice, anonymous (default) or public, optional deadline, quiz, voters adding options.
    Retrying with the same `client_id` returns the stored message (200)."""
    message, created = await service.create_poll(db, ctx, chat_id, body)
    if not created:
        response.status_code = 200
    return message


@router.put("/polls/{poll_id}/vote", response_model=PollOut)
async def vote(poll_id: str, body: VoteIn, ctx: Ctx, db: DB) -> PollOut:
    """Set my choice while the poll is open (`[]` takes my vote back; a quiz answer is final).
    Returns the poll as I see it."""
    return await service.vote(db, ctx, poll_id, body.option_ids)


@router.post("/polls/{poll_id}/options", response_model=PollOut)
async def add_option(poll_id: str, body: OptionIn, ctx: Ctx, db: DB) -> PollOut:
    """Add an option (polls that allow it; at most 10 options in all)."""
    return await service.add_option(db, ctx, poll_id, body.text)


@router.post("/polls/{poll_id}/close", response_model=PollOut)
async def close(poll_id: str, ctx: Ctx, db: DB) -> PollOut:
    """Close the poll early (its author or a chat moderator)."""
    return await service.close_poll(db, ctx, poll_id)


@router.get(
    "/polls/{poll_id}/results.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The results, for Excel"}},
)
async def results_csv(poll_id: str, ctx: Ctx, db: DB) -> Response:
    """The results as a `;`-separated UTF-8 CSV with BOM (the poll's author only). Public
    polls: one row per voter with a `1` under each option chosen; anonymous polls: the
    number of votes per option only."""
    filename, data = await export.results_csv(db, ctx, poll_id)
    return Response(
        content=data,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
