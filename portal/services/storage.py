"""Where uploaded files live: a folder outside static/, files named by random keys, written atomically."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import current_app

# Keys are ours (hex from secrets), so anything else is refused before it can name a path.
_KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")
# fsync waits on the disk and releases the GIL, so a batch's files are synced side by side.
SYNC_THREADS = 8


class Storage:
    """Files in one folder under random names; the only way the portal touches uploaded bytes on disk."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY_PATTERN.match(key):
            raise KeyError(key)
        return self.root / key

    def save(self, data: bytes, *, sync: bool = True) -> str:
        """Write ``data`` under a new random key and return the key (temp file + rename: never half a file).

        With ``sync=False`` the bytes may still sit in the OS cache: call ``sync(keys)`` before committing rows that
        name them (bulk imports do, once per batch, instead of one fsync per file).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16)
        fd, temp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if sync:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.chmod(temp_name, 0o600)
            os.replace(temp_name, self._path(key))
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return key

    def sync(self, keys: Iterable[str]) -> None:
        """Make the files under ``keys`` and their names durable (fsync of each file, then of the folder)."""
        paths = [self._path(key) for key in keys]
        if not paths:
            return
        with ThreadPoolExecutor(max_workers=min(SYNC_THREADS, len(paths))) as pool:
            list(pool.map(_fsync_path, paths))
        _fsync_path(self.root)

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key``; KeyError when there is no such file."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        """True when a file is stored under ``key``."""
        try:
            return self._path(key).is_file()
        except KeyError:
            return False

    def delete(self, key: str) -> None:
        """Remove the file stored under ``key``; a missing file is not an error."""
        try:
            self._path(key).unlink(missing_ok=True)
        except KeyError:
            pass

    def remove_unreferenced(self, referenced: set[str], *, older_than_seconds: float, now: float) -> list[str]:
        """Delete files no row refers to (left by a crash between writing a file and committing its row), and
        half-written temp files; only those older than ``older_than_seconds``, so an upload in flight is safe."""
        removed = []
        if not self.root.is_dir():
            return removed
        for path in self.root.iterdir():
            is_ours = _KEY_PATTERN.match(path.name) or path.name.startswith(".upload-")
            if not is_ours or not path.is_file() or path.name in referenced:
                continue
            if now - path.stat().st_mtime < older_than_seconds:
                continue
            path.unlink(missing_ok=True)
            removed.append(path.name)
        return removed


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def get_storage() -> Storage:
    """The storage of the running app (its UPLOAD_DIR setting)."""
    return Storage(current_app.config["UPLOAD_DIR"])
