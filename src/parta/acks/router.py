"""Endpoints: confirming important messages and answering permission slips, who has
confirmed or answered (also as CSV), reminders."""

from __future__ import annotations

from fastapi import APIRouter, Response

from parta.acks import export, service
from parta.acks.schemas import AckOut, AcksOut, AnswerIn, RemindOut
from parta.auth.deps import Ctx
from parta.deps import DB

router = APIRouter(prefix="/orgs/{org_id}/chats/{chat_id}/messages/{message_id}", tags=["acks"])


@router.post("/ack", response_model=AckOut)
async def confirm(
    chat_id: str, message_id: str, ctx: Ctx, db: DB, body: AnswerIn | None = None
) -> AckOut:
    """Confirm an important message (recipients; no body; doing it again changes nothing),
    or answer a permission slip with `{answer: "yes"|"no", comment}` (changeable until the
    deadline, then 409 `slip_closed`; in a parents' chat the answer is the family's). 409
    `own_message` for its author, `ack_not_required` for a message that does not ask; 422
    `answer_required` / `not_a_slip` when the body does not fit the message."""
    return await service.confirm(db, ctx, chat_id, message_id, body)


@router.get("/acks", response_model=AcksOut)
async def acks(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> AcksOut:
    """Who has confirmed or answered and who has not; in a class's parents' chat also by
    family (a child's parents count once). The author and the chat's moderators (403
    otherwise)."""
    return await service.report(db, ctx, chat_id, message_id)


@router.get(
    "/acks.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The report, for Excel"}},
)
async def acks_csv(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> Response:
    """The report as a `;`-separated UTF-8 CSV with BOM: per family (parents' chats) or per
    person, the answer, comment, who answered and when. The author and the chat's
    moderators."""
    filename, data = await export.acks_csv(db, ctx, chat_id, message_id)
    return Response(
        content=data,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/acks/remind", response_model=RemindOut)
async def remind(chat_id: str, message_id: str, ctx: Ctx, db: DB) -> RemindOut:
    """Send `ack.reminder` to everyone who has not confirmed or answered (the author; once an
    hour, 429 `remind_too_soon` with Retry-After; 409 `slip_closed` after a slip's
    deadline)."""
    return await service.remind(db, ctx, chat_id, message_id)
