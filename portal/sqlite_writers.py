"""SQLite writers take turns through a lock file, so a waiting writer starts the moment the previous one finishes.

SQLite lets one connection write at a time. When the database is busy, its busy handler sleeps and tries again, with
sleeps that grow to 100 ms; a writer that has waited long sleeps longest, and newcomers overtake it. Under the load run
(several gunicorn processes, 20-odd writes a second) that left the write lock idle while writers slept, and made the
slowest tenth of log-ins, sign-ups, uploads and applications spend 400-800 ms waiting for their first INSERT.

Here each connection first takes an exclusive ``flock`` on ``<database>-writer.lock`` (the kernel releases it if the
process dies), polling every couple of milliseconds, and gives it up when its transaction commits or rolls back.
SQLite's own locking still guards the data; this only decides the order. A writer that cannot get its turn within
``WAIT_SECONDS`` logs a warning and goes ahead, leaving the decision to SQLite's busy timeout as before.

Installed by ``config.py`` as the connection factory of SQLite file databases; PostgreSQL needs none of it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import sqlite3
import time
from typing import Any

log = logging.getLogger(__name__)

#: How long a writer waits for its turn before it goes ahead anyway (SQLite's busy_timeout is the same 10 s).
WAIT_SECONDS = 10.0
_FIRST_PAUSE = 0.0005
_LONGEST_PAUSE = 0.002
# Statements that take SQLite's write lock; Python's sqlite3 opens the transaction (BEGIN) just before them.
_WRITES = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


def lock_path(database: str) -> str:
    """The lock file of a database file."""
    return f"{database}-writer.lock"


class QueuedConnection(sqlite3.Connection):
    """A sqlite3 connection that waits for its turn (the lock file) before the first write of a transaction."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        name = os.fspath(database) if isinstance(database, str | os.PathLike) else ""
        self._turn_fd: int | None = None
        self._holding = False
        if name and name != ":memory:" and not str(name).startswith("file:"):
            self._turn_fd = os.open(lock_path(str(name)), os.O_RDWR | os.O_CREAT, 0o600)

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or _QueuedCursor)

    def take_turn(self) -> None:
        """Wait until no other connection is writing (at most WAIT_SECONDS); hold the turn until commit or rollback."""
        if self._holding or self._turn_fd is None:
            return
        deadline = time.monotonic() + WAIT_SECONDS
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._turn_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    log.warning("Waited %.0f s for the SQLite writer's turn; writing anyway", WAIT_SECONDS)
                    return
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
            else:
                self._holding = True
                return

    def _end_turn(self) -> None:
        if self._holding and self._turn_fd is not None:
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)
        self._holding = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_turn()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None


class _QueuedCursor(sqlite3.Cursor):
    """Takes the connection's turn before a statement that writes."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        if _WRITES.match(sql):
            self.connection.take_turn()  # type: ignore[attr-defined]
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:  # type: ignore[override]
        if _WRITES.match(sql):
            self.connection.take_turn()  # type: ignore[attr-defined]
        return super().executemany(sql, parameters)
