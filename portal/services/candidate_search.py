"""The candidate index (Whoosh) kept in step with the database, and the ranked pool of a job read from it.

No other service calls the index: SQLAlchemy session events note every candidate whose row, credentials, degrees,
resumes or applications were flushed, and AFTER the commit succeeds those candidates are read back from the database
and written to the index (deleted ones are removed). A rolled-back change never reaches the index.

When the write happens is the ``PORTAL_INDEX_SYNC`` setting:

- ``background`` (the default): the commit hands the candidate ids to this process's index writer thread and the
  request goes on at once. The thread takes everything queued so far, reads it back and writes it in ONE index commit
  under the cross-process file lock (``portal.matching.index``), so under load many uploads and applications share a
  Whoosh commit and no request ever waits for the lock. A failed write is logged and retried (``RETRY_DELAYS_SECONDS``);
  after the last retry it is logged as an error and left for ``flask index check``. ``flush_pending`` waits for the
  queue; it runs at interpreter exit (atexit) and in gunicorn's ``worker_exit`` hook, so a stopping process writes
  what it holds. A process killed before that (SIGKILL, power loss) loses only index entries, never data:
  ``flask index check`` lists them and ``flask index rebuild`` restores them from the database.
- ``inline``: the write runs in the committing thread before the commit call returns (tests, one-off scripts).

Either way the ranking filters its page against the database pool, so an index that lags a commit by a moment can
show a stale score but never a candidate the recruiter may not see, and an index error never reaches the user.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, selectinload

from ..errors import ConfigError, IndexBusy
from ..extensions import db
from ..matching import CandidateDocument, CandidateIndex, JobRequirements, RankedCandidate
from ..matching.rules import normalise_code, tier_of
from ..models import Application, Candidate, CandidateCredential, CandidateDegree, Job, Resume

log = logging.getLogger(__name__)

INDEX_SUBDIR = "candidates"
PENDING_KEY = "candidate_index_pending"
BACKGROUND_KEY = "candidate_index_background"
REBUILD_BATCH = 500
_CHILD_MODELS = (CandidateCredential, CandidateDegree, Resume, Application)

SYNC_BACKGROUND = "background"
SYNC_INLINE = "inline"
SYNC_MODES = (SYNC_BACKGROUND, SYNC_INLINE)
# Pauses before retrying a failed background write; a lock held past its 30 s budget or a database hiccup usually
# passes. After the last retry the candidates are left for `flask index check` / `flask index rebuild`.
RETRY_DELAYS_SECONDS: tuple[float, ...] = (0.5, 2.0, 5.0)
EXIT_FLUSH_SECONDS = 25.0

_indexes: dict[str, CandidateIndex] = {}
_indexes_lock = threading.Lock()
_listening = False


# -- the index object ----------------------------------------------------------------------------------------------


def index_path(app: Flask | None = None) -> Path:
    """Return the folder of the candidate index: SEARCH_INDEX_DIR/candidates."""
    config = (app or current_app).config
    return Path(config["SEARCH_INDEX_DIR"]) / INDEX_SUBDIR


def get_index(app: Flask | None = None) -> CandidateIndex:
    """Return this process's CandidateIndex for the app (one per folder, so its caches are shared by requests)."""
    path = str(index_path(app))
    with _indexes_lock:
        index = _indexes.get(path)
        if index is None:
            index = _indexes[path] = CandidateIndex(path)
        return index


# -- database rows to index documents -------------------------------------------------------------------------------


def _load_options() -> list[Any]:
    return [
        selectinload(Candidate.credentials),
        selectinload(Candidate.degrees),
        selectinload(Candidate.resumes),
    ]


def _applied_jobs(session: Session, candidate_ids: Iterable[int]) -> dict[int, set[int]]:
    ids = list(candidate_ids)
    applied: dict[int, set[int]] = {cid: set() for cid in ids}
    if not ids:
        return applied
    rows = session.execute(
        sa.select(Application.candidate_id, Application.job_id).where(Application.candidate_id.in_(ids))
    )
    for candidate_id, job_id in rows:
        applied[candidate_id].add(job_id)
    return applied


