"""``flask resume import``: add resume files as sourced candidates of an employer's organisation.

Speed (issue 5): files are read and parsed in worker processes one batch ahead of the main process, which stores a
whole batch at once (``candidates.add_resumes_bulk``: one fsync pass, one flush), commits it, and lets the index sync
write the batch with one ``upsert_many``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from portal.commands.resume import _AS_OF, resume
from portal.errors import DocumentError, PortalError
from portal.extensions import db
from portal.models import Candidate, Role, User
from portal.services import candidate_search
from portal.services import candidates as candidates_service
from portal.services.candidates import ReadResume, ResumeUpload

# One commit (and so one index write) per batch: per-file commits would make the index the bottleneck.
BATCH_SIZE = 1000
# Starting worker processes costs about a second; below this many files reading in-process is faster.
POOL_MIN_FILES = 200
MAX_WORKERS = 4

FileRead = tuple[bytes, ReadResume | PortalError] | OSError


def _organization_id(email: str) -> int:
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.strip().lower()))
    if user is None or user.role not in (Role.EMPLOYER, Role.RECRUITER) or user.organization_id is None:
        raise click.UsageError(f"--employer: no employer or recruiter account with e-mail {email!r}.")
    return int(user.organization_id)


def read_file(path: Path, as_of: date, timeout: float, memory_mb: int) -> FileRead:
    """Read and parse one file (runs in a worker process); the OSError or PortalError is returned, not raised."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc
    try:
        return data, candidates_service.read_resume(data, as_of, timeout=timeout, memory_mb=memory_mb)
    except PortalError as exc:
        return data, exc
    except Exception:  # noqa: BLE001 - one odd file must not stop a bulk import; the worker's error is not picklable
        return data, DocumentError("The file could not be read.")


def _batches(files: Sequence[Path]) -> Iterator[Sequence[Path]]:
    for start in range(0, len(files), BATCH_SIZE):
        yield files[start : start + BATCH_SIZE]


def _reads(files: Sequence[Path], as_of: date, workers: int) -> Iterator[tuple[Sequence[Path], list[FileRead]]]:
    """Yield each batch with its files read and parsed; with workers, the next batch is parsed meanwhile."""
    config = current_app.config
    args = (as_of, float(config["PARSE_TIMEOUT_SECONDS"]), int(config["PARSE_MEMORY_MB"]))
    if workers <= 0:
        for batch in _batches(files):
            yield batch, [read_file(path, *args) for path in batch]
        return
    # spawn: a fresh interpreter, never a fork of a process that may hold threads or open connections.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: list[tuple[Sequence[Path], list[Future[FileRead]]]] = []
        for batch in _batches(files):
            pending.append((batch, _submit(pool, batch, args)))
            if len(pending) > 1:
                done_batch, futures = pending.pop(0)
                yield done_batch, [f.result() for f in futures]
        for done_batch, futures in pending:
            yield done_batch, [f.result() for f in futures]


def _submit(pool: Executor, batch: Sequence[Path], args: tuple[date, float, int]) -> list[Future[FileRead]]:
    return [pool.submit(read_file, path, *args) for path in batch]


def _default_workers(count: int) -> int:
    if count < POOL_MIN_FILES:
        return 0
    # The main process stores, commits and indexes; the others read and parse.
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


@resume.command("import")
@click.option(
    "--employer", "employer", required=True, metavar="EMAIL", help="Employer or recruiter whose org owns them."
)
@_AS_OF
@click.option(
    "--workers",
    type=click.IntRange(min=0, max=32),
    default=None,
    help="Processes that read and parse files beside the main one; 0 reads in the main process "
    "(default: one per CPU but one, at most 4, when there are 200 files or more; else 0).",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def import_command(employer: str, as_of: date, workers: int | None, files: tuple[Path, ...]) -> None:
    """Add each resume FILE (PDF, DOCX or text) as a sourced candidate of the employer's organisation.

    Prints one JSON object per file: {"file", "candidate_id"}, or {"file", "error"} when the file could not be read;
    the other files are still imported. Credentials, degrees and experience are read from the text as of --as-of.
    Files are committed in batches of 1000. Exits 1 when any file failed.
    """
    org_id = _organization_id(employer)
    workers = _default_workers(len(files)) if workers is None else workers
    with _index_writes(workers > 0):
        failed = _import(files, org_id, as_of, workers)
    if failed:
        raise SystemExit(1)


def _index_writes(in_background: bool) -> AbstractContextManager[None]:
    # With many files, one batch's index write runs in its own process while the next batch is read and stored.
    return candidate_search.index_writes_in_background() if in_background else nullcontext()


def _import(files: Sequence[Path], org_id: int, as_of: date, workers: int) -> int:
    """Import the files batch by batch, print one JSON line per file, and return how many failed."""
    failed = 0
    for batch, reads in _reads(files, as_of, workers):
        uploads: list[ResumeUpload] = []
        upload_reads: list[ReadResume | PortalError] = []
        outcome: list[Candidate | str] = []
        for path, read in zip(batch, reads, strict=True):
            if isinstance(read, OSError):
                outcome.append(read.strerror or str(read))
                continue
            data, parsed = read
            # Not added to the session here: the bulk add attaches it with its resume when the file was readable.
            candidate = Candidate(owner_org_id=org_id, source_file=str(path)[:300])
            uploads.append(ResumeUpload(candidate, data, path.name))
            upload_reads.append(parsed)
            outcome.append(candidate)
        results = iter(candidates_service.add_resumes_bulk(uploads, as_of=as_of, reads=upload_reads))
        errors: dict[int, str] = {}
        for position, item in enumerate(outcome):
            if isinstance(item, Candidate):
                result = next(results)
                if isinstance(result, PortalError):
                    errors[position] = str(result)
        db.session.commit()
        # Lines are printed after their batch commits (ids are final then), in the order the files were given.
        for position, (path, item) in enumerate(zip(batch, outcome, strict=True)):
            error = item if isinstance(item, str) else errors.get(position)
            if error is not None:
                failed += 1
                click.echo(json.dumps({"file": str(path), "error": error}))
            else:
                assert isinstance(item, Candidate)
                click.echo(json.dumps({"file": str(path), "candidate_id": item.id}))
    return failed
