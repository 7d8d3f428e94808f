"""The ASGI application: routers, middleware, error handlers and lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

import parta.chats.roster_sync  # noqa: F401  (registers the roster → chats listener)
from parta import __version__
from parta.config import Settings, get_settings
from parta.db import make_engine, make_sessionmaker
from parta.kit.errors import AppError
from parta.kit.periodic import PeriodicJob
from parta.logging_setup import configure_logging
from parta.mail.sender import MailSender
from parta.realtime.runtime import start_runtime, stop_runtime
from parta.request_log import RequestLog, redacted_path
from parta.routes import API_PREFIX, include_routers
from parta.security.headers import SecurityHeaders, add_headers
from parta.security.limits import BodyLimit
from parta.webapp import mount_web

log = logging.getLogger("parta.request")


def _error(status: int, code: str, message: str, fields: Any = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "fields": fields}}, status_code=status
    )


def _validation_fields(exc: RequestValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form")]
        fields[".".join(loc) or "body"] = str(err.get("msg", "invalid"))
    return fields


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        resp = JSONResponse(exc.body(), status_code=exc.status)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(
            422, "invalid", "Some fields are missing or invalid.", _validation_fields(exc)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            413: "payload_too_large",
        }
        return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(sa_exc.IntegrityError)
    async def _integrity(_: Request, exc: sa_exc.IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", str(exc.orig)[:500])
        return _error(409, "conflict", "This conflicts with existing data. Reload and try again.")

    @app.exception_handler(sa_exc.DataError)
    async def _bad_data(_: Request, exc: sa_exc.DataError) -> JSONResponse:
        # e.g. a NUL byte or an out-of-range number that got past validation into PostgreSQL
        log.warning("data error: %s", str(exc.orig)[:300])
        return _error(422, "invalid", "The request contains characters or values we cannot store.")

    @app.exception_handler(sa_exc.OperationalError)
    @app.exception_handler(sa_exc.InterfaceError)
    # asyncpg raises the socket's own error when a new connection is refused (the pool
    # opens connections lazily: a database restart shows up here, not as OperationalError).
    @app.exception_handler(ConnectionError)
    async def _db_down(_: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable", extra={"error": str(exc)[:500]})
        resp = _error(503, "unavailable", "The service is temporarily unavailable. Try again soon.")
        resp.headers["Retry-After"] = "5"
        return resp

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": redacted_path(request.scope)})
        resp = _error(500, "internal", "Something went wrong on our side. It has been logged.")
        # Sent by the outermost middleware, past SecurityHeaders: add them here.
        start: dict[str, Any] = {"type": "http.response.start", "headers": resp.raw_headers}
        add_headers(start, None)
        resp.raw_headers = start["headers"]
        return resp


def _background_jobs(maker: async_sessionmaker[AsyncSession]) -> list[PeriodicJob]:
    from parta.calls import liveness
    from parta.channels import scheduled
    from parta.digests import job as digests
    from parta.events import reminders
    from parta.files import sweeper
    from parta.privacy import jobs as privacy_jobs
    from parta.privacy import retention

    return [
        PeriodicJob("file-sweeper", sweeper.INTERVAL_SECONDS, lambda: sweeper.sweep_and_log(maker)),
        PeriodicJob("call-liveness", liveness.SWEEP_SECONDS, lambda: liveness.sweep_step(maker)),
        PeriodicJob(
            "event-reminders",
            reminders.INTERVAL_SECONDS,
            lambda: reminders.send_due_reminders(maker),
        ),
        PeriodicJob(
            "channel-scheduled-posts",
            scheduled.INTERVAL_SECONDS,
            lambda: scheduled.publish_due(maker),
        ),
        PeriodicJob(
            "email-digests", digests.INTERVAL_SECONDS, lambda: digests.send_due_digests(maker)
        ),
        PeriodicJob(
            "privacy", privacy_jobs.INTERVAL_SECONDS, lambda: privacy_jobs.privacy_step(maker)
        ),
        PeriodicJob(
            "retention", retention.INTERVAL_SECONDS, lambda: retention.run_retention(maker)
        ),
    ]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.resolved_secret_key()
        engine = make_engine(settings.resolved_database_url())
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        sender = MailSender(settings, app.state.sessionmaker)
        sender.start()
        app.state.mail_sender = sender
        jobs = _background_jobs(app.state.sessionmaker)
        for job in jobs:
            job.start()
        from parta.integrations.worker import WebhookWorker

        webhooks = WebhookWorker(app.state.sessionmaker)
        webhooks.start()
        app.state.webhook_worker = webhooks
        from parta.push.worker import PushWorker

        pushes = PushWorker(app.state.sessionmaker)
        pushes.start()
        app.state.push_worker = pushes
        runtime = await start_runtime(settings.redis_url, app.state.sessionmaker)
        app.state.realtime = runtime
        try:
            yield
        finally:
            await stop_runtime(runtime)
            await webhooks.stop()
            await pushes.stop()
            for job in jobs:
                await job.stop()
            await sender.stop()
            await engine.dispose()

    app = FastAPI(
        title="Parta API",
        version=__version__,
        description="Closed communication spaces for educational organisations.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestLog)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            # Other sites use Bearer tokens: cookies never authenticate a cross-site call.
            allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders, docs_path=app.docs_url)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        """Readiness: the database answers."""
        try:
            async with request.app.state.engine.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))
        except Exception as exc:
            return _error(503, "unavailable", f"database: {type(exc).__name__}")
        return JSONResponse({"status": "ready"})

    include_routers(app)
    mount_web(app)  # the web client answers every other path: keep it after all routes
    return app


def configured_app() -> FastAPI:
    """Factory for `uvicorn --factory` (logging configured from settings)."""
    s = get_settings()
    configure_logging(s.log_format, s.log_level)
    return create_app(s)