def document_for(candidate: Candidate, applied_job_ids: Iterable[int] = ()) -> CandidateDocument:
    """Build the index document of one candidate from its database rows."""
    by_status: dict[str, set[str]] = {"held": set(), "expired": set(), "in_progress": set()}
    states: set[str] = set()
    for credential in candidate.credentials:
        by_status.setdefault(credential.status, set()).add(normalise_code(credential.code))
        states.update(s for s in (credential.states or []) if s)
    resume = candidate.primary_resume
    return CandidateDocument(
        candidate_id=candidate.id,
        resume_text=resume.text if resume is not None else "",
        held=frozenset(by_status["held"]),
        # A code held under one license and lapsed under another counts as held; the index keeps only the best.
        expired=frozenset(by_status["expired"] - by_status["held"]),
        in_progress=frozenset(by_status["in_progress"] - by_status["held"]),
        experience_months=candidate.experience_months,
        owner_org_id=candidate.owner_org_id,
        discoverable=bool(candidate.discoverable),
        applied_job_ids=frozenset(applied_job_ids),
        states=frozenset(states),
        degrees=frozenset(d.code for d in candidate.degrees if d.code),
        location=candidate.location or "",
    )


def _documents(session: Session, candidate_ids: Iterable[int]) -> Iterator[CandidateDocument]:
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), REBUILD_BATCH):
        chunk = ids[start : start + REBUILD_BATCH]
        candidates = session.scalars(sa.select(Candidate).where(Candidate.id.in_(chunk)).options(*_load_options()))
        applied = _applied_jobs(session, chunk)
        for candidate in candidates:
            yield document_for(candidate, applied.get(candidate.id, ()))


def _all_candidate_ids(session: Session) -> list[int]:
    return list(session.scalars(sa.select(Candidate.id).order_by(Candidate.id)))


# -- keeping the index in step ---------------------------------------------------------------------------------------


def _committed_documents(ids: set[int]) -> tuple[list[CandidateDocument], list[int]]:
    # A fresh session: the caller's may be mid-commit, and only committed rows belong in the index.
    with Session(db.engine) as session:
        docs = list(_documents(session, ids))
    found = {doc.candidate_id for doc in docs}
    return docs, sorted(ids - found)


def _write(index: CandidateIndex, docs: list[CandidateDocument], removed: list[int]) -> int:
    index.upsert_many(docs)
    for candidate_id in removed:
        index.delete(candidate_id)
    return len(docs)


def sync_candidates(candidate_ids: Iterable[int], app: Flask | None = None) -> int:
    """Write the current database state of these candidates to the index (removing those that no longer exist)."""
    ids = set(candidate_ids)
    if not ids:
        return 0
    docs, removed = _committed_documents(ids)
    return _write(get_index(app), docs, removed)


_worker_indexes: dict[str, CandidateIndex] = {}


def _write_in_worker(path: str, docs: list[CandidateDocument], removed: list[int]) -> int:
    """Write documents to the index at ``path`` (runs in the background writer process)."""
    index = _worker_indexes.get(path)
    if index is None:
        index = _worker_indexes[path] = CandidateIndex(path)
    return _write(index, docs, removed)


@contextmanager
def index_writes_in_background(session: Session | None = None) -> Iterator[None]:
    """Within the block, each commit's index write runs in one background process (in commit order) while the
    caller goes on; the block ends when every write is done. For bulk imports: the index write of one batch then
    overlaps the parsing and storing of the next. Failures are logged, as for the usual after-commit write.
    """
    session = session or db.session()
    path = str(index_path())
    # spawn: a fresh interpreter, never a fork of a process that may hold threads or open connections.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures: list[Future[int]] = []

        def submit(ids: set[int]) -> None:
            docs, removed = _committed_documents(ids)
            futures.append(pool.submit(_write_in_worker, path, docs, removed))

        session.info[BACKGROUND_KEY] = submit
        try:
            yield
        finally:
            session.info.pop(BACKGROUND_KEY, None)
            for future in futures:
                try:
                    future.result()
                except IndexBusy:
                    log.error("candidate index busy; a batch of candidates was not updated (run flask index rebuild)")
                except Exception:
                    log.exception("candidate index update failed for a batch of candidates")


