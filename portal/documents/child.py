"""The worker process's main loop: length-prefixed documents in on stdin, JSON replies out on stdout.

Started by ``portal.documents.worker`` as ``python -m portal.documents.child MEMORY_MB``; not meant to be run by hand.
"""

from __future__ import annotations

import json
import resource
import struct
import sys
from typing import BinaryIO

from portal.errors import DocumentError

HEADER = struct.Struct(">Q")
GENERIC_FAILURE = "The file could not be read. It may be damaged; try saving it again as PDF or DOCX."


def read_exact(stream: BinaryIO, size: int) -> bytes | None:
    """Read exactly ``size`` bytes, or None at end of stream."""
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def write_frame(stream: BinaryIO, payload: bytes) -> None:
    """Write one length-prefixed frame and flush it."""
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def _reply(stream: BinaryIO, **fields: object) -> None:
    write_frame(stream, json.dumps(fields).encode("utf-8"))


def serve(memory_mb: int, inbox: BinaryIO, outbox: BinaryIO) -> None:
    """Answer documents until the parent closes the pipe; exit after a MemoryError so the parent starts a clean one."""
    # Import the parsers before the cap and before the first request so the first file is as fast as the rest.
    import portal.documents.docx
    import portal.documents.pdf  # noqa: F401
    from portal.documents.worker import extract_text_in_process

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        header = read_exact(inbox, HEADER.size)
        if header is None:
            return
        data = read_exact(inbox, HEADER.unpack(header)[0])
        if data is None:
            return
        try:
            result = extract_text_in_process(data)
            _reply(outbox, ok=True, text=result.text, kind=result.kind, pages=result.pages)
        except DocumentError as exc:
            _reply(outbox, ok=False, error=str(exc))
        except MemoryError:
            message = f"The file needs more than {memory_mb} MB to read, so it was refused."
            _reply(outbox, ok=False, error=message, fatal=True)
            return
        except RecursionError:
            _reply(outbox, ok=False, error="The file is nested too deeply to be read.")
        except Exception:
            _reply(outbox, ok=False, error=GENERIC_FAILURE)


if __name__ == "__main__":
    import portal.documents.docx  # noqa: F401
    import portal.documents.pdf  # noqa: F401

    serve(int(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer)
