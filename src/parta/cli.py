"""The `parta` command: serve, migrate, demo, create-operator, sweep-files."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence

from parta.config import get_settings


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    s = get_settings()
    from parta.logging_setup import configure_logging

    configure_logging(s.log_format, s.log_level)
    if args.local_janus:
        from parta.calls.local_janus import start_local_janus

        start_local_janus(s)
    uvicorn.run(
        "parta.app:configured_app",
        factory=True,
        host=args.host or s.host,
        port=args.port or s.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        # Compressing each copy of an event per socket would be per-recipient work on the
        # fan-out path (a quarter of the server's CPU in bench/load_chat.py); frames are small.
        ws_per_message_deflate=False,
        proxy_headers=False,  # client addresses come from PARTA_TRUSTED_PROXIES instead
        log_config=None,
        access_log=False,
    )
    return 0


def _cmd_migrate(args: argparse.Namespace) -> int:
    from parta.migrate import upgrade

    s = get_settings()
    s.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(s.resolved_database_url(), args.revision)
    print(f"database is at revision {args.revision}: {_safe_url(s.resolved_database_url())}")
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _cmd_demo(args: argparse.Namespace) -> int:
    from parta.demo import run_demo

    return asyncio.run(run_demo(reset_passwords=args.reset_passwords))


def _cmd_create_operator(args: argparse.Namespace) -> int:
    from parta.operator.bootstrap import create_operator

    password = args.password
    if password is None:
        password = getpass.getpass("Password for the operator (at least 8 characters): ")
    return asyncio.run(create_operator(args.email, args.name, password))


def _cmd_reset_two_factor(args: argparse.Namespace) -> int:
    from parta.auth.totp_reset import reset_two_factor

    return asyncio.run(reset_two_factor(args.email))


def _cmd_sweep_files(args: argparse.Namespace) -> int:
    from parta.files.sweeper import run_sweep

    result = asyncio.run(run_sweep(get_settings()))
    print(
        f"removed {result.pending_uploads} pending uploads, {result.blobs} unused stored "
        f"files, {result.temporary} unfinished writes"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parta",
        description="Parta: closed communication spaces for schools. "
        "Configuration comes from PARTA_* environment variables or a .env file.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="serve the API and the web app (uvicorn)")
    p.add_argument("--host", help="address to listen on (default PARTA_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default PARTA_PORT or 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--local-janus",
        action="store_true",
        help="start a local Janus for group calls when `janus` is installed and "
        "PARTA_JANUS_URL is not set (`make run` does)",
    )
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("migrate", help="apply database migrations (creates the SQLite file)")
    p.add_argument("--revision", default="head", help="target revision (default head)")
    p.set_defaults(func=_cmd_migrate)

    p = sub.add_parser(
        "demo",
        help="create a demo school with classes and accounts; prints passwords once",
        description="Create the demo organisation if it does not exist yet. Passwords are "
        "printed only when accounts are created (or with --reset-passwords).",
    )
    p.add_argument("--reset-passwords", action="store_true", help="set and print new passwords")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("create-operator", help="create a platform operator account")
    p.add_argument("--email", required=True, help="the operator's e-mail (their login)")
    p.add_argument("--name", default="Operator", help="display name")
    p.add_argument("--password", help="password (asked for when omitted)")
    p.set_defaults(func=_cmd_create_operator)

    p = sub.add_parser(
        "reset-two-factor",
        help="turn off a person's two-factor authentication (lost phone and recovery codes)",
        description="Check who is asking by other means first. Their sessions end; they get "
        "a mail; the audit log records it.",
    )
    p.add_argument("--email", required=True, help="the account's e-mail")
    p.set_defaults(func=_cmd_reset_two_factor)

    p = sub.add_parser(
        "sweep-files",
        help="remove uploads never sent (after a day) and stored files nothing refers to",
        description="The server does this every hour by itself; run it to free space now.",
    )
    p.set_defaults(func=_cmd_sweep_files)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
