"""Settings: defaults, then ``PORTAL_*`` environment variables, then the mapping passed to ``create_app``.

Every setting a deployer may change is listed in ``SETTINGS`` with its default and meaning; the README's table is made
from the same list (``flask --app portal settings``), so the two cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from . import clock
from .errors import ConfigError
from .passwords import OWASP_SETTINGS
from .sqlite_writers import QueuedConnection

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One deployer-facing setting: its name without the ``PORTAL_`` prefix, default and meaning."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy database URL. Default: SQLite file `portal.db` in the instance folder. "
        "Use `postgresql+psycopg://user:pass@host/db` for PostgreSQL.",
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Key that signs sessions and CSRF tokens. When unset, a random key is generated once and "
        "kept in `instance/secret_key`.",
    ),
    Setting("SEARCH_INDEX_DIR", str(PROJECT_ROOT / "search_index"), "Folder of the on-disk Whoosh indexes."),
    Setting(
        "UPLOAD_DIR", None, "Folder where uploaded resumes are stored under random names. Default: `instance/uploads`."
    ),
    Setting(
        "PUBLIC_URL",
        None,
        "The portal's address as people reach it, e.g. `https://jobs.example.org`. Links in e-mails (a forgotten "
        "password's) and in job pages' search-engine data start with it, so a forged `Host` header cannot point them "
        "elsewhere. Set it in production. When unset, they follow the address each request came to.",
    ),
    Setting(
        "TIMEZONE",
        clock.DEFAULT_TIMEZONE,
        "The portal's time zone (an IANA name such as `America/Chicago`, or `UTC`). It decides when a day begins and "
        "ends: a job stays open through the last hour of its closing date there, a credential expiring today is still "
        "held today, report periods count that zone's days, and pages show times in it. The server's own zone is not "
        "used.",
    ),
    Setting(
        "INDEX_SYNC",
        "background",
        "When a change to a candidate reaches the candidate search index: `background` (a writer thread per process "
        "batches changes into one index write; requests never wait for it) or `inline` (before the commit returns; "
        "for tests and scripts). Either way `flask index check` reports and `flask index rebuild` repairs any gap.",
    ),
    Setting("MAX_UPLOAD_MB", 10, "Largest accepted upload, in megabytes."),
    Setting("PARSE_TIMEOUT_SECONDS", 10, "Wall-clock limit for reading one uploaded document."),
    Setting("PARSE_MEMORY_MB", 512, "Memory cap of the isolated document reader."),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "Where log-in and sign-up rate limits are counted (e.g. "
        "`redis://localhost:6379` to share them between processes).",
    ),
    Setting("LOGIN_RATE_LIMIT", "10 per minute", "How many log-in or sign-up attempts one address may make."),
    Setting(
        "SESSION_COOKIE_SECURE",
        None,
        "Send the session cookie over HTTPS only. Default: on, except in debug and test mode.",
    ),
    Setting(
        "MAIL_OUTBOX_DIR",
        None,
        "Folder where outgoing e-mail is written as .eml files when no SMTP host is set. Default: `instance/outbox`.",
    ),
    Setting("MAIL_SMTP_HOST", None, "SMTP server for outgoing e-mail; when unset, mail goes to the outbox folder."),
    Setting("MAIL_SMTP_PORT", 587, "SMTP port."),
    Setting("MAIL_SMTP_STARTTLS", True, "Upgrade the SMTP connection with STARTTLS before logging in."),
    Setting("MAIL_SMTP_USER", None, "SMTP user name; when unset, no SMTP log-in."),
    Setting("MAIL_SMTP_PASSWORD", None, "SMTP password."),
    Setting("MAIL_FROM", "Case Manager Portal <no-reply@localhost>", "Sender of the portal's e-mail."),
    Setting(
        "PASSWORD_ARGON2_MEMORY_KIB",
        7168,
        "Memory of one Argon2id password hash, in KiB. With the passes, it must reach one of OWASP's settings of "
        f"equal defence (KiB x passes): {', '.join(f'{m} x {t}' for m, t in OWASP_SETTINGS)}. Raise either on larger "
        "servers; each user's hash is upgraded at their next log-in.",
    ),
    Setting("PASSWORD_ARGON2_TIME_COST", 5, "Argon2id passes over that memory (see the memory setting)."),
    Setting("PASSWORD_ARGON2_PARALLELISM", 1, "Argon2id lanes (threads) per hash."),
)

_INT_SETTINGS = {
    "MAX_UPLOAD_MB",
    "PARSE_TIMEOUT_SECONDS",
    "PARSE_MEMORY_MB",
    "MAIL_SMTP_PORT",
    "PASSWORD_ARGON2_MEMORY_KIB",
    "PASSWORD_ARGON2_TIME_COST",
    "PASSWORD_ARGON2_PARALLELISM",
}


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the environment and ``overrides``; stop with ConfigError when one is wrong."""
    for setting in SETTINGS:
        # Assigned, not setdefault: Flask has defaults of its own for some (SESSION_COOKIE_SECURE is False there).
        app.config[setting.name] = setting.default
    app.config.from_prefixed_env("PORTAL")
    if overrides:
        app.config.update(overrides)
    _finish(app)


