"""`parta reset-two-factor`: turn off a person's second factor from the server's command line,
for someone who lost both their phone and their recovery codes (after checking who they are
by other means). Their sessions end and they get a mail; the audit log records it."""

from __future__ import annotations

import sys

import sqlalchemy as sa

from parta.audit.service import record as audit
from parta.auth import totp_texts
from parta.auth.accounts import find_by_email, normalize_email
from parta.auth.email_codes import send
from parta.auth.tokens import end_sessions
from parta.config import get_settings
from parta.db import make_engine, make_sessionmaker, transaction
from parta.kit.errors import AppError
from parta.models import TotpFactor, TotpRecoveryCode


async def reset_two_factor(email: str) -> int:
    """Remove the factor and recovery codes of the account with this e-mail; the exit code."""
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url())
    try:
        address = normalize_email(email)
        async with transaction(make_sessionmaker(engine)) as db:
            account = await find_by_email(db, address)
            if account is None:
                print(f"error: no account with the e-mail {address}", file=sys.stderr)
                return 1
            found = await db.get(TotpFactor, account.id)
            await db.execute(
                sa.delete(TotpRecoveryCode).where(TotpRecoveryCode.account_id == account.id)
            )
            await db.execute(sa.delete(TotpFactor).where(TotpFactor.account_id == account.id))
            ended = await end_sessions(db, account.id)
            await audit(
                db,
                "totp.reset",
                actor_id=None,
                target_type="account",
                target_id=account.id,
                ip="cli",
                data={"ended_sessions": ended},
            )
            await send(db, address, totp_texts.disabled(account.language, account.display_name))
        state = "turned off" if found is not None else "was not on; sessions ended"
        print(f"two-factor authentication of {address} {state}")
        return 0
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
