"""The job board's Whoosh index kept in step with the database, and the board search that reads it.

The index lives in ``SEARCH_INDEX_DIR/jobs``. It holds published jobs only; ``index_job`` adds, replaces or removes
one job according to its status, and is called by the job services right after they flush a change.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from ..board import BoardPage, BoardQuery, JobDocument, JobIndex, search_jobs
from ..extensions import db
from ..jobs import description_text, sanitize_description, to_yearly
from ..models import Job, JobStatus

INDEX_SUBDIR = "jobs"

_indexes: dict[Path, JobIndex] = {}
_indexes_lock = threading.Lock()


def job_index() -> JobIndex:
    """The app's job index (one object per directory and process, so its searcher and caches are reused)."""
    path = Path(current_app.config["SEARCH_INDEX_DIR"]) / INDEX_SUBDIR
    with _indexes_lock:
        index = _indexes.get(path)
        if index is None:
            index = _indexes[path] = JobIndex(path)
        return index


def job_document(job: Job) -> JobDocument:
    """What the board indexes about a job: its words, filter values and yearly salary."""
    location = ", ".join(part for part in (job.city, job.region) if part) if job.city else ""
    words = [description_text(sanitize_description(job.description or ""))]
    words += [*(job.duties or []), *(job.qualifications or []), *(job.skills or [])]
    codes = {code for group in job.required_credentials or [] for code in group} | set(job.preferred_credentials or [])
    low = high = None
    if job.salary_min is not None and job.salary_max is not None:
        low, high = to_yearly(job.salary_min, job.salary_unit), to_yearly(job.salary_max, job.salary_unit)
    return JobDocument(
        job_id=job.id,
        title=job.title,
        text=" ".join(words),
        organization=job.organization.name if job.organization else "",
        location=location,
        remote=job.remote,
        employment_type=job.employment_type,
        credentials=frozenset(codes),
        settings=frozenset(job.work_settings or []),
        currency=job.salary_currency,
        salary_min_yearly=low,
        salary_max_yearly=high,
        published_at=job.published_at,
        valid_through=job.valid_through,
    )


def index_job(job: Job) -> None:
    """Bring one job's board entry in line with its status: published jobs are (re)indexed, others removed."""
    if job.status == JobStatus.PUBLISHED:
        job_index().upsert(job_document(job))
    else:
        job_index().delete(job.id)


def _published_jobs() -> list[Job]:
    return list(db.session.scalars(sa.select(Job).where(Job.status == JobStatus.PUBLISHED).order_by(Job.id)))


def rebuild_index() -> int:
    """Rebuild the jobs index from the published jobs; return how many were indexed."""
    return job_index().replace_all(job_document(job) for job in _published_jobs())


def check_index() -> list[str]:
    """Differences between the jobs index and the database."""
    published = {job.id for job in _published_jobs()}
    indexed = job_index().all_ids()
    problems = [f"job {job_id} is published but not on the board" for job_id in sorted(published - indexed)]
    problems += [f"job {job_id} is on the board but not published" for job_id in sorted(indexed - published)]
    return problems


def search_board(query: BoardQuery, today: date | None = None) -> tuple[BoardPage, list[Job]]:
    """Run a board search and load the page's jobs in result order (skipping any the database no longer publishes)."""
    page = search_jobs(job_index(), query, today or date.today())
    if not page.job_ids:
        return page, []
    rows = db.session.scalars(
        sa.select(Job)
        .where(Job.id.in_(page.job_ids), Job.status == JobStatus.PUBLISHED)
        .options(joinedload(Job.organization))
    )
    by_id = {job.id: job for job in rows}
    return page, [by_id[job_id] for job_id in page.job_ids if job_id in by_id]
