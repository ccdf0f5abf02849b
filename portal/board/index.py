"""The on-disk Whoosh index of published jobs: its schema, the document it stores, and safe writes.

Several server processes share one index directory. Every write goes through ``portal.index_writing.locked_writer``,
as the candidate index's do: one writer at a time across processes (a ``fcntl.flock`` that never outlives a crashed
process), so no caller ever sees Whoosh's LockError: after the retry budget the caller gets
``portal.errors.IndexBusy`` instead.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.searching import Searcher

from portal.index_writing import FileLock, locked_writer

INDEX_NAME = "jobs"
LOCK_FILE_NAME = "jobs.write.lock"
# Renewed after every change, so that caches of rendered pages in any process can tell they are out of date.
STAMP_FILE_NAME = "jobs.changed"
# What a job's document holds. Bump it when that changes (services.job_search.job_document): `flask index check` then
# says the index was built by an older portal and asks for `flask index rebuild`, which writes the new number.
# 1: title, organisation, description, duties, qualifications, skills. 2: + city, state name and "remote".
CONTENT_VERSION = 2
VERSION_FILE_NAME = "jobs.content-version"
DEFAULT_LOCK_BUDGET_SECONDS = 30.0
# A job with no closing date sorts and filters as if it closed on the last day datetime.date can hold.
NO_CLOSING_DATE = date.max.toordinal()
BUSY_MESSAGE = "The job board is busy with another update; please try again in a moment."


@dataclass(frozen=True)
class JobDocument:
    """Everything the board's index keeps about one published job; the services build it from the database."""

    job_id: int
    title: str
    text: str
    organization: str = ""
    location: str = ""
    remote: bool = False
    employment_type: str = "FULL_TIME"
    credentials: frozenset[str] = field(default_factory=frozenset)
    settings: frozenset[str] = field(default_factory=frozenset)
    currency: str = "USD"
    salary_min_yearly: float | None = None
    salary_max_yearly: float | None = None
    published_at: datetime | None = None
    valid_through: date | None = None


def job_schema() -> Schema:
    """Return the Whoosh schema of the job board index."""
    stemming = StemmingAnalyzer()
    return Schema(
        job_id=ID(unique=True, stored=True),
        # spelling=True keeps the unstemmed words too, so "Did you mean" suggests real words, not stems.
        title=TEXT(analyzer=stemming, spelling=True, field_boost=2.0, phrase=False),
        text=TEXT(analyzer=stemming, spelling=True, phrase=False),
        location=ID,
        remote=BOOLEAN,
        employment_type=ID,
        credentials=KEYWORD,
        settings=KEYWORD,
        currency=ID,
        # Whole yearly amounts: whoosh's float columns cannot be written (their default NaN is packed as an integer).
        salary_min=NUMERIC(int, bits=64, sortable=True),
        salary_max=NUMERIC(int, bits=64, sortable=True),
        published=NUMERIC(int, bits=64, sortable=True),
        closes_on=NUMERIC(int, sortable=True),
    )


def _keywords(values: Iterable[str]) -> str:
    # Credential codes and setting keys hold no spaces, so whitespace-split keywords keep each one whole.
    return " ".join(sorted({v.strip() for v in values if v and v.strip()}))


def _to_fields(doc: JobDocument) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "job_id": str(doc.job_id),
        "title": doc.title,
        "text": " ".join(part for part in (doc.title, doc.organization, doc.text) if part),
        "remote": bool(doc.remote),
        "employment_type": doc.employment_type,
        "credentials": _keywords(doc.credentials),
        "settings": _keywords(doc.settings),
        "currency": doc.currency,
        # Microseconds, so that jobs published in the same second still sort newest first.
        "published": round(doc.published_at.timestamp() * 1_000_000) if doc.published_at else 0,
        "closes_on": doc.valid_through.toordinal() if doc.valid_through else NO_CLOSING_DATE,
    }
    if doc.location:
        fields["location"] = doc.location
    # Sorting by salary puts jobs without one last, so they read as zero rather than being left out.
    fields["salary_min"] = round(doc.salary_min_yearly or 0)
    fields["salary_max"] = round(doc.salary_max_yearly or 0)
    return fields


