"""SQLite writers take turns through a lock file (portal/sqlite_writers.py); readers never wait for it."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal import sqlite_writers
from portal.extensions import db
from portal.models import Organization

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("PORTAL_TEST_DATABASE_URL")), reason="the writers' queue is for SQLite files only"
)


@pytest.fixture
def other_writer(app) -> Iterator[int]:
    """The turn held by someone else, as another gunicorn process in the middle of a write would hold it."""
    database = db.engine.url.database
    fd = os.open(sqlite_writers.lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield fd
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def turn_is_free(database: str) -> bool:
    fd = os.open(sqlite_writers.lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_the_app_uses_the_queue_on_a_sqlite_file(app) -> None:
    with db.engine.connect() as conn:
        assert isinstance(conn.connection.dbapi_connection, sqlite_writers.QueuedConnection)
    assert Path(sqlite_writers.lock_path(db.engine.url.database)).exists()


def test_a_write_waits_for_its_turn_while_reads_go_on(app, other_writer) -> None:
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with app.app_context():
                db.session.add(Organization(name="Queued Clinic"))
                db.session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert not done.wait(0.3), "the write did not wait for the other writer's turn to end"
    # Meanwhile readers are not held up, and nothing of the waiting write is visible.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0

    fcntl.flock(other_writer, fcntl.LOCK_UN)
    assert done.wait(10) and not errors
    writer.join()
    db.session.expire_all()
    assert db.session.scalar(sa.select(Organization.name)) == "Queued Clinic"


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_the_turn_is_held_from_the_first_write_until_the_transaction_ends(app, end) -> None:
    database = db.engine.url.database
    db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
    assert turn_is_free(database)  # reading takes no turn
    db.session.add(Organization(name="Lakeside"))
    db.session.flush()
    assert not turn_is_free(database)
    getattr(db.session, end)()
    assert turn_is_free(database)


def test_a_writer_that_never_gets_its_turn_goes_ahead_and_says_so(app, other_writer, monkeypatch, caplog) -> None:
    """A stuck holder of the lock file (not of SQLite's lock) must not stop the portal from writing."""
    monkeypatch.setattr(sqlite_writers, "WAIT_SECONDS", 0.2)
    with caplog.at_level(logging.WARNING, logger="portal.sqlite_writers"):
        db.session.add(Organization(name="Impatient"))
        db.session.commit()
    assert "writing anyway" in caplog.text
    assert db.session.scalar(sa.select(Organization.name)) == "Impatient"
