"""Endpoints of personal data: my consents, archives and deletion (and my minor children's),
the organisation's rules, and administrators' erasure requests."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor
from parta.deps import DB
from parta.kit.http import client_ip
from parta.privacy import consents, deletion, exports
from parta.privacy import settings as org_rules
from parta.privacy.overview import overview
from parta.privacy.schemas import (
    ConsentIn,
    ConsentOut,
    DeletionIn,
    DeletionOut,
    ExportOut,
    MemberDeletionIn,
    OrgDeletionOut,
    PrivacyOverview,
    PrivacySettings,
    PrivacySettingsPatch,
    WithdrawOut,
)

router = APIRouter(tags=["privacy"])
SUBJECT = "/me/privacy/subjects/{account_id}"
ORG = "/orgs/{org_id}/privacy"


@router.get("/me/privacy", response_model=PrivacyOverview)
async def my_privacy(actor: CurrentActor, db: DB) -> PrivacyOverview:
    """My data and my minor children's: consents (and those still missing), scheduled
    deletion, archives. A child is listed when a confirmed parent link joins us in an
    organisation where the child is under its consent age."""
    return await overview(db, actor)


@router.post(f"{SUBJECT}/consents", response_model=ConsentOut, status_code=201)
async def give_consent(
    account_id: str, body: ConsentIn, request: Request, actor: CurrentActor, db: DB
) -> ConsentOut:
    """Consent to the current policy for an organisation of mine, or (a parent) of my minor
    child; it cancels the child's scheduled deletion. 404 for anyone else; 403
    `guardian_required` for a minor; 422 `consent_required`; 409 `policy_changed`."""
    return await consents.give_consent(db, actor, account_id, body, ip=client_ip(request))


@router.post(f"{SUBJECT}/consents/{{consent_id}}/withdraw", response_model=WithdrawOut)
async def withdraw_consent(
    account_id: str, consent_id: str, request: Request, actor: CurrentActor, db: DB
) -> WithdrawOut:
    """Withdraw a consent. With other organisations the person leaves only this one;
    otherwise the account is switched off at once (sessions end) and erased after the grace
    period. 403 `guardian_required` for a minor; 409 `already_withdrawn`, `last_admin`."""
    return await consents.withdraw(db, actor, account_id, consent_id, ip=client_ip(request))


@router.post(f"{SUBJECT}/exports", response_model=ExportOut, status_code=202)
async def request_export(
    account_id: str, request: Request, actor: CurrentActor, db: DB
) -> ExportOut:
    """Ask for an archive of the data; it is built in the background and mailed about when
    ready. 409 `export_in_progress`; 429 `export_too_soon` (one a day)."""
    return await exports.request_export(
        db, actor, account_id, request.app.state.sessionmaker, ip=client_ip(request)
    )


@router.post(f"{SUBJECT}/deletion", response_model=DeletionOut, status_code=202)
async def request_deletion(
    account_id: str, body: DeletionIn, request: Request, actor: CurrentActor, db: DB
) -> DeletionOut:
    """Delete the account: switched off at once, erased after the grace period. Needs my
    password (400 `wrong_password`) and `confirm: true` (422 `confirm_required`); 403
    `guardian_required` for a minor; 409 `last_admin`."""
    return await deletion.request_deletion(db, actor, account_id, body, ip=client_ip(request))


@router.delete(f"{SUBJECT}/deletion", status_code=204)
async def cancel_deletion(
    account_id: str, request: Request, actor: CurrentActor, db: DB
) -> Response:
    """A parent cancels their minor child's scheduled deletion (the account works again).
    404 when nothing is scheduled."""
    await deletion.cancel_for_child(db, actor, account_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get(
    "/privacy/exports/{export_id}",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
async def download_export(
    export_id: str,
    actor: CurrentActor,
    db: DB,
    exp: str = Query("", max_length=12),
    sig: str = Query("", max_length=64),
) -> Response:
    """The archive by its signed link, for the person or their parent only. 403
    `bad_signature`; 410 `link_expired`; 404 when not theirs or no longer kept."""
    return await exports.download(db, actor, export_id, exp=exp, sig=sig)


@router.get(f"{ORG}/settings", response_model=PrivacySettings)
async def get_rules(ctx: Ctx) -> PrivacySettings:
    """The organisation's personal data rules (every member may read them)."""
    return org_rules.get_settings_for(ctx)


@router.patch(f"{ORG}/settings", response_model=PrivacySettings)
async def update_rules(
    body: PrivacySettingsPatch, request: Request, ctx: Ctx, db: DB
) -> PrivacySettings:
    """Change the rules (administrators): consent age (0..18), retention of messages and
    of files in months (1..120; 0 turns it off), what a finished class's archive keeps
    (`all`, `announcements`, `nothing`), whether administrators may erase accounts."""
    return await org_rules.update_settings(db, ctx, body, ip=client_ip(request))


@router.get(f"{ORG}/deletions", response_model=list[OrgDeletionOut])
async def org_deletions(ctx: Ctx, db: DB) -> list[OrgDeletionOut]:
    """Deletions of the organisation's members' accounts (administrators)."""
    return await deletion.org_deletions(db, ctx)


@router.post(f"{ORG}/deletions", response_model=OrgDeletionOut, status_code=202)
async def request_member_deletion(
    body: MemberDeletionIn, request: Request, ctx: Ctx, db: DB
) -> OrgDeletionOut:
    """Ask to erase a member's account (administrators, if the organisation's rules allow:
    403 `erasure_not_allowed`; never an administrator, `target_is_admin`; only people of
    this organisation alone, `member_of_other_orgs`). Erased after the grace period."""
    return await deletion.request_for_member(db, ctx, body, ip=client_ip(request))


@router.post(f"{ORG}/deletions/{{deletion_id}}/cancel", response_model=OrgDeletionOut)
async def cancel_member_deletion(
    deletion_id: str, request: Request, ctx: Ctx, db: DB
) -> OrgDeletionOut:
    """Cancel a member's scheduled deletion (administrators); the account works again.
    409 `deletion_not_scheduled`."""
    return await deletion.cancel_for_org(db, ctx, deletion_id, ip=client_ip(request))
