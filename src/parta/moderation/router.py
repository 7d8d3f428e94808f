"""Endpoints of moderation and safeguarding: reports and their handling, silences,
suspensions, the safeguarding settings, administrators' recorded access to chats, and my
blocks. The trust line's endpoints are in parta.moderation.trust.router."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor
from parta.deps import DB
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT
from parta.members.schemas import IdPath
from parta.moderation import access, actions, blocks, reports, settings
from parta.moderation.schemas import (
    AccessHistory,
    ActionIn,
    BlockIn,
    BlockOut,
    ChatAccessIn,
    ChatAccessOut,
    ChatPick,
    CloseIn,
    LiftIn,
    Overview,
    ReportIn,
    ReportOut,
    ReportPage,
    SafeguardingPatch,
    SafeguardingSettings,
    Status,
    SuspensionOut,
)
from parta.moderation.trust.router import router as trust_router

router = APIRouter(tags=["moderation"])
router.include_router(trust_router)
ORG = "/orgs/{org_id}/moderation"

Cursor = Annotated[str | None, Query(max_length=26, description="next_cursor of the last page")]
Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT)]


@router.get(ORG, response_model=Overview)
async def overview(ctx: Ctx, db: DB) -> Overview:
    """What the moderation section shows me: whether I handle reports (I moderate a chat,
    or I am safeguarding staff), answer the trust line, and how much waits for me."""
    return await reports.overview(db, ctx)


@router.get(ORG + "/settings", response_model=SafeguardingSettings)
async def get_settings(ctx: Ctx, db: DB) -> SafeguardingSettings:
    """Designated safeguarding staff (administrators when nobody is), trust-line responders
    and who may write to the trust line (staff; 403 for others)."""
    return await settings.get_settings_for(db, ctx)


@router.put(ORG + "/settings", response_model=SafeguardingSettings)
async def put_settings(
    body: SafeguardingPatch, request: Request, ctx: Ctx, db: DB
) -> SafeguardingSettings:
    """Designate safeguarding staff and trust-line responders by membership id (active,
    verified staff only: 422 `not_verified_staff`), and open the trust line to every member
    (administrators; audited)."""
    return await settings.update(db, ctx, body, ip=client_ip(request))


@router.post(ORG + "/reports", response_model=ReportOut, status_code=201)
async def file_report(
    body: ReportIn, request: Request, response: Response, ctx: Ctx, db: DB
) -> ReportOut:
    """Report a message of a chat I am in (`kind=message`, `chat_id`, `message_id`) or a
    member of the organisation (`kind=person`, `account_id`), with a reason and a comment.

    A snapshot of the message and its context is kept with the report. Reporting the same
    thing again while it is open returns that report (200). 409 `not_reportable` (myself, a
    system message), `message_deleted`; 429 `report_limit` (10 an hour, 30 a day)."""
    out, created = await reports.file_report(db, ctx, body, ip=client_ip(request))
    if not created:
        response.status_code = 200
    return out


@router.get(ORG + "/reports", response_model=ReportPage)
async def queue(
    ctx: Ctx, db: DB, status: Status | None = None, cursor: Cursor = None, limit: Limit = None
) -> ReportPage:
    """The reports I handle, newest first, with the number per status: all of the
    organisation's for safeguarding staff; those of the chats I moderate otherwise (but not
    self-harm concerns, which go to safeguarding staff only); never reports about me."""
    return await reports.queue(db, ctx, status, cursor, limit)


@router.get(ORG + "/reports/mine", response_model=ReportPage)
async def my_reports(
    ctx: Ctx, db: DB, status: Status | None = None, cursor: Cursor = None, limit: Limit = None
) -> ReportPage:
    """The reports I made here, newest first, with their status and outcome."""
    return await reports.mine(db, ctx, status, cursor, limit)


@router.get(ORG + "/reports/{report_id}", response_model=ReportOut)
async def get_report(report_id: IdPath, ctx: Ctx, db: DB) -> ReportOut:
    """A report: for its handlers with the evidence and its context (kept even if the
    message was deleted since), the history and the actions open to them; for its reporter
    with the status, the outcome and the handler's reply. 404 for everyone else."""
    return await reports.get(db, ctx, report_id)


@router.post(ORG + "/reports/{report_id}/actions", response_model=ReportOut)
async def act(report_id: IdPath, body: ActionIn, request: Request, ctx: Ctx, db: DB) -> ReportOut:
    """Act on an open report (its handlers): `delete_message`, `silence` for `minutes` (5
    min to 30 days: the person cannot post in the chat until then), `remove_from_chat`,
    `suspend` (administrators: the person's memberships are suspended until lifted).
    Audited. 403 `not_handler`, `action_not_allowed`; 409 `report_closed`,
    `message_deleted`, `not_in_chat`, `roster_chat`, `chat_owner`, `last_admin`."""
    return await actions.act(db, ctx, report_id, body, ip=client_ip(request))