class _BackgroundWriter:
    """This process's writer thread for one index folder: everything queued goes into one index write."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pid = os.getpid()
        self._queued: set[int] = set()
        self._busy = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="candidate-index-writer", daemon=True)
        self._thread.start()

    def submit(self, ids: Iterable[int]) -> None:
        """Queue candidates for the next write; never waits for the index."""
        with self._changed:
            self._queued.update(ids)
            self._changed.notify_all()

    def wait_idle(self, deadline: float | None) -> bool:
        """Wait until nothing is queued or being written; False when the deadline came first."""
        with self._changed:
            while self._queued or self._busy:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    def _take(self) -> set[int]:
        with self._changed:
            while not self._queued:
                self._changed.wait()
            ids, self._queued = self._queued, set()
            self._busy = True
            return ids

    def _run(self) -> None:
        while True:
            ids = self._take()
            try:
                self._write(ids)
            except Exception:  # the thread must outlive any failure, or every later write would be lost
                log.exception("candidate index writer failed for %d candidates (run flask index check)", len(ids))
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _write(self, ids: set[int]) -> None:
        for delay in (*RETRY_DELAYS_SECONDS, None):
            try:
                with self.app.app_context():
                    sync_candidates(ids, self.app)
                return
            except Exception:
                if delay is None:
                    log.exception(
                        "candidate index update failed for %d candidates (%s); left for flask index check / rebuild",
                        len(ids),
                        _describe(ids),
                    )
                    return
                log.warning("candidate index update failed for %d candidates; retrying", len(ids), exc_info=True)
            time.sleep(delay)
            with self._changed:
                # What was queued meanwhile goes into the same retry.
                ids |= self._queued
                self._queued = set()


_writers: dict[str, _BackgroundWriter] = {}
_writers_lock = threading.Lock()


def _writer_for(app: Flask) -> _BackgroundWriter:
    path = str(index_path(app))
    with _writers_lock:
        writer = _writers.get(path)
        if writer is None or writer.pid != os.getpid():
            if not _writers:
                atexit.register(_flush_at_exit)
            writer = _writers[path] = _BackgroundWriter(app)
        writer.app = app
        return writer


def _forget_writers() -> None:
    # A forked child has none of the parent's threads; it starts its own writer when it first commits.
    global _writers_lock
    _writers.clear()
    _writers_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_writers)


def flush_pending(timeout: float | None = None) -> bool:
    """Wait until this process's queued candidate index writes are done; False when ``timeout`` seconds passed first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with _writers_lock:
        writers = [w for w in _writers.values() if w.pid == os.getpid()]
    return all([writer.wait_idle(deadline) for writer in writers])


def _flush_at_exit() -> None:
    if not flush_pending(EXIT_FLUSH_SECONDS):
        log.error("candidate index writes still pending at exit; run flask index check (and rebuild if it differs)")


def sync_candidate(candidate_id: int) -> None:
    """Write one candidate's current database state to the index (or remove it when it was deleted)."""
    sync_candidates([candidate_id])


def _pending(session: Session) -> set[int]:
    return session.info.setdefault(PENDING_KEY, set())


def _changed_candidate_ids(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Candidate):
            if obj.id is not None:
                ids.add(obj.id)
        elif isinstance(obj, _CHILD_MODELS):
            history = sa.inspect(obj).attrs.candidate_id.history
            ids.update(v for v in (*history.added, *history.deleted, *history.unchanged) if v is not None)
            if obj.candidate_id is not None:
                ids.add(obj.candidate_id)
    return ids


