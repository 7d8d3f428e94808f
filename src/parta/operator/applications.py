"""Organisation applications: submitted by anyone, reviewed by a platform operator.

Only an approval creates an organisation; the applicant becomes its administrator.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from parta.audit.service import record as audit
from parta.auth import throttle
from parta.auth.accounts import create_account, find_by_email
from parta.auth.codes import issue_code
from parta.auth.deps import Actor
from parta.auth.roles import OrgRole
from parta.config import get_settings
from parta.files.service import DOCUMENT_TYPES, store_upload
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, not_found
from parta.kit.pagination import Page, clamp_limit
from parta.mail.outbox import queue_mail
from parta.members.service import active_membership, add_membership
from parta.models import Account, Org, OrgApplication, StoredFile
from parta.operator import repository as repo
from parta.operator import texts
from parta.operator.console import application_detail
from parta.operator.policy import can_review
from parta.operator.schemas import ApplicationDetail, ApplicationForm, ApplicationItem
from parta.orgs.service import create_org

SUBMISSIONS_PER_HOUR = 5
SET_PASSWORD_DAYS = 7


def _base_url() -> str:
    return get_settings().public_base_url.rstrip("/")


async def submit_application(
    db: AsyncSession, form: ApplicationForm, document: UploadFile, *, ip: str
) -> OrgApplication:
    """Store the application and its document; tell the applicant and every operator."""
    key = "application:ip:" + ip
    await throttle.ensure_below(
        db,
        key,
        SUBMISSIONS_PER_HOUR,
        timedelta(hours=1),
        "Too many applications were sent from your network. Please try again in an hour.",
    )
    stored = await store_upload(
        db,
        document,
        org_id=None,
        uploaded_by=None,
        max_bytes=get_settings().application_document_max_bytes,
        allowed=DOCUMENT_TYPES,
    )
    application = OrgApplication(
        org_name=form.org_name,
        kind=form.kind,
        region=form.region,
        address=form.address,
        inn=form.inn,
        admin_full_name=form.admin_full_name,
        admin_phone=form.admin_phone,
        admin_email=form.admin_email,
        questionnaire=dict(form.questionnaire),
        document_id=stored.id,
        ip=ip,
    )
    db.add(application)
    await db.flush()
    await throttle.record(db, key)
    await audit(
        db,
        "application.submitted",
        target_type="application",
        target_id=application.id,
        ip=ip,
        data={"org_name": form.org_name, "inn": form.inn},
    )
    subject, body = texts.application_received(
        "ru", name=form.admin_full_name, org_name=form.org_name, application_id=application.id
    )
    await queue_mail(db, form.admin_email, subject, body)
    console_url = f"{_base_url()}/operator/applications/{application.id}"
    for email, lang in await repo.operator_recipients(db):
        subject, body = texts.new_application(
            lang, org_name=form.org_name, inn=form.inn, region=form.region, console_url=console_url
        )
        await queue_mail(db, email, subject, body)
    return application


async def list_applications(
    db: AsyncSession, status: str, *, cursor: str | None, limit: int | None
) -> Page[ApplicationItem]:
    n = clamp_limit(limit)
    rows = await repo.list_applications(db, status, after=cursor, limit=n + 1)
    items = [ApplicationItem.model_validate(r) for r in rows[:n]]
    return Page(items=items, next_cursor=items[-1].id if len(rows) > n else None)


async def _detail(db: AsyncSession, application: OrgApplication) -> ApplicationDetail:
    return application_detail(application, await db.get(StoredFile, application.document_id))


async def get_application(db: AsyncSession, application_id: str) -> ApplicationDetail:
    application = await repo.get_application(db, application_id)
    if application is None:
        raise not_found("application")
    return await _detail(db, application)


async def get_document(db: AsyncSession, application_id: str) -> StoredFile:
    application = await repo.get_application(db, application_id)
    document = await db.get(StoredFile, application.document_id) if application else None
    if document is None:
        raise not_found("application")
    return document


async def _reviewable(db: AsyncSession, actor: Actor, application_id: str) -> OrgApplication:
    application = await repo.get_application(db, application_id, for_update=True)
    if application is None:
        raise not_found("application")
    if not can_review(actor, application):
        raise Conflict(
            f"This application has already been {application.status}.",
            code="application_not_pending",
        )
    return application


async def _make_admin(
    db: AsyncSession, application: OrgApplication, org: Org, operator_id: str
) -> tuple[Account, tuple[str, str]]:
    """The applicant as the organisation's administrator, and the mail telling them so."""
    account = await find_by_email(db, application.admin_email)
    if account is not None:
        if not await active_membership(db, org.id, account.id, OrgRole.ADMIN):
            await add_membership(
                db, org_id=org.id, account=account, role=OrgRole.ADMIN, verified_by=operator_id
            )
        return account, texts.approved_existing_account(
            account.language,
            name=account.display_name,
            org_name=org.name,
            email=application.admin_email,
            sign_in_url=_base_url() + "/",
        )
    # A phone already used by someone else must not block the school's approval.
    phone = None if await repo.phone_taken(db, application.admin_phone) else application.admin_phone
    account = await create_account(
        db,
        display_name=application.admin_full_name,
        password=None,
        email=application.admin_email,
        phone=phone,
        email_verified=True,
    )
    await add_membership(
        db, org_id=org.id, account=account, role=OrgRole.ADMIN, verified_by=operator_id
    )
    _, code = await issue_code(
        db,
        "password_reset",
        application.admin_email,
        account_id=account.id,
        ttl=timedelta(days=SET_PASSWORD_DAYS),
    )
    link = f"{_base_url()}/reset-password?" + urlencode(
        {"email": application.admin_email, "code": code}
    )
    return account, texts.approved_set_password(
        account.language,
        name=account.display_name,
        org_name=org.name,
        email=application.admin_email,
        code=code,
        link=link,
        days=SET_PASSWORD_DAYS,
    )


