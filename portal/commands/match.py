"""``flask match``: a job's candidate pool ranked by the screening rules, as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

import click
import sqlalchemy as sa

from portal.extensions import db
from portal.matching import RankedCandidate
from portal.models import Candidate, Job
from portal.services import candidate_search


def match_json(row: RankedCandidate, source_file: str | None) -> dict[str, Any]:
    """Return one ranked candidate in the JSON shape ``flask match --json`` prints."""
    e = row.explanation
    return {
        "candidate_id": row.candidate_id,
        "source_file": source_file,
        "score": round(row.score, 3),
        "meets_required": e.meets_required,
        "met": list(e.met),
        "missing": list(e.missing),
        "preferred": list(e.preferred_held),
        "experience_months": e.experience_months,
        "explanation": e.text,
    }


@click.command("match")
@click.argument("job_id", type=int)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many candidates.")
@click.option(
    "--filter",
    "pool_filter",
    type=click.Choice(candidate_search.FILTERS),
    default="all",
    show_default=True,
    help="all: the whole pool; near: meets every requirement or misses one; meeting: meets every requirement.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best first.")
def match_command(job_id: int, limit: int, pool_filter: str, as_json: bool) -> None:
    """Rank JOB_ID's pool: the organisation's sourced candidates, its applicants and discoverable job seekers.

    The order: meets every required credential (held now, not expired or in progress), then the minimum experience,
    then preferred credentials, then how well the resume matches the job's duties, skills and setting.
    """
    job = db.session.get(Job, job_id)
    if job is None:
        raise click.UsageError(f"JOB_ID: there is no job {job_id}.")
    page = candidate_search.rank_pool(job, limit=limit, filter=pool_filter)
    ids = [row.candidate_id for row in page.rows]
    sources = dict(
        db.session.execute(sa.select(Candidate.id, Candidate.source_file).where(Candidate.id.in_(ids))).all()
    )
    rows = [match_json(row, sources.get(row.candidate_id)) for row in page.rows]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{job.title} (job {job.id}): {page.total} in the pool, best {len(rows)} shown")
    for n, row in enumerate(rows, 1):
        click.echo(f"{n:>3}. candidate {row['candidate_id']} score {row['score']:.0f}  {row['source_file'] or ''}")
        click.echo(f"     {row['explanation']}")