def _after_flush(session: Session, _flush_context: Any) -> None:
    # Ids of new rows exist only after the flush; session.new/dirty/deleted still list what was flushed.
    _pending(session).update(_changed_candidate_ids(session))


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A released savepoint is not a commit: its rows become visible (and indexable) with the outer commit.
        return
    ids = session.info.pop(PENDING_KEY, None)
    if not ids or not has_app_context():
        return
    try:
        background = session.info.get(BACKGROUND_KEY)
        if background is not None:
            background(ids)
        elif current_app.config["INDEX_SYNC"] == SYNC_BACKGROUND:
            _writer_for(current_app._get_current_object()).submit(ids)  # type: ignore[attr-defined]
        else:
            sync_candidates(ids)
    except IndexBusy:
        log.error("candidate index busy; %d candidates not updated (run flask index rebuild)", len(ids))
    except Exception:
        # The database commit already succeeded: the user must not see an error for a stale index entry.
        log.exception("candidate index update failed for %d candidates", len(ids))


def init_app(app: Flask) -> None:
    """Register the session listeners that keep the candidate index in step (once per process)."""
    global _listening
    mode = str(app.config.get("INDEX_SYNC") or SYNC_BACKGROUND).strip().lower()
    if mode not in SYNC_MODES:
        raise ConfigError(f"PORTAL_INDEX_SYNC must be one of {', '.join(SYNC_MODES)}, not {mode!r}.")
    app.config["INDEX_SYNC"] = mode
    app.extensions["candidate_index"] = index_path(app)
    if _listening:
        return
    event.listen(db.session, "after_flush", _after_flush)
    event.listen(db.session, "after_commit", _after_commit)
    _listening = True


# -- maintenance: rebuild and check ----------------------------------------------------------------------------------


def rebuild_index() -> int:
    """Rebuild the candidates index from the candidates; return how many were indexed."""
    index = get_index()
    index.clear()
    count = 0
    with Session(db.engine) as session:
        ids = _all_candidate_ids(session)
        for start in range(0, len(ids), REBUILD_BATCH):
            count += index.upsert_many(_documents(session, ids[start : start + REBUILD_BATCH]))
    if count:
        index.optimize()
    return count


def _describe(values: Iterable[Any]) -> str:
    items = sorted(str(v) for v in values)
    return ", ".join(items) if items else "none"


def check_index() -> list[str]:
    """List every difference between the candidates index and the database (empty when they agree)."""
    index = get_index()
    problems: list[str] = []
    stored = {facts.candidate_id: facts for facts in index.iter_stored()}
    with Session(db.engine) as session:
        ids = _all_candidate_ids(session)
        expected = {doc.candidate_id: doc for doc in _documents(session, ids)}
    for candidate_id in sorted(expected.keys() - stored.keys()):
        problems.append(f"candidate {candidate_id} is missing from the index")
    for candidate_id in sorted(stored.keys() - expected.keys()):
        problems.append(f"candidate {candidate_id} is in the index but not in the database")
    for candidate_id in sorted(expected.keys() & stored.keys()):
        doc, facts = expected[candidate_id], stored[candidate_id]
        compared = (
            ("held", {normalise_code(c) for c in doc.held}, facts.held),
            ("expired", {normalise_code(c) for c in doc.expired}, facts.expired),
            ("in_progress", {normalise_code(c) for c in doc.in_progress}, facts.in_progress),
            ("experience_months", doc.experience_months, facts.experience_months),
            ("degrees", {d.replace(" ", "_").lower() for d in doc.degrees}, {d.lower() for d in facts.degrees}),
            ("states", {s.upper().replace(" ", "_").lower() for s in doc.states}, {s.lower() for s in facts.states}),
        )
        for name, want, have in compared:
            if want != have:
                problems.append(
                    f"candidate {candidate_id}: {name} is {_show(have)} in the index, {_show(want)} in the database"
                )
    return problems


def _show(value: Any) -> str:
    if isinstance(value, set | frozenset):
        return "{" + _describe(value) + "}"
    return "none" if value is None else str(value)


