"""Endpoints of the invitations domain: managing links, the public landing, registering, joining."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from parta.auth.accounts import my_account
from parta.auth.cookies import set_session_cookies
from parta.auth.deps import Ctx, CurrentActor, OptionalActor
from parta.deps import DB
from parta.invites import joining, landing, manage, register
from parta.invites.schemas import (
    InvitationCreate,
    InvitationOut,
    InvitationUseOut,
    Join,
    JoinedMembership,
    Landing,
    ParentInviteOut,
    PolicyOut,
    Register,
    RegisterConfirm,
    Registered,
    RegistrationPending,
    UsernameSuggestion,
)
from parta.kit.http import client_ip, user_agent

router = APIRouter(tags=["invitations"])

PNG = {200: {"content": {"image/png": {}}, "description": "PNG image"}}
NO_STORE = {"Cache-Control": "no-store"}


def _png(data: bytes) -> Response:
    return Response(content=data, media_type="image/png", headers=NO_STORE)


def _session_out(response: Response, result: register.Registration, transport: str) -> Registered:
    if transport == "cookie":
        set_session_cookies(response, result.session)
    return Registered(
        token=result.session.token if transport == "token" else None,
        csrf_token=result.session.csrf_token,
        account=my_account(result.account),
        membership=result.joined.out(),
    )


# --- managing invitations inside an organisation ---------------------------------------


@router.post("/orgs/{org_id}/invitations", response_model=InvitationOut, status_code=201)
async def create_invitation(
    body: InvitationCreate, ctx: Ctx, db: DB, request: Request
) -> InvitationOut:
    """Create an invitation link for a role, optionally into a class or a study group.

    Administrators and the head may invite any role (administrators only by administrators);
    verified teachers may invite students and parents into a class they lead. The answer
    carries the link (`url`) and its `token`.
    """
    return await manage.create(db, ctx, body, ip=client_ip(request))


@router.get("/orgs/{org_id}/invitations", response_model=list[InvitationOut])
async def list_invitations(ctx: Ctx, db: DB) -> list[InvitationOut]:
    """Invitations of the organisation, newest first (teachers see the ones they created)."""
    return await manage.list_visible(db, ctx)


@router.get("/orgs/{org_id}/invitations/{invitation_id}", response_model=InvitationOut)
async def get_invitation(invitation_id: str, ctx: Ctx, db: DB) -> InvitationOut:
    """One invitation, with its link again (the token is derived, never stored)."""
    return await manage.show(db, ctx, invitation_id)


@router.get(
    "/orgs/{org_id}/invitations/{invitation_id}/uses", response_model=list[InvitationUseOut]
)
async def invitation_uses(invitation_id: str, ctx: Ctx, db: DB) -> list[InvitationUseOut]:
    """Who joined through the invitation and when: names and roles, never contact details."""
    return await manage.uses(db, ctx, invitation_id)


@router.post("/orgs/{org_id}/invitations/{invitation_id}/revoke", response_model=InvitationOut)
async def revoke_invitation(
    invitation_id: str, ctx: Ctx, db: DB, request: Request
) -> InvitationOut:
    """Revoke the link: it stops working at once (410 invitation_revoked). Idempotent."""
    return await manage.revoke(db, ctx, invitation_id, ip=client_ip(request))


@router.get(
    "/orgs/{org_id}/invitations/{invitation_id}/qr.png",
    response_class=Response,
    responses=PNG,  # type: ignore[arg-type]
)
async def invitation_qr(invitation_id: str, ctx: Ctx, db: DB) -> Response:
    """The link as a PNG QR code, to print or show on a screen (not cached)."""
    return _png(await manage.qr_png(db, ctx, invitation_id))


@router.get("/orgs/{org_id}/members/{membership_id}/parent-invite", response_model=ParentInviteOut)
async def parent_invite(membership_id: str, ctx: Ctx, db: DB, request: Request) -> ParentInviteOut:
    """The link a student's parents join with (created when there is no live one).

    For the student themselves, their class teacher and administrators. Up to two parents
    can use one link; each gets a parent link to the student that staff then confirm.
    """
    return await manage.parent_invite(db, ctx, membership_id, ip=client_ip(request))


@router.get(
    "/orgs/{org_id}/members/{membership_id}/parent-invite/qr.png",
    response_class=Response,
    responses=PNG,  # type: ignore[arg-type]
)
async def parent_invite_qr(membership_id: str, ctx: Ctx, db: DB, request: Request) -> Response:
    """The student's parent invitation as a PNG QR code (not cached)."""
    return _png(await manage.parent_invite_png(db, ctx, membership_id, ip=client_ip(request)))


