"""One writer at a time for an on-disk Whoosh index shared by several processes (no Flask, no database).

Both the job board's index and the candidate index write through ``locked_writer``: an exclusive ``fcntl.flock`` on
a lock file (released by the kernel if the process dies, so it never goes stale), taken by polling with short
jittered backoff, then Whoosh's own writer inside it. Waiting ends in ``IndexBusy`` with the caller's message after
the deadline; Whoosh's ``LockError`` never escapes.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.index import LockError

from portal.errors import IndexBusy

# Short, so a freed lock is taken promptly by the next waiter.
LOCK_POLL_CAP_SECONDS = 0.02


class FileLock:
    """An exclusive cross-process lock on a file, taken with waiting and jittered exponential backoff."""

    def __init__(self, path: Path, busy_message: str) -> None:
        self.path = path
        self.busy_message = busy_message

    @contextmanager
    def held(self, deadline: float) -> Iterator[None]:
        """Hold the lock; raise IndexBusy if it cannot be had before ``deadline`` (a time.monotonic() value)."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            delay = 0.005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                    if time.monotonic() >= deadline:
                        raise IndexBusy(self.busy_message) from exc
                    time.sleep(delay * (0.5 + random.random()))
                    delay = min(delay * 2, LOCK_POLL_CAP_SECONDS)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@contextmanager
def locked_writer(
    ix: whoosh_index.Index,
    lock: FileLock,
    *,
    budget_seconds: float,
    commit: Callable[[writing.IndexWriter], None] | None = None,
    **writer_args: Any,
) -> Iterator[Any]:
    """Yield a Whoosh writer while holding ``lock``; commit it (or call ``commit``) on success, cancel it on error."""
    deadline = time.monotonic() + budget_seconds
    with lock.held(deadline):
        delay = 0.01
        while True:
            try:
                writer = ix.writer(**writer_args)
                break
            except LockError as exc:
                # Only a program that bypasses FileLock can hold Whoosh's own lock; wait for it the same way.
                if time.monotonic() >= deadline:
                    raise IndexBusy(lock.busy_message) from exc
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.25)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        if commit is None:
            writer.commit()
        else:
            commit(writer)