# -- ranking a job's pool --------------------------------------------------------------------------------------------


FILTER_ALL = "all"
FILTER_NEAR = "near"  # meets every requirement, or misses exactly one group
FILTER_MEETING = "meeting"
FILTERS = (FILTER_ALL, FILTER_NEAR, FILTER_MEETING)
_MIN_TIER = {FILTER_ALL: 0, FILTER_NEAR: tier_of(1, False, 0), FILTER_MEETING: tier_of(0, False, 0)}


def job_query_text(job: Job) -> str:
    """Return the text the resume relevance is measured against: the job's title, duties, skills and setting."""
    setting = (job.template or "").replace("_", " ")
    return "\n".join([job.title or "", *(job.duties or []), *(job.skills or []), setting])


def requirements_for(job: Job) -> JobRequirements:
    """Return the ranking rules' view of a job: required groups, preferred credentials, minimum experience, text."""
    return JobRequirements(
        required_groups=tuple(tuple(group) for group in (job.required_credentials or []) if group),
        preferred=tuple(job.preferred_credentials or ()),
        min_experience_months=job.min_experience_months or 0,
        query_text=job_query_text(job),
    )


@dataclass(frozen=True)
class RankedPage:
    """One page of a job's ranked pool: how many match the filter in all, and this page's rows."""

    total: int
    rows: tuple[RankedCandidate, ...]


def pool_filter(job: Job) -> sa.ColumnElement[bool]:
    """Return the SQL condition of a job's pool: the org's sourced candidates, its applicants, the discoverable."""
    applied = sa.select(Application.candidate_id).where(Application.job_id == job.id)
    return sa.or_(
        Candidate.owner_org_id == job.organization_id,
        Candidate.discoverable.is_(True),
        Candidate.id.in_(applied),
    )


def in_pool(job: Job, candidate_id: int) -> bool:
    """Tell whether a candidate is in the job's pool, from the database (the source of truth)."""
    found = db.session.scalar(sa.select(Candidate.id).where(Candidate.id == candidate_id, pool_filter(job)))
    return found is not None


def rank_pool(job: Job, *, limit: int = 20, offset: int = 0, filter: str = FILTER_ALL) -> RankedPage:
    """Rank a job's pool by the rules (requirements, experience, preferred, relevance) and return one page."""
    if filter not in FILTERS:
        filter = FILTER_ALL
    index = get_index()
    requirements = requirements_for(job)

    def ranked(limit: int, offset: int, only_meeting: bool = False) -> tuple[int, list[RankedCandidate]]:
        return index.rank(
            requirements,
            job_id=job.id,
            org_id=job.organization_id,
            limit=limit,
            offset=offset,
            only_meeting=only_meeting,
        )

    if filter == FILTER_MEETING:
        total, rows = ranked(limit, offset, only_meeting=True)
    elif filter == FILTER_NEAR:
        total = _count_at_or_above(ranked, _MIN_TIER[FILTER_NEAR])
        _all, rows = ranked(max(0, min(limit, total - offset)), offset)
    else:
        total, rows = ranked(limit, offset)
    if rows:
        # The index can lag a commit by a moment; the database decides who may be shown.
        ids = [row.candidate_id for row in rows]
        allowed = set(db.session.scalars(sa.select(Candidate.id).where(Candidate.id.in_(ids), pool_filter(job))))
        rows = [row for row in rows if row.candidate_id in allowed]
    return RankedPage(total=total, rows=tuple(rows))


def _count_at_or_above(ranked: Any, min_tier: int) -> int:
    """Count the pool members whose tier is at least ``min_tier`` (the order is by tier, so bisect the positions)."""
    meeting, _rows = ranked(0, 0, True)
    everyone, _rows = ranked(0, 0)
    low, high = meeting, everyone  # the boundary lies in [meeting, everyone]
    while low < high:
        middle = (low + high) // 2
        _total, rows = ranked(1, middle)
        if rows and rows[0].tier >= min_tier:
            low = middle + 1
        else:
            high = middle
    return low
