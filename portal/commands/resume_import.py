"""``flask resume import``: add resume files as sourced candidates of an employer's organisation."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa

from portal.commands.resume import _AS_OF, resume
from portal.errors import PortalError
from portal.extensions import db
from portal.models import Candidate, Role, User
from portal.services import candidates as candidates_service

# One commit (and so one index write) per batch: per-file commits would make the index the bottleneck.
BATCH_SIZE = 1000


def _organization_id(email: str) -> int:
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.strip().lower()))
    if user is None or user.role not in (Role.EMPLOYER, Role.RECRUITER) or user.organization_id is None:
        raise click.UsageError(f"--employer: no employer or recruiter account with e-mail {email!r}.")
    return int(user.organization_id)


def import_one(path: Path, org_id: int, as_of: date) -> Candidate:
    """Add one resume file as a sourced candidate (flushed); on failure nothing of it stays in the session."""
    data = path.read_bytes()
    # Not added to the session here: add_resume attaches it with its resume once the file has been read and parsed.
    candidate = Candidate(owner_org_id=org_id, source_file=str(path)[:300])
    try:
        candidates_service.add_resume(candidate, data, path.name, as_of=as_of)
    except BaseException:
        if candidate in db.session:
            db.session.expunge(candidate)
        raise
    return candidate


@resume.command("import")
@click.option(
    "--employer", "employer", required=True, metavar="EMAIL", help="Employer or recruiter whose org owns them."
)
@_AS_OF
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def import_command(employer: str, as_of: date, files: tuple[Path, ...]) -> None:
    """Add each resume FILE (PDF, DOCX or text) as a sourced candidate of the employer's organisation.

    Prints one JSON object per file: {"file", "candidate_id"}, or {"file", "error"} when the file could not be read;
    the other files are still imported. Credentials, degrees and experience are read from the text as of --as-of.
    Exits 1 when any file failed.
    """
    org_id = _organization_id(employer)
    failed = 0
    # Lines are printed after their batch commits (ids are final then), in the order the files were given.
    lines: list[tuple[Path, int | None, str | None]] = []

    def flush_batch() -> None:
        db.session.commit()
        for path, candidate_id, error in lines:
            result = (
                {"file": str(path), "error": error}
                if candidate_id is None
                else {"file": str(path), "candidate_id": candidate_id}
            )
            click.echo(json.dumps(result))
        lines.clear()

    for path in files:
        try:
            candidate = import_one(path, org_id, as_of)
        except (PortalError, OSError) as exc:
            failed += 1
            lines.append((path, None, exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)))
            continue
        lines.append((path, candidate.id, None))
        if len(lines) >= BATCH_SIZE:
            flush_batch()
    flush_batch()
    if failed:
        raise SystemExit(1)
