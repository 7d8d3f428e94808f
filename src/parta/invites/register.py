"""Registering a new account through an invitation, including the primary-grade path.

Primary-grade students do not give their own e-mail: a parent's e-mail receives a code with
the consent text, and nothing is created until the parent's code comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth import throttle
from parta.auth.accounts import create_account, normalize_email, normalize_username
from parta.auth.codes import consume_code, issue_code, limit_requests
from parta.auth.passwords import check_password_rules, hash_password
from parta.auth.signin import open_session
from parta.auth.tokens import NewSession
from parta.config import get_settings
from parta.invites import repository as repo
from parta.invites.joining import (
    Joined,
    apply_invitation,
    record_consent,
    require_consent,
    require_current_policy,
)
from parta.invites.landing import Target, resolve
from parta.invites.links import invitation_url
from parta.invites.manage import PARENT_INVITE_DAYS, live_parent_invitation
from parta.invites.schemas import Register, RegisterConfirm, RegistrationPending
from parta.invites.texts import guardian_code_mail, parent_invitation_mail, verify_email_mail
from parta.kit.errors import BadRequest, Conflict, Unprocessable
from parta.mail.outbox import queue_mail
from parta.models import Account, OneTimeCode

REGISTRATION_HOURS = 24


@dataclass
class Registration:
    account: Account
    session: NewSession
    joined: Joined


async def _limit_registrations(db: AsyncSession, ip: str) -> None:
    """An open link must not become a way to mass-create accounts from one network."""
    key = "register:ip:" + ip
    await throttle.ensure_below(
        db,
        key,
        get_settings().registrations_per_hour,
        timedelta(hours=1),
        "Too many accounts were created from your network. Please try again later.",
    )
    await throttle.record(db, key)


def mask_email(email: str) -> str:
    """p***@example.org: enough to recognise one's own address, not to learn someone else's."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


async def register(
    db: AsyncSession, token: str, body: Register, *, ip: str, user_agent: str
) -> Registration | RegistrationPending:
    """Create an account and join; or, for a primary-grade student, ask the parent first."""
    target = await resolve(db, token)
    await _limit_registrations(db, ip)
    require_consent(body.consent)
    require_current_policy(body.policy_version)
    if target.primary_grade:
        return await _ask_guardian(db, target, body, ip=ip)
    if not body.email and not body.phone:
        raise Unprocessable(
            "Please give an e-mail address or a phone number to sign in with.",
            code="contact_required",
            fields={"email": "required", "phone": "required"},
        )
    account = await create_account(
        db,
        display_name=body.display_name,
        password=body.password,
        email=body.email,
        phone=body.phone,
        username=body.username,
        language=body.language,
    )
    joined = await apply_invitation(db, target, account, ip=ip)
    await record_consent(db, account.id, target.org.id, ip=ip, invitation_id=target.invitation.id)
    await audit(
        db,
        "account.registered",
        org_id=target.org.id,
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"invitation_id": target.invitation.id},
    )
    if account.email:
        minutes = get_settings().code_minutes
        _, code = await issue_code(db, "verify_email", account.email, account_id=account.id)
        mail = verify_email_mail(
            account.language, name=account.display_name, code=code, minutes=minutes
        )
        await queue_mail(db, account.email, mail.subject, mail.body)
    login = account.email or account.phone or account.username or ""
    new = await open_session(
        db, account, login=login, ip=ip, user_agent=user_agent, how="registration"
    )
    return Registration(account=account, session=new, joined=joined)