def _finish(app: Flask) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    cfg = app.config

    for name in _INT_SETTINGS:
        try:
            value = int(cfg[name])
        except (TypeError, ValueError):
            raise ConfigError(f"PORTAL_{name} must be a whole number, not {cfg[name]!r}.") from None
        if value <= 0:
            raise ConfigError(f"PORTAL_{name} must be greater than zero, not {value}.")
        cfg[name] = value
    if cfg["PUBLIC_URL"]:
        public = urlsplit(str(cfg["PUBLIC_URL"]))
        if public.scheme not in ("http", "https") or not public.netloc or public.query or public.fragment:
            raise ConfigError(
                f"PORTAL_PUBLIC_URL must be an http(s) address such as https://jobs.example.org, "
                f"not {cfg['PUBLIC_URL']!r}."
            )
        cfg["PUBLIC_URL"] = str(cfg["PUBLIC_URL"]).rstrip("/")
    try:
        clock.zone_named(str(cfg["TIMEZONE"]))
    except ValueError as exc:
        raise ConfigError(f"PORTAL_TIMEZONE: {exc}") from None
    if cfg["PASSWORD_ARGON2_MEMORY_KIB"] < 8 * cfg["PASSWORD_ARGON2_PARALLELISM"]:
        raise ConfigError(
            "PORTAL_PASSWORD_ARGON2_MEMORY_KIB must be at least 8 KiB per lane (PORTAL_PASSWORD_ARGON2_PARALLELISM)."
        )

    url = cfg.get("SQLALCHEMY_DATABASE_URI") or cfg["DATABASE_URL"] or f"sqlite:///{instance / 'portal.db'}"
    try:
        parsed = make_url(str(url))
    except ArgumentError:
        raise ConfigError(f"PORTAL_DATABASE_URL is not a database URL: {url!r}.") from None
    if parsed.drivername in {"postgres", "postgresql"}:
        # The portal ships psycopg 3; a plain postgresql:// (or postgres://) URL means it.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(f"PORTAL_DATABASE_URL must be SQLite or PostgreSQL, not {parsed.get_backend_name()!r}.")
    url = parsed.render_as_string(hide_password=False)
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    cfg["DATABASE_URL"] = url

    cfg["SECRET_KEY"] = cfg["SECRET_KEY"] or _stored_secret_key(instance / "secret_key")
    cfg["UPLOAD_DIR"] = str(Path(cfg["UPLOAD_DIR"] or instance / "uploads"))
    cfg["MAIL_OUTBOX_DIR"] = str(Path(cfg["MAIL_OUTBOX_DIR"] or instance / "outbox"))
    cfg["SEARCH_INDEX_DIR"] = str(Path(cfg["SEARCH_INDEX_DIR"]))
    cfg["MAX_CONTENT_LENGTH"] = cfg["MAX_UPLOAD_MB"] * 1024 * 1024
    if cfg["SESSION_COOKIE_SECURE"] is None:
        cfg["SESSION_COOKIE_SECURE"] = not (app.debug or cfg.get("TESTING"))
    cfg.setdefault("SESSION_COOKIE_HTTPONLY", True)
    cfg["SESSION_COOKIE_SAMESITE"] = "Lax"
    cfg["BOOTSTRAP_SERVE_LOCAL"] = True
    cfg["RATELIMIT_STORAGE_URI"] = cfg["RATELIMIT_STORAGE_URI"]
    cfg["RATELIMIT_HEADERS_ENABLED"] = True
    # A pre-ping finds PostgreSQL connections the server dropped; a SQLite file cannot drop one, so there it would only
    # cost a query on every request.
    engine_options: dict[str, Any] = {"pool_pre_ping": parsed.get_backend_name() == "postgresql"}
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # Writers from every process take turns through a lock file instead of SQLite's sleeping busy handler.
        engine_options["connect_args"] = {"factory": QueuedConnection}
    cfg.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options)

    for key in ("UPLOAD_DIR", "MAIL_OUTBOX_DIR", "SEARCH_INDEX_DIR"):
        try:
            Path(cfg[key]).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"PORTAL_{key} ({cfg[key]}) cannot be created: {exc.strerror}.") from None


def _stored_secret_key(path: Path) -> str:
    """Return the key kept in ``path``, making one the first time (readable by the owner only)."""
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
