"""The case manager hiring portal: ``create_app`` builds the Flask application."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from . import passwords
from .config import PROJECT_ROOT, load_config
from .extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from .services import candidate_search, job_search

log = logging.getLogger(__name__)

# No inline script anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, commands, error pages and security headers.

    ``config`` overrides settings after the ``PORTAL_*`` environment variables; its ``INSTANCE_PATH`` key, if any,
    chooses the instance folder (where the default database, secret key and uploads live).
    """
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None)
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    passwords.init_app(app)

    candidate_search.init_app(app)
    job_search.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    _register_error_pages(app)
    app.after_request(_security_headers)
    return app


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while one writer writes; the busy timeout makes writers wait instead of failing."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from .web import admin, auth, candidate, employer, jobs, navigation, paths, public, recruiter

    navigation.init_app(app)
    for blueprint in (public.bp, auth.bp, jobs.bp, employer.bp, candidate.bp, recruiter.bp, paths.bp, admin.bp):
        app.register_blueprint(blueprint)


def _register_commands(app: Flask) -> None:
    from . import cli

    cli.register(app)


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int]:
        return render_template("error.html", error=exc), exc.code or 500

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception) -> tuple[str, int]:
        # Logged with its traceback for the operator; the user sees a plain page, never the trace.
        log.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_template("error.html", error=None), 500


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response