class JobIndex:
    """The job board index in one directory, safe to share between server processes."""

    def __init__(
        self, path: str | os.PathLike[str], *, lock_budget_seconds: float = DEFAULT_LOCK_BUDGET_SECONDS
    ) -> None:
        self.path = Path(path)
        self.lock_budget_seconds = lock_budget_seconds
        self._lock = FileLock(self.path / LOCK_FILE_NAME, BUSY_MESSAGE)
        self._stamp_path = str(self.path / STAMP_FILE_NAME)
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        # Per-searcher caches (posting sets and the like), dropped whenever the index changes.
        self.cache: dict[tuple[Any, ...], Any] = {}
        # Whoosh searchers are not documented as thread-safe; one reader per process at a time is plenty here.
        self._read_lock = threading.RLock()

    # -- opening and writing -------------------------------------------------------------------------------------

    @contextmanager
    def _locked(self, deadline: float) -> Iterator[None]:
        with self._lock.held(deadline):
            yield

    def _index(self) -> whoosh_index.Index:
        if self._ix is not None:
            return self._ix
        self.path.mkdir(parents=True, exist_ok=True)
        if not whoosh_index.exists_in(str(self.path), indexname=INDEX_NAME):
            with self._locked(time.monotonic() + self.lock_budget_seconds):
                # Another process may have created it while this one waited.
                if not whoosh_index.exists_in(str(self.path), indexname=INDEX_NAME):
                    whoosh_index.create_in(str(self.path), job_schema(), indexname=INDEX_NAME)
                    self._write_content_version()
        self._ix = whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)
        return self._ix

    def content_version(self) -> int:
        """The CONTENT_VERSION the documents were written with (1 for an index from before the number was kept)."""
        try:
            return int((self.path / VERSION_FILE_NAME).read_text().strip())
        except FileNotFoundError:
            return 1 if whoosh_index.exists_in(str(self.path), indexname=INDEX_NAME) else CONTENT_VERSION
        except ValueError:
            return 0

    def _write_content_version(self) -> None:
        temporary = self.path / f"{VERSION_FILE_NAME}.{uuid.uuid4().hex}.tmp"
        temporary.write_text(f"{CONTENT_VERSION}\n")
        os.replace(temporary, self.path / VERSION_FILE_NAME)

    @contextmanager
    def _writing(
        self, commit: Callable[[writing.IndexWriter], None] | None = None, **writer_args: Any
    ) -> Iterator[Any]:
        with locked_writer(
            self._index(), self._lock, budget_seconds=self.lock_budget_seconds, commit=commit, **writer_args
        ) as writer:
            yield writer
        self.mark_changed()

    def upsert(self, doc: JobDocument) -> None:
        """Add a job or replace the one with the same id."""
        with self._writing() as writer:
            writer.update_document(**_to_fields(doc))

    def replace_all(self, docs: Iterable[JobDocument]) -> int:
        """Make the index hold exactly these jobs (a full rebuild in one write); return how many."""
        latest = {doc.job_id: doc for doc in docs}
        with self._writing(commit=lambda w: w.commit(mergetype=writing.CLEAR), limitmb=128) as writer:
            for doc in latest.values():
                writer.add_document(**_to_fields(doc))
        self._write_content_version()
        return len(latest)

    def delete(self, job_id: int) -> None:
        """Remove a job from the index (nothing happens if it is not there)."""
        with self._writing() as writer:
            writer.delete_by_term("job_id", str(job_id))

    def mark_changed(self) -> None:
        """Renew the change stamp (atomically: readers see the old token or the new one, never a partial file)."""
        self.path.mkdir(parents=True, exist_ok=True)
        temporary = f"{self._stamp_path}.{uuid.uuid4().hex}.tmp"
        with open(temporary, "w") as fh:
            fh.write(uuid.uuid4().hex)
        os.replace(temporary, self._stamp_path)

    def stamp(self) -> str:
        """A token that changes whenever the index or the jobs behind it change ('' before the first change)."""
        try:
            with open(self._stamp_path) as fh:
                return fh.read()
        except FileNotFoundError:
            return ""

    # -- reading -------------------------------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Searcher]:
        """A searcher on the latest committed index (shared and reused while the index is unchanged)."""
        with self._read_lock:
            if self._searcher is None:
                self._searcher = self._index().searcher()
            elif not self._searcher.up_to_date():
                # Searcher.refresh() reuses segment readers and can keep a segment's old deletions; open afresh.
                self._searcher.close()
                self._searcher = self._index().searcher()
                self.cache.clear()
            yield self._searcher

    def all_ids(self) -> set[int]:
        """Return the ids of every indexed job (for a consistency check against the database)."""
        with self.reading() as searcher:
            return {int(fields["job_id"]) for _docnum, fields in searcher.reader().iter_docs()}

    def count(self) -> int:
        """Return how many jobs the index holds."""
        with self.reading() as searcher:
            return searcher.doc_count()