async def _ask_guardian(
    db: AsyncSession, target: Target, body: Register, *, ip: str
) -> RegistrationPending:
    if body.email or body.phone:
        raise Unprocessable(
            "Young students register with a parent's e-mail and a login, not their own contacts.",
            code="use_parent_email",
            fields={"parent_email": "required"},
        )
    if not body.parent_email:
        raise Unprocessable(
            "Please give a parent's e-mail address: the parent confirms the registration.",
            code="parent_email_required",
            fields={"parent_email": "required"},
        )
    if not body.username:
        raise Unprocessable(
            "Please choose a login.", code="username_required", fields={"username": "required"}
        )
    name = " ".join(body.display_name.split())[:120]
    if not name:
        raise Unprocessable("Please enter a name.", fields={"display_name": "required"})
    parent_email = normalize_email(body.parent_email, "parent_email")
    username = normalize_username(body.username)
    if await repo.username_taken(db, username):
        raise Conflict(
            "This login is already taken. Choose another one.",
            code="username_taken",
            fields={"username": "taken"},
        )
    check_password_rules(body.password)
    await limit_requests(db, parent_email, ip)
    payload: dict[str, object] = {
        "invitation_id": target.invitation.id,
        "display_name": name,
        "username": username,
        "password_hash": await hash_password(body.password),
        "language": body.language,
        "policy_version": body.policy_version,
    }
    row, code = await _issue_keeping_siblings(db, parent_email, payload)
    mail = guardian_code_mail(
        body.language,
        child_name=name,
        org_name=target.org.name,
        class_label=target.school_class.label if target.school_class else "",
        code=code,
        hours=REGISTRATION_HOURS,
    )
    await queue_mail(db, parent_email, mail.subject, mail.body)
    await audit(
        db,
        "registration.requested",
        org_id=target.org.id,
        target_type="invitation",
        target_id=target.invitation.id,
        ip=ip,
        data={"registration_id": row.id},
    )
    return RegistrationPending(
        registration_id=row.id, code_sent_to=mask_email(parent_email), expires_at=row.expires_at
    )


async def _issue_keeping_siblings(
    db: AsyncSession, email: str, payload: dict[str, object]
) -> tuple[OneTimeCode, str]:
    """Issue a registration code without cancelling a sibling's registration in progress."""
    return await issue_code(
        db,
        "registration",
        email,
        payload=payload,
        ttl=timedelta(hours=REGISTRATION_HOURS),
        supersede=False,
    )


async def confirm(
    db: AsyncSession, token: str, body: RegisterConfirm, *, ip: str, user_agent: str
) -> Registration:
    """The parent's code came back: create the child's account, join, invite the parent."""
    target = await resolve(db, token)
    require_consent(body.consent)
    pending = await db.get(OneTimeCode, body.registration_id)
    payload = pending.payload if pending is not None else None
    if (
        pending is None
        or pending.purpose != "registration"
        or payload is None
        or payload.get("invitation_id") != target.invitation.id
    ):
        raise BadRequest(
            "The code is wrong or has expired. Request a new one.", code="invalid_code"
        )
    row = await consume_code(db, "registration", pending.email, body.code, code_id=pending.id)
    require_current_policy(str(payload.get("policy_version")))
    guardian_email = row.email
    account = await create_account(
        db,
        display_name=str(payload["display_name"]),
        password=None,
        username=str(payload["username"]),
        language=str(payload.get("language", "ru")),
    )
    account.password_hash = str(payload["password_hash"])
    account.guardian_email = guardian_email
    joined = await apply_invitation(db, target, account, ip=ip)
    await record_consent(
        db,
        account.id,
        target.org.id,
        ip=ip,
        given_by="guardian",
        guardian_email=guardian_email,
        policy_version=str(payload.get("policy_version")),
        invitation_id=target.invitation.id,
    )
    await audit(
        db,
        "account.registered",
        org_id=target.org.id,
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"invitation_id": target.invitation.id, "consent": "guardian"},
    )
    invitation, _ = await live_parent_invitation(
        db, target.org.id, joined.membership.id, created_by=account.id, ip=ip
    )
    mail = parent_invitation_mail(
        account.language,
        child_name=account.display_name,
        org_name=target.org.name,
        url=invitation_url(invitation),
        days=PARENT_INVITE_DAYS,
    )
    await queue_mail(db, guardian_email, mail.subject, mail.body)
    new = await open_session(
        db,
        account,
        login=account.username or "",
        ip=ip,
        user_agent=user_agent,
        how="registration",
    )
    return Registration(account=account, session=new, joined=joined)
