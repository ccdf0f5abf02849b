"""Fixtures shared by every test: an app on a fresh database, its client and CLI runner, and factories."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from portal import clock, create_app
from portal.extensions import db
from portal.models import Organization, Role, User
from portal.services import accounts

PASSWORD = "quiet-river-stone-1987"


@contextmanager
def statements_from_first_write() -> Iterator[list[str]]:
    """Collects the kind (INSERT, SELECT ...) of every SQL statement from a transaction's first write to its commit.

    On SQLite the writers' turn (portal/sqlite_writers.py) is held for exactly that stretch, and every other writer in
    every process waits for it, so a request should read what it needs before it writes.
    """
    kinds: list[str] = []
    writing = False

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal writing
        kind = statement.lstrip().split()[0].upper()
        writing = writing or kind in {"INSERT", "UPDATE", "DELETE"}
        if writing:
            kinds.append(kind)

    def committed(_conn: Any) -> None:
        nonlocal writing
        writing = False

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    sa.event.listen(db.engine, "commit", committed)
    try:
        yield kinds
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
        sa.event.remove(db.engine, "commit", committed)


def database_url(tmp_path: Path) -> str:
    """SQLite in the test's folder, or the PostgreSQL named by PORTAL_TEST_DATABASE_URL (a fresh schema each test)."""
    return os.environ.get("PORTAL_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url(tmp_path),
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "INDEX_SYNC": "inline",  # deterministic; tests/web/test_index_background.py covers the background writer
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Cheap hashing for the tests only; the defaults (one of OWASP's Argon2id settings) are what a deployment uses.
        "PASSWORD_ARGON2_MEMORY_KIB": 8,
        "PASSWORD_ARGON2_TIME_COST": 1,
    }


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The tests keep an app context open to use ``db.session``; without this, requests would share that context's ``g``
    (and Flask-Login's cached user) and its database session, hiding bugs a real server would show.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@contextmanager
def running_app(config: dict[str, Any]) -> Iterator[Flask]:
    """An app on an empty schema, with an app context open for the test; the data is removed afterwards.

    SQLite gets a new file per test. On PostgreSQL the schema is created once and emptied after each test,
    which is much faster than dropping and creating every table each time.
    """
    app = create_app(config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        if not postgres or not sa.inspect(db.engine).has_table("users"):
            db.drop_all()
            db.create_all()
        try:
            yield app
        finally:
            # End every open transaction first: PostgreSQL would make DROP or TRUNCATE wait for them.
            db.session.remove()
            if postgres:
                # DELETE is much faster than TRUNCATE on a handful of rows.
                with db.engine.begin() as conn:
                    for table in reversed(db.metadata.sorted_tables):
                        conn.execute(table.delete())
            else:
                db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    with running_app(app_config) as app:
        yield app


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Callable[..., Any]:
    """For tests that need settings of their own: ``with make_app(WTF_CSRF_ENABLED=True) as app: ...``."""

    def make(**overrides: Any) -> Any:
        return running_app({**app_config, **overrides})

    return make


@pytest.fixture
def set_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """``set_clock(moment)`` makes the portal's clock (``portal.clock.now``, naive UTC) read ``moment`` from then on."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return set_to


@pytest.fixture
def resume_day(set_clock: Callable[[datetime], None]) -> None:
    """The portal's clock on a day when the licenses in the tests' resumes are current, so that they are read as held
    in every year the suite runs (their expiry dates are written out, as in real resumes)."""
    set_clock(datetime(2026, 11, 2, 15, 0))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_org(app: Flask) -> Callable[..., Organization]:
    def make(name: str = "Acme Health") -> Organization:
        org = Organization(name=name)
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        role: Role | str = Role.CANDIDATE,
        *,
        email: str | None = None,
        organization: Organization | None = None,
        name: str = "Test Person",
    ) -> User:
        role = Role(role)
        email = email or f"{role.value}{next(counter)}@example.org"
        user = accounts.create_user(email=email, password=PASSWORD, role=role, name=name, organization=organization)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self._client.post("/account/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self._client.post("/account/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
