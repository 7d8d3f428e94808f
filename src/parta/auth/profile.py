"""My profile: name, language and password."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record as audit
from parta.auth import signin, texts
from parta.auth.accounts import clean_display_name
from parta.auth.deps import Actor
from parta.auth.email_codes import send, wrong_password
from parta.auth.passwords import check_password_rules, hash_password, verify_password
from parta.auth.schemas import UpdateProfile
from parta.auth.tokens import end_sessions
from parta.kit.errors import Unprocessable
from parta.models import Account


async def update_profile(db: AsyncSession, actor: Actor, changes: UpdateProfile) -> Account:
    """Change only the fields that were sent; an explicit null name is an error."""
    account = actor.account
    sent = changes.model_fields_set
    if "display_name" in sent:
        account.display_name = clean_display_name(changes.display_name)
    if "language" in sent:
        if changes.language is None:
            raise Unprocessable(
                "Choose a language: ru or en.", code="invalid", fields={"language": "required"}
            )
        account.language = changes.language
    await db.flush()
    return account


async def change_password(
    db: AsyncSession, actor: Actor, current: str, new: str, *, ip: str
) -> int:
    """Set a new password after checking the current one; the other sessions end.

    A wrong current password counts as a failed sign-in, so a stolen session cannot be used
    to guess the password faster than the sign-in form allows.
    """
    account = actor.account
    check_password_rules(new, field="new_password")
    await signin.check_account_limits(db, account, ip)
    if not await verify_password(account.password_hash, current):
        await signin.record_account_failure(db, account, ip)
        raise wrong_password("current_password")
    account.password_hash = await hash_password(new)
    ended = await end_sessions(db, account.id, except_session_id=actor.session.id)
    await audit(
        db,
        "password.changed",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        ip=ip,
        data={"ended_sessions": ended},
    )
    if account.email:
        await send(
            db, account.email, texts.password_changed(account.language, account.display_name)
        )
    return ended
