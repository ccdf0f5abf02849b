"""``flask resume`` (parse and evaluate resumes) and ``flask catalog`` (check the credential catalog)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from portal import clock
from portal.catalog import check_catalog
from portal.catalog.catalog import CATALOG_PATH
from portal.documents import extract_text
from portal.errors import PortalError
from portal.extraction import ParsedResume, parse_resume
from portal.extraction.evaluation import Report, format_report, score

resume = AppGroup("resume", help="Read resumes: parse files to JSON, or measure the parser against a labelled folder.")
catalog = AppGroup("catalog", help="The credential catalog (portal/catalog/credentials.json).")

_SUFFIXES = {".pdf", ".docx", ".txt", ".text", ".md"}


def _parse_as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return clock.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from exc


_AS_OF = click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    callback=_parse_as_of,
    help="The date 'Present' and expiry dates are read against (default: today in PORTAL_TIMEZONE).",
)


def parse_file(path: Path, as_of: date) -> ParsedResume:
    """Read one resume file through the isolated extractor and parse it; raise PortalError or OSError on failure."""
    return parse_resume(extract_text(path.read_bytes()).text, as_of)


def resume_json(file_name: str, parsed: ParsedResume) -> dict[str, Any]:
    """The stable JSON shape of one parsed resume printed by ``flask resume parse``."""
    return {
        "file": file_name,
        "name": parsed.name,
        "email": parsed.email,
        "phone": parsed.phone,
        "credentials": [
            {
                "code": m.code,
                "status": m.status,
                "states": list(m.states),
                "number": m.number,
                "expires": m.expires.isoformat() if m.expires else None,
                "evidence": m.evidence,
            }
            for m in parsed.credentials
        ],
        "degrees": [asdict(d) for d in parsed.degrees],
        "experience_months": parsed.experience_months,
    }


@resume.command("parse", with_appcontext=False)
@_AS_OF
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def parse_command(files: tuple[Path, ...], as_of: date) -> None:
    """Parse resume files (PDF, DOCX or text, told apart by content) and print one JSON object per file per line.

    Exit status: 0 when every file parsed, 1 when any failed (its line has an "error"), 2 for a usage error.
    """
    failed = False
    for path in files:
        try:
            line = resume_json(str(path), parse_file(path, as_of))
        except PortalError as exc:
            line, failed = {"file": str(path), "error": str(exc)}, True
        except OSError as exc:
            line, failed = {"file": str(path), "error": f"cannot read the file: {exc.strerror or exc}"}, True
        click.echo(json.dumps(line, ensure_ascii=False))
    if failed:
        sys.exit(1)


@resume.command("eval", with_appcontext=False)
@_AS_OF
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def eval_command(folder: Path, as_of: date) -> None:
    """Score the parser on FOLDER, which holds resumes and a labels.json keyed by file name.

    Prints precision, recall and F1 per code and overall for held credentials and for all statuses, status accuracy,
    the share of resumes whose experience is within 3 months, degree scores and name/e-mail accuracy, then the
    per-file differences. Exit status 1 when a labelled file could not be parsed.
    """
    labels_path = folder / "labels.json"
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise click.UsageError(f"cannot read {labels_path}: {exc}") from exc
    if not isinstance(labels, dict):
        raise click.UsageError(f"{labels_path} must be an object keyed by file name")
    report = Report()
    for file_name in sorted(labels):
        try:
            parsed = parse_file(folder / file_name, as_of)
        except (PortalError, OSError) as exc:
            report.failed.append(f"{file_name}: {exc}")
            continue
        score(report, file_name, parsed, labels[file_name])
    for line in format_report(report):
        click.echo(line)
    if report.failed:
        sys.exit(1)


@catalog.command("check", with_appcontext=False)
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def check_command(path: Path | None) -> None:
    """Validate the credential catalog (or the catalog file at PATH) and list every problem; exit 1 if any."""
    target = path or CATALOG_PATH
    problems = check_catalog(target)
    if problems:
        for problem in problems:
            click.echo(f"{target}: {problem}", err=True)
        sys.exit(1)
    click.echo(f"{target}: OK")
