"""Run document parsing in a long-lived child process with a memory cap and a wall-clock timeout.

Parsers for PDF and DOCX are large stacks fed with untrusted bytes. A hostile file can make them use gigabytes or loop
for minutes, so they never run in the web process: one pre-started child interpreter (``portal.documents.child``)
receives each file over a pipe. The child caps its own address space with RLIMIT_AS; the parent kills it when it
overruns the timeout and at once starts a fresh one, so the next file parses normally.

A plain subprocess is used rather than multiprocessing because forkserver/spawn re-run the ``__main__`` script (the
``flask`` command itself) in the child, and fork would copy a threaded web process.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from portal.documents.child import GENERIC_FAILURE, HEADER
from portal.documents.common import ExtractedText, detect_kind
from portal.errors import DocumentError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Text is decoded in the web process when it is small: decoding is linear in the size and cannot blow up.
IN_PROCESS_TEXT_BYTES = 1024 * 1024
_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


def extract_text_in_process(data: bytes) -> ExtractedText:
    """Parse a document in the current process with no isolation (the worker's own entry point)."""
    kind = detect_kind(data)
    if kind == "pdf":
        from portal.documents.pdf import extract_pdf_text

        return extract_pdf_text(data)
    if kind == "docx":
        from portal.documents.docx import extract_docx_text

        return extract_docx_text(data)
    from portal.documents.text import extract_plain_text

    return extract_plain_text(data)


class _Timeout(Exception):
    pass


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    memory_mb: int

    @classmethod
    def start(cls, memory_mb: int) -> _Worker:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PROJECT_ROOT, env.get("PYTHONPATH", "")) if p)
        process = subprocess.Popen(
            [sys.executable, "-m", "portal.documents.child", str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        return cls(process, memory_mb)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

    def _read_exact(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        chunks: list[bytes] = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise _Timeout
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def ask(self, data: bytes, timeout: float) -> dict[str, object]:
        assert self.process.stdin is not None
        deadline = time.monotonic() + timeout
        self.process.stdin.write(HEADER.pack(len(data)) + data)
        self.process.stdin.flush()
        size = HEADER.unpack(self._read_exact(HEADER.size, deadline))[0]
        reply: dict[str, object] = json.loads(self._read_exact(size, deadline))
        return reply


_lock = threading.Lock()
_worker: _Worker | None = None


def _ensure_worker(memory_mb: int) -> _Worker:
    global _worker
    if _worker is None or _worker.memory_mb != memory_mb or not _worker.alive():
        _replace_worker(memory_mb)
    assert _worker is not None
    return _worker


def _replace_worker(memory_mb: int) -> None:
    """Kill the current worker and start its replacement at once, so it warms up while the user reads the error."""
    global _worker
    if _worker is not None:
        _worker.stop()
    _worker = _Worker.start(memory_mb)


def start_worker(memory_mb: int = 512, *, wait: bool = False, timeout: float = 30.0) -> None:
    """Start the worker ahead of the first upload so that upload pays no start-up time.

    With ``wait``, return only once the worker has read a first document, i.e. has finished importing its parsers.
    Raises DocumentError when it does not answer within ``timeout`` seconds (the worker is then replaced).
    """
    with _lock:
        worker = _ensure_worker(memory_mb)
        if not wait:
            return
        try:
            reply = worker.ask(b"ready\n", timeout)
        except (_Timeout, EOFError, OSError):
            _replace_worker(memory_mb)
            raise DocumentError("The document reader did not start.") from None
        if not reply.get("ok"):
            raise DocumentError(f"The document reader did not start: {reply.get('error')}")


def shutdown_worker() -> None:
    """Stop the worker process if one is running."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


atexit.register(shutdown_worker)


def _run_isolated(data: bytes, timeout: float, memory_mb: int) -> ExtractedText:
    with _lock:
        worker = _ensure_worker(memory_mb)
        try:
            reply = worker.ask(data, timeout)
        except _Timeout:
            _replace_worker(memory_mb)
            raise DocumentError(f"Reading the file took longer than {timeout:g} seconds, so it was stopped.") from None
        except (EOFError, OSError, ValueError):
            _replace_worker(memory_mb)
            raise DocumentError(GENERIC_FAILURE) from None
        if not reply.get("ok"):
            if reply.get("fatal") or not worker.alive():
                _replace_worker(memory_mb)
            raise DocumentError(str(reply.get("error") or GENERIC_FAILURE))
    pages = reply.get("pages")
    page_count = pages if isinstance(pages, int) else None
    return ExtractedText(text=str(reply["text"]), kind=str(reply["kind"]), pages=page_count)


def extract_text(data: bytes, *, timeout: float = 10, memory_mb: int = 512) -> ExtractedText:
    """Return the text of a PDF, DOCX or text file, parsed in the isolated worker; raise DocumentError on failure."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise DocumentError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    kind = detect_kind(data)
    if kind == "text" and len(data) <= IN_PROCESS_TEXT_BYTES:
        from portal.documents.text import extract_plain_text

        return extract_plain_text(data)
    return _run_isolated(data, timeout, memory_mb)
