"""``flask job``: import a job from a JSON file (and publish it) or export one in the same shape."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..errors import IndexBusy, InvalidInput, NotAllowed
from ..extensions import db
from ..services import jobs as job_service

job = AppGroup("job", help="Import and export job postings as JSON (the shape `job export` prints).")


@job.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--employer",
    "employer_email",
    required=True,
    metavar="EMAIL",
    help="An employer admin or recruiter; the job is created for their organisation.",
)
def import_command(file: click.utils.LazyFile, employer_email: str) -> None:
    """Create and publish a job from FILE (JSON); print its id and public URL as JSON.

    The file holds the fields title, template, required_credentials (groups: each met by any one code),
    preferred_credentials, min_experience_months, degree, location {city, region, country}, remote,
    employment_type, salary {currency, min, max, unit}, description, duties, qualifications, skills,
    valid_through (YYYY-MM-DD) and work_settings. An invalid file is refused with a message naming the field,
    and nothing is saved.
    """
    try:
        data = json.load(file)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise click.ClickException(f"{file.name} is not valid JSON ({where}: {exc.msg}); nothing was saved.") from None
    try:
        created = job_service.import_job(data, employer_email)
    except (InvalidInput, NotAllowed, IndexBusy) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(json.dumps({"id": created.id, "url": f"/jobs/{created.id}"}))


@job.command("export")
@click.argument("job_id", type=int, metavar="ID")
def export_command(job_id: int) -> None:
    """Print job ID as JSON, in the shape `job import` reads."""
    try:
        data = job_service.export_job(job_id)
    except InvalidInput as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