async def approve(
    db: AsyncSession, actor: Actor, application_id: str, *, ip: str
) -> ApplicationDetail:
    """Create the organisation and make the applicant its administrator; 409 unless pending."""
    application = await _reviewable(db, actor, application_id)
    org = await create_org(
        db,
        name=application.org_name,
        kind=application.kind,
        region=application.region,
        address=application.address,
        inn=application.inn,
    )
    account, (subject, body) = await _make_admin(db, application, org, actor.id)
    application.status = "approved"
    application.org_id = org.id
    application.reviewed_by = actor.id
    application.reviewed_at = utcnow()
    await db.flush()
    await audit(
        db,
        "application.approved",
        actor_id=actor.id,
        target_type="application",
        target_id=application.id,
        ip=ip,
        data={"org_id": org.id, "admin_account_id": account.id},
    )
    await audit(
        db,
        "org.created",
        org_id=org.id,
        actor_id=actor.id,
        target_type="org",
        target_id=org.id,
        ip=ip,
        data={"application_id": application.id, "admin_account_id": account.id},
    )
    await queue_mail(db, application.admin_email, subject, body)
    return await _detail(db, application)


async def reject(
    db: AsyncSession, actor: Actor, application_id: str, reason: str, *, ip: str
) -> ApplicationDetail:
    """Decline the application and tell the applicant why; 409 unless pending."""
    application = await _reviewable(db, actor, application_id)
    application.status = "rejected"
    application.reject_reason = reason
    application.reviewed_by = actor.id
    application.reviewed_at = utcnow()
    await db.flush()
    await audit(
        db,
        "application.rejected",
        actor_id=actor.id,
        target_type="application",
        target_id=application.id,
        ip=ip,
        data={"reason": reason[:500]},
    )
    subject, body = texts.rejected(
        "ru", name=application.admin_full_name, org_name=application.org_name, reason=reason
    )
    await queue_mail(db, application.admin_email, subject, body)
    return await _detail(db, application)
