"""`parta create-operator`: the first platform operator, made from the command line."""

from __future__ import annotations

import sys

from sqlalchemy import exc as sa_exc

from parta.audit.service import record as audit
from parta.auth.accounts import create_account, find_by_email, normalize_email
from parta.auth.passwords import check_password_rules, hash_password
from parta.config import get_settings
from parta.db import make_engine, make_sessionmaker, transaction
from parta.kit.errors import AppError


async def create_operator(email: str, name: str, password: str) -> int:
    """Create an operator account, or promote the account with this e-mail; the exit code.

    An existing account keeps its password (it is set only if the account has none), so
    running the command twice cannot take over someone's login.
    """
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url())
    try:
        email_n = normalize_email(email)
        check_password_rules(password)
        async with transaction(make_sessionmaker(engine)) as db:
            account = await find_by_email(db, email_n)
            if account is None:
                account = await create_account(
                    db, display_name=name, password=password, email=email_n, email_verified=True
                )
                account.is_operator = True
                action, said = "operator.created", f"created operator account {email_n}"
            else:
                if account.password_hash is None:
                    account.password_hash = await hash_password(password)
                    said = f"promoted {email_n} to operator and set its password"
                elif account.is_operator:
                    said = f"{email_n} is already an operator; nothing changed"
                else:
                    said = f"promoted {email_n} to operator (its password is unchanged)"
                account.is_operator = True
                action = "operator.promoted"
            await audit(
                db, action, actor_id=None, target_type="account", target_id=account.id, ip="cli"
            )
    except AppError as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in (exc.fields or {}).items())
        print(f"error: {exc.message}" + (f" ({detail})" if detail else ""), file=sys.stderr)
        return 1
    except (sa_exc.OperationalError, sa_exc.ProgrammingError) as exc:
        print(
            f"error: the database is not ready ({type(exc.orig).__name__}); "
            "run `parta migrate` first",
            file=sys.stderr,
        )
        return 1
    finally:
        await engine.dispose()
    print(said)
    return 0
