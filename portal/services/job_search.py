"""The job board's Whoosh index kept in step with the database, and the board search that reads it.

The index lives in ``SEARCH_INDEX_DIR/jobs``. It holds published jobs only; ``index_job`` adds, replaces or removes
one job according to its status, and is called by the job services right after they flush a change.

The index's change stamp (read by ``board_stamp``) is renewed after each index write and, through session listeners,
after each database commit that touched a job or an organisation: cached pages of the board key on it.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, joinedload

from .. import clock
from ..board import BoardPage, BoardQuery, JobDocument, JobIndex, search_jobs
from ..board.index import CONTENT_VERSION
from ..extensions import db
from ..extraction.states import STATE_NAME_BY_CODE
from ..jobs import description_text, sanitize_description, to_yearly
from ..models import Job, JobStatus, Organization

INDEX_SUBDIR = "jobs"
CHANGED_KEY = "board_jobs_changed"

log = logging.getLogger(__name__)
_listening = False

_indexes: dict[str, JobIndex] = {}
_indexes_lock = threading.Lock()


def job_index() -> JobIndex:
    """The app's job index (one object per directory and process, so its searcher and caches are reused)."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    index = _indexes.get(root)  # called on every board request: no lock and no path arithmetic when it exists
    if index is not None:
        return index
    with _indexes_lock:
        index = _indexes.get(root)
        if index is None:
            index = _indexes[root] = JobIndex(Path(root) / INDEX_SUBDIR)
        return index


def job_document(job: Job) -> JobDocument:
    """What the board indexes about a job: its words, filter values and yearly salary.

    A change to what goes in here needs board.index.CONTENT_VERSION bumped, so `flask index check` asks for a rebuild.
    """
    location = ", ".join(part for part in (job.city, job.region) if part) if job.city else ""
    words = [description_text(sanitize_description(job.description or ""))]
    words += [*(job.duties or []), *(job.qualifications or []), *(job.skills or [])]
    # Where the job is, in words a searcher types ("case manager columbus", "ohio", "remote"); the location filter
    # stays the exact match.
    words += [job.city or "", STATE_NAME_BY_CODE.get((job.region or "").upper(), ""), "remote" if job.remote else ""]
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
    """Differences between the jobs index and the database, and an index written by an older portal."""
    published = {job.id for job in _published_jobs()}
    index = job_index()
    indexed = index.all_ids()
    problems = []
    version = index.content_version()
    if version != CONTENT_VERSION:
        problems.append(
            f"the index was written by another version of the portal (job content version {version}, "
            f"this portal writes {CONTENT_VERSION}): run flask --app portal index rebuild"
        )
    problems += [f"job {job_id} is published but not on the board" for job_id in sorted(published - indexed)]
    problems += [f"job {job_id} is on the board but not published" for job_id in sorted(indexed - published)]
    return problems


def search_board(query: BoardQuery, today: date | None = None) -> tuple[BoardPage, list[Job]]:
    """Run a board search and load the page's jobs in result order (skipping any the database no longer publishes)."""
    page = search_jobs(job_index(), query, today or clock.today())
    if not page.job_ids:
        return page, []
    rows = db.session.scalars(
        sa.select(Job)
        .where(Job.id.in_(page.job_ids), Job.status == JobStatus.PUBLISHED)
        .options(joinedload(Job.organization))
    )
    by_id = {job.id: job for job in rows}
    return page, [by_id[job_id] for job_id in page.job_ids if job_id in by_id]


def board_stamp() -> str:
    """A token that changes whenever a job, an organisation or the board index changes (for page caches)."""
    return job_index().stamp()


def _after_flush(session: Session, _flush_context: Any) -> None:
    # The organisation's name is printed on every job card and page, so its changes count too.
    if any(isinstance(obj, (Job, Organization)) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[CHANGED_KEY] = True


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction() or not session.info.pop(CHANGED_KEY, False) or not has_app_context():
        return
    try:
        job_index().mark_changed()
    except OSError:
        # The commit already succeeded; cached pages still expire on their own within minutes.
        log.exception("could not renew the job board's change stamp")


def init_app(app: Flask) -> None:
    """Register the session listeners that renew the board's change stamp after job commits (once per process)."""
    global _listening
    if _listening:
        return
    event.listen(db.session, "after_flush", _after_flush)
    event.listen(db.session, "after_commit", _after_commit)
    _listening = True