# --- public: the landing page, registration and joining ---------------------------------


@router.get("/policy", response_model=PolicyOut)
async def personal_data_policy() -> PolicyOut:
    """The current personal data processing consent text, in Russian and English."""
    return landing.policy()


@router.get("/invite/{token}", response_model=Landing)
async def invitation_landing(token: str, db: DB, actor: OptionalActor) -> Landing:
    """What an invitation link offers: organisation, role, class, whose link it is.

    404 invitation_not_found for unknown links; 410 invitation_expired, invitation_exhausted
    or invitation_revoked for dead ones. A signed-in visitor who cannot use the link gets
    `warning` (e.g. `cannot_be_own_parent` when a child opens their parents' link).
    """
    return await landing.landing(db, token, actor.account if actor else None)


@router.get("/invite/{token}/username-suggestion", response_model=UsernameSuggestion)
async def username_suggestion(
    token: str, db: DB, name: str = Query(min_length=1, max_length=120)
) -> UsernameSuggestion:
    """A free Latin login made from a (Russian) name, for students without e-mail."""
    return UsernameSuggestion(username=await landing.suggest_username(db, token, name))


@router.post(
    "/invite/{token}/register",
    response_model=Registered | RegistrationPending,
    status_code=201,
    responses={202: {"model": RegistrationPending, "description": "Waiting for the parent"}},
)
async def register_with_invitation(
    token: str, body: Register, request: Request, response: Response, db: DB
) -> Registered | RegistrationPending:
    """Register a new account through the link and join the organisation.

    Needs `consent: true` (422 consent_required) and the current `policy_version`
    (409 policy_changed). Answers 201 with a session like sign-in. For a primary-grade
    student (see `primary_grade` on the landing) give `parent_email` and `username`
    instead of own contacts: the answer is 202 and the parent receives a code by e-mail.
    """
    result = await register.register(
        db, token, body, ip=client_ip(request), user_agent=user_agent(request)
    )
    if isinstance(result, RegistrationPending):
        response.status_code = 202
        return result
    return _session_out(response, result, body.transport)


@router.post("/invite/{token}/register/confirm", response_model=Registered, status_code=201)
async def confirm_registration(
    token: str, body: RegisterConfirm, request: Request, response: Response, db: DB
) -> Registered:
    """Finish a primary-grade registration with the code the parent received.

    Creates the child's account (signing in with the chosen login), records the parent's
    consent, opens a session, and e-mails the parent an invitation to join as the parent.
    """
    result = await register.confirm(
        db, token, body, ip=client_ip(request), user_agent=user_agent(request)
    )
    return _session_out(response, result, body.transport)


@router.post("/invite/{token}/join", response_model=JoinedMembership, status_code=201)
async def join_with_invitation(
    token: str, body: Join, actor: CurrentActor, request: Request, db: DB
) -> JoinedMembership:
    """Join the organisation through the link with the account one is signed in with.

    409 already_member when one already has that role there; 409 cannot_be_own_parent when
    a child uses their parents' link.
    """
    joined = await joining.join(db, token, actor, body, ip=client_ip(request))
    return joined.out()
