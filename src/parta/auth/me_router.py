"""Endpoints of the signed-in person's own account: profile, password, e-mail, organisations."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from parta.auth import email_codes, my_orgs, profile
from parta.auth.accounts import my_account
from parta.auth.deps import CurrentActor
from parta.auth.schemas import (
    Accepted,
    ChangeEmail,
    ChangePassword,
    CurrentOrg,
    MyAccount,
    MyOrg,
    PasswordChanged,
    UpdateProfile,
    VerifyEmail,
)
from parta.avatars import service as avatars
from parta.avatars.http import avatar_body_schema, read_avatar_form
from parta.deps import DB
from parta.kit.http import client_ip

router = APIRouter()


@router.get("/me", response_model=MyAccount)
async def me(actor: CurrentActor) -> MyAccount:
    """The signed-in account, with its own contact details."""
    return my_account(actor.account)


@router.patch("/me", response_model=MyAccount)
async def update_me(body: UpdateProfile, actor: CurrentActor, db: DB) -> MyAccount:
    """Change my display name and/or interface language (`ru` or `en`); omitted fields stay."""
    return my_account(await profile.update_profile(db, actor, body))


@router.post("/me/password", response_model=PasswordChanged)
async def change_password(
    body: ChangePassword, request: Request, actor: CurrentActor, db: DB
) -> PasswordChanged:
    """Change my password; my other sessions end, this one stays.

    A wrong current password is 400 `wrong_password` and counts towards the sign-in lockout
    (429 once locked).
    """
    ended = await profile.change_password(
        db, actor, body.current_password, body.new_password, ip=client_ip(request)
    )
    return PasswordChanged(ended_sessions=ended)


@router.post("/me/email/verification", response_model=Accepted, status_code=202)
async def send_email_verification(request: Request, actor: CurrentActor, db: DB) -> Accepted:
    """Mail a code that confirms my e-mail address.

    409 `already_verified`; 422 `no_email` when the account has no e-mail; 429 when too many
    codes were requested.
    """
    await email_codes.send_verification(db, actor, ip=client_ip(request))
    return Accepted(message="We have sent a code to your e-mail address.")


@router.post("/me/email/verify", response_model=MyAccount)
async def verify_email(
    body: VerifyEmail, request: Request, actor: CurrentActor, db: DB
) -> MyAccount:
    """Confirm my e-mail address with the code from its mail (400 `invalid_code`)."""
    return my_account(await email_codes.verify_email(db, actor, body.code, ip=client_ip(request)))


@router.put("/me/email", response_model=MyAccount)
async def change_email(
    body: ChangeEmail, request: Request, actor: CurrentActor, db: DB
) -> MyAccount:
    """Change my e-mail address (needs my password); the new one must then be confirmed
    with the code mailed to it. 409 `email_taken` / `same_email`; 400 `wrong_password`."""
    account = await email_codes.change_email(
        db, actor, body.email, body.password, ip=client_ip(request)
    )
    return my_account(account)


@router.get("/me/orgs", response_model=list[MyOrg])
async def list_my_orgs(actor: CurrentActor, db: DB) -> list[MyOrg]:
    """The organisations where I have an active membership, with my roles in each;
    `current` marks the one the apps open by default."""
    return await my_orgs.my_orgs(db, actor)


@router.put("/me/current-org", response_model=MyOrg)
async def set_current_org(body: CurrentOrg, actor: CurrentActor, db: DB) -> MyOrg:
    """Switch to another of my organisations (404 if I am not a member there)."""
    return await my_orgs.set_current_org(db, actor, body.org_id)


@router.put("/me/avatar", response_model=MyAccount, openapi_extra=avatar_body_schema())
async def set_my_avatar(request: Request, actor: CurrentActor, db: DB) -> MyAccount:
    """Set my picture: multipart `image`, JPEG, PNG or WebP up to 5 MB (the type is sniffed
    from the content). It is re-encoded to a 256×256 square WebP without any metadata (GPS
    and camera details are dropped); the original is not kept. Replaces the previous one.
    413 `file_too_large`, 415 `unsupported_file_type`, 422 `invalid_image`."""
    data = await read_avatar_form(request)
    return my_account(await avatars.set_my_avatar(db, actor, data))


@router.delete("/me/avatar", status_code=204)
async def remove_my_avatar(actor: CurrentActor, db: DB) -> Response:
    """Remove my picture; its address answers 404 from then on."""
    await avatars.remove_my_avatar(db, actor)
    return Response(status_code=204)