@router.post(ORG + "/reports/{report_id}/close", response_model=ReportOut)
async def close_report(
    report_id: IdPath, body: CloseIn, request: Request, ctx: Ctx, db: DB
) -> ReportOut:
    """Close with an outcome (`action_taken`, `no_violation`, `referred`), an internal
    `note` (handlers only) and a `reply` the reporter reads. The reporter gets
    `moderation.report`. Audited. 409 `report_closed`."""
    return await reports.close(db, ctx, report_id, body, ip=client_ip(request))


@router.post(ORG + "/silences/{silence_id}/lift", status_code=204)
async def lift_silence(
    silence_id: IdPath, body: LiftIn, request: Request, ctx: Ctx, db: DB
) -> Response:
    """End a silence early (the chat's moderators and safeguarding staff). Audited."""
    await actions.lift_silence(db, ctx, silence_id, body, ip=client_ip(request))
    return Response(status_code=204)


@router.get(ORG + "/suspensions", response_model=list[SuspensionOut])
async def suspensions(ctx: Ctx, db: DB) -> list[SuspensionOut]:
    """Members suspended now (administrators)."""
    return await actions.suspensions(db, ctx)


@router.post(ORG + "/suspensions/{suspension_id}/lift", status_code=204)
async def lift_suspension(
    suspension_id: IdPath, body: LiftIn, request: Request, ctx: Ctx, db: DB
) -> Response:
    """Lift a suspension: the person's memberships are active again (administrators).
    Audited."""
    await actions.lift_suspension(db, ctx, suspension_id, body, ip=client_ip(request))
    return Response(status_code=204)


@router.get(ORG + "/chats", response_model=list[ChatPick])
async def pick_chats(
    ctx: Ctx, db: DB, q: Annotated[str | None, Query(max_length=100)] = None
) -> list[ChatPick]:
    """The organisation's chats with their titles and sizes, to choose one to open with a
    reason (administrators; no content)."""
    return await access.pick(db, ctx, q)


@router.post(ORG + "/chat-access", response_model=ChatAccessOut, status_code=201)
async def open_chat_access(body: ChatAccessIn, request: Request, ctx: Ctx, db: DB) -> ChatAccessOut:
    """Read a chat I am not a member of (administrators): record the reason (at least 10
    characters; 422 `reason_required`) and get read-only access for `hours` (1 to 24). The
    audit log shows who, which chat, why and until when. 409 `member`."""
    return await access.open_access(db, ctx, body, ip=client_ip(request))


@router.get(ORG + "/chat-access", response_model=list[ChatAccessOut])
async def my_chat_access(ctx: Ctx, db: DB) -> list[ChatAccessOut]:
    """My recorded accesses here, newest first (administrators)."""
    return await access.my_access(db, ctx)


@router.get(ORG + "/chat-access/{grant_id}/messages", response_model=AccessHistory)
async def read_chat(
    grant_id: IdPath,
    ctx: Ctx,
    db: DB,
    before_seq: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> AccessHistory:
    """The chat's history, newest page first, through my access while it lasts (410
    `access_ended` afterwards)."""
    return await access.read(db, ctx, grant_id, before_seq=before_seq, limit=limit)


@router.post(ORG + "/chat-access/{grant_id}/end", status_code=204)
async def end_chat_access(grant_id: IdPath, request: Request, ctx: Ctx, db: DB) -> Response:
    """Give my access up before it runs out. Audited."""
    await access.end(db, ctx, grant_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get("/me/blocks", response_model=list[BlockOut])
async def my_blocks(actor: CurrentActor, db: DB) -> list[BlockOut]:
    """The people I blocked, newest first."""
    return await blocks.my_blocks(db, actor)


@router.post("/me/blocks", response_model=BlockOut, status_code=201)
async def block(body: BlockIn, actor: CurrentActor, db: DB) -> BlockOut:
    """Block someone I share an organisation with (404 for anyone else): neither of us can
    open a direct chat, write in our direct chat or call the other directly. Group and
    class chats are not affected. Private: nobody is told."""
    return await blocks.block(db, actor, body.account_id)


@router.delete("/me/blocks/{account_id}", status_code=204)
async def unblock(account_id: IdPath, actor: CurrentActor, db: DB) -> Response:
    """Unblock (nothing happens if the person was not blocked)."""
    await blocks.unblock(db, actor, account_id)
    return Response(status_code=204)
