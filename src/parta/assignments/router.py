"""Endpoints: homework collection ("collect files")."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from parta.assignments import archive, handin, service
from parta.assignments.schemas import (
    AssignmentIn,
    AssignmentOut,
    SubmissionIn,
    SubmissionOut,
    SubmissionsOut,
)
from parta.auth.deps import Ctx
from parta.deps import DB
from parta.files.http import content_disposition
from parta.messages.schemas import MessageOut

router = APIRouter(prefix="/orgs/{org_id}", tags=["assignments"])


@router.post("/chats/{chat_id}/assignments", response_model=MessageOut, status_code=201)
async def create(
    chat_id: str, body: AssignmentIn, ctx: Ctx, db: DB, response: Response
) -> MessageOut:
    """Post a homework task (verified teachers and staff who may post in the chat): a
    message of kind "assignment" whose body is the description. Students hand in privately.
    Retrying with the same `client_id` returns the stored message (200). 403
    `assignment_not_allowed`; 422 `empty_title`, `deadline_passed`, `bad_attachment`."""
    message, created = await service.create_assignment(db, ctx, chat_id, body)
    if not created:
        response.status_code = 200
    return message


@router.get("/assignments/{assignment_id}/submissions", response_model=SubmissionsOut)
async def submissions(assignment_id: str, ctx: Ctx, db: DB) -> SubmissionsOut:
    """Every expected student with their hand-in or none (the author and the chat's
    moderators; 403 `not_assignment_author` for other members)."""
    return await service.submissions(db, ctx, assignment_id)


@router.get("/assignments/{assignment_id}/submission", response_model=SubmissionOut)
async def my_submission(assignment_id: str, ctx: Ctx, db: DB) -> SubmissionOut:
    """What I handed in; 404 when nothing yet."""
    return await handin.my_submission(db, ctx, assignment_id)


@router.put("/assignments/{assignment_id}/submission", response_model=SubmissionOut)
async def hand_in(assignment_id: str, body: SubmissionIn, ctx: Ctx, db: DB) -> SubmissionOut:
    """Hand in or replace my hand-in (students of the chat). Upload the files first with the
    chat's uploads endpoint; the hand-in's files become exactly `attachment_ids`. After the
    deadline it is taken and marked late; 409 `assignment_closed` once closed; 403
    `not_a_student`; 422 `bad_attachment`, `empty_submission`."""
    return await handin.hand_in(db, ctx, assignment_id, body)


@router.delete("/assignments/{assignment_id}/submission", status_code=204)
async def withdraw(assignment_id: str, ctx: Ctx, db: DB) -> Response:
    """Withdraw my hand-in and its files (before the task is closed)."""
    await handin.withdraw(db, ctx, assignment_id)
    return Response(status_code=204)


@router.post("/assignments/{assignment_id}/close", response_model=AssignmentOut)
async def close(assignment_id: str, ctx: Ctx, db: DB) -> AssignmentOut:
    """Stop taking hand-ins (the author). The chat gets `assignment.closed`."""
    return await service.close_assignment(db, ctx, assignment_id)


@router.get(
    "/assignments/{assignment_id}/archive.zip",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
async def download_archive(assignment_id: str, ctx: Ctx, db: DB) -> StreamingResponse:
    """All hand-ins as one zip: a folder per student (their name) with their files and
    comment (the author; 403 `not_assignment_author` for others in the chat)."""
    contents = await archive.collect(db, ctx, assignment_id)
    path = await archive.build_zip(contents)
    chunks, size = await archive.stream_file_once(path)
    return StreamingResponse(
        chunks,
        media_type="application/zip",
        headers={
            "Content-Length": str(size),
            "Content-Disposition": content_disposition(contents.name, "application/zip"),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
