"""Settings from PARTA_* environment variables or a `.env` file.

Secrets that are not given are generated once into `var/` so that a laptop install needs no setup.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTA_", env_file=".env", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = ""
    public_base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000

    # Mail: without smtp_host, mail goes to the log and the operator's outbox.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "Parta <no-reply@parta.local>"
    smtp_starttls: bool = False
    smtp_tls: bool = False

    redis_url: str = ""
    trusted_proxies: list[str] = Field(default_factory=list)
    # Hardening (parta.security): origins allowed to call the API from other sites (none by
    # default: the web app is served from the same origin), the cap on request bodies that
    # are not uploads, and HSTS on HTTPS responses (0 turns it off).
    cors_origins: list[str] = Field(default_factory=list)
    max_body_kb: int = 1024
    hsts_seconds: int = 365 * 86400
    log_format: str = "auto"  # json | text | auto (text on a terminal, JSON otherwise)
    log_level: str = "INFO"

    session_days: int = 30
    code_minutes: int = 15
    code_max_attempts: int = 5
    signin_max_failures: int = 5
    signin_lock_minutes: int = 15
    address_max_failures: int = 30
    code_requests_per_hour: int = 5
    registrations_per_hour: int = 30

    # Argon2id cost; the defaults follow RFC 9106's second recommendation (64 MiB, 3 passes).
    argon2_memory_kib: int = 65536
    argon2_time_cost: int = 3
    argon2_parallelism: int = 1

    application_document_max_bytes: int = 10 * 1024 * 1024
    # Chat files: defaults for organisations that did not set their own limits.
    file_max_mb: int = 25
    storage_quota_mb: int = 10 * 1024
    # clamd's local socket (e.g. /run/clamav/clamd.ctl): every upload is scanned when set.
    clamav_socket: str = ""
    clamav_timeout_seconds: float = 60.0
    roster_max_bytes: int = 5 * 1024 * 1024
    roster_max_rows: int = 5000
    policy_version: str = "2026-09-01"
    # Personal data (parta.privacy): days between a deletion request (or withdrawn consent)
    # and the erasure, how long a data archive can be downloaded, and how often one person's
    # archive may be asked for.
    deletion_grace_days: int = 30
    export_keep_days: int = 7
    export_min_interval_hours: int = 24

    # Calls. TURN (coturn's shared-secret scheme): credentials are issued per call to members.
    turn_urls: list[str] = Field(default_factory=list)
    turn_secret: str = ""
    turn_ttl_seconds: int = 4 * 3600
    # Direct calls through TURN only, so that people never learn each other's IP address.
    calls_relay_only: bool = False
    # Outgoing webhooks to private and local addresses (a gradebook on the school's network).
    webhooks_allow_private: bool = False
    # Web Push: the contact push services may write to about this server (VAPID `sub`, a
    # mailto: or https: URL; the address of smtp_from when empty), and whether push
    # endpoints may be private or local addresses (a self-hosted push service; tests).
    push_contact: str = ""
    push_allow_private: bool = False
    stun_urls: list[str] = Field(default_factory=list)
    # Janus (group calls and lessons); without it, only direct calls work.
    janus_url: str = ""
    janus_api_secret: str = ""
    janus_admin_key: str = ""

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "parta.db"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def cookie_secure(self) -> bool:
        return self.public_base_url.startswith("https://")

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.sqlite_path}"

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated into var/secret_key on first use."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            self.secret_key = path.read_text().strip()
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(48)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(key)
            self.secret_key = key
        return self.secret_key


_active: Settings | None = None


def get_settings() -> Settings:
    """The process's settings (read from the environment once)."""
    global _active
    if _active is None:
        _active = Settings()
    return _active


def use_settings(settings: Settings) -> None:
    """Make `settings` the process's settings (the CLI and tests build their own)."""
    global _active
    _active = settings
    _reset_caches()


def _reset_caches() -> None:
    from parta.auth.passwords import _hasher

    _hasher.cache_clear()
