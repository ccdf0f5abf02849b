"""The on-disk Whoosh index of candidates and the ranked screening query over it.

Several server processes share one index directory. Writes go through ``CandidateIndex._writing``, that is
``portal.index_writing.locked_writer``: one writer at a time across processes, waiting with short backoff until a
retry budget runs out, then ``portal.errors.IndexBusy``; Whoosh's ``LockError`` never escapes.

Ranking (see ``rules`` for the order): the recruiter's pool, each required group's holders, the experienced and the
holders of each preferred credential are read as sets of document numbers from the term postings (cached until the
index changes). Set algebra puts every pool member in a tier bucket without loading a stored document. Only the buckets
that overlap the requested page run the BM25F query, restricted to the bucket and cut at the page's end, so Whoosh's
block-quality skipping applies. Stored fields are loaded for the page only.
"""

from __future__ import annotations

import heapq
import math
import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, mul, truediv
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from portal.errors import IndexBusy
from portal.index_writing import FileLock, locked_writer
from portal.matching.rules import (
    CandidateFacts,
    JobRequirements,
    RankedCandidate,
    explain,
    normalise_code,
    score_for,
    tier_of,
)

T = TypeVar("T")

INDEX_NAME = "candidates"
READ_ATTEMPTS = 5
LOCK_FILE_NAME = "candidates.write.lock"
BUSY_MESSAGE = "The candidate index is busy with another update; please try again."
DEFAULT_LOCK_BUDGET_SECONDS = 30.0
# Index writes run in one background thread per process (portal.services.candidate_search), so polling often costs
# little; a long cap let a waiter sleep through many free moments while others took the lock before it.
# A job text rarely has more than this many distinctive words; more terms only slow the OR query.
MAX_QUERY_TERMS = 16
MIN_QUERY_TERMS = 4
# A word that most resumes contain says little about fit and costs the most to score.
COMMON_TERM_SHARE = 0.5
COMMON_TERM_MIN_DOCS = 1000
SET_CACHE_SIZE = 256
# Tier buckets of recently ranked jobs; each holds the whole pool (about 4 MB at 100,000 candidates).
BUCKET_CACHE_SIZE = 8
# Bounds the per-process cache of term scores (about 40 bytes per posting).
MAX_CACHED_POSTINGS = 4_000_000
# Whoosh's BM25F defaults.
BM25_B = 0.75
BM25_K1 = 1.2


@dataclass(frozen=True)
class CandidateDocument:
    """Everything the index keeps about one candidate; the services build it from the database."""

    candidate_id: int
    resume_text: str = ""
    held: frozenset[str] = frozenset()
    expired: frozenset[str] = frozenset()
    in_progress: frozenset[str] = frozenset()
    experience_months: int | None = None
    owner_org_id: int | None = None
    discoverable: bool = False
    applied_job_ids: frozenset[int] = frozenset()
    states: frozenset[str] = frozenset()
    degrees: frozenset[str] = frozenset()
    location: str = ""


def candidate_schema() -> Schema:
    """Return the Whoosh schema of the candidate index."""
    return Schema(
        candidate_id=ID(unique=True, stored=True),
        owner_org=KEYWORD,
        discoverable=BOOLEAN,
        applied_jobs=KEYWORD,
        held=KEYWORD(stored=True, lowercase=True),
        expired=KEYWORD(stored=True, lowercase=True),
        in_progress=KEYWORD(stored=True, lowercase=True),
        states=KEYWORD(stored=True, lowercase=True),
        experience_months=NUMERIC(int, stored=True),
        degrees=KEYWORD(stored=True, lowercase=True),
        location=TEXT(phrase=False),
        # Positions are never queried (no phrase search), and leaving them out makes bulk imports faster.
        resume=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
    )


def _keywords(values: Iterable[str]) -> str:
    # KEYWORD splits on whitespace, so a code or state with a space inside must not split into two terms.
    return " ".join(sorted({v.strip().replace(" ", "_") for v in values if v and v.strip()}))


def _code_keywords(codes: Iterable[str]) -> str:
    return _keywords(normalise_code(c) for c in codes)


def _to_fields(doc: CandidateDocument) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "candidate_id": str(doc.candidate_id),
        "owner_org": "" if doc.owner_org_id is None else str(doc.owner_org_id),
        "discoverable": bool(doc.discoverable),
        "applied_jobs": " ".join(str(j) for j in sorted(doc.applied_job_ids)),
        "held": _code_keywords(doc.held),
        "expired": _code_keywords(doc.expired),
        "in_progress": _code_keywords(doc.in_progress),
        "states": _keywords(s.upper() for s in doc.states),
        "degrees": _keywords(doc.degrees),
        "location": doc.location or "",
        "resume": doc.resume_text or "",
    }
    if doc.experience_months is not None:
        fields["experience_months"] = int(doc.experience_months)
    return fields


def _facts_from_stored(stored: dict[str, Any]) -> CandidateFacts:
    def split(name: str) -> frozenset[str]:
        return frozenset((stored.get(name) or "").split())

    return CandidateFacts(
        candidate_id=int(stored["candidate_id"]),
        held=split("held"),
        expired=split("expired"),
        in_progress=split("in_progress"),
        experience_months=stored.get("experience_months"),
        degrees=split("degrees"),
        states=split("states"),
    )


def _field_lengths(leaf: Any, fieldname: str) -> list[int]:
    """Return the length of one field for every document of a segment, reading the column in one go when possible."""
    count = leaf.doc_count_all()
    try:
        # Whoosh keeps lengths as one byte per document in a column; loading it whole is far faster than per doc.
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None:
            table = [byte_to_length(b) for b in range(256)]
            lengths = [table[b] for b in column.load()]
            if len(lengths) >= count:
                return lengths[:count]
    except (AttributeError, ImportError):
        pass
    return [leaf.doc_field_length(doc, fieldname, 0) or 0 for doc in range(count)]


def _postings_in(value: Any) -> int:
    """Return how many postings a term-cache entry holds (for the cache's size cap)."""
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        return sum(len(ids) for _months, ids in value)  # experience: (months, docnums) pairs
    return len(value)


def _deleted_docs(leaf: Any) -> Iterable[int]:
    """Return a segment's deleted docnums (segment-relative)."""
    # whoosh-reloaded caches the set on the reader as a property; plain Whoosh only answers one docnum at a time.
    deleted = getattr(leaf, "deleted_docs_set", None)
    if isinstance(deleted, frozenset | set):
        return deleted
    return [doc for doc in range(leaf.doc_count_all()) if leaf.is_deleted(doc)]


def _read_postings(leaf: Any, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """Return the segment-relative docnums and term weights of one term's postings, deletions included."""
    try:
        matcher = leaf.postings(fieldname, text)
    except TermNotFound:
        return [], []
    matcher = getattr(matcher, "child", matcher)  # deletions are applied by the pool filter instead
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(matcher, name) for name in ("_read_data", "_data", "_byteids", "_next_block", "_blocklength")):
        # Block at a time from Whoosh's raw block tuples, decoding the delta-coded ids with C-level accumulate;
        # Whoosh's own decoder is a Python generator and stepping posting by posting costs ten times more.
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            raw_ids, raw_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            ids.extend(raw_ids if matcher._byteids else accumulate(raw_ids))
            if raw_weights is None:
                weights.extend([1.0] * count)
            elif isinstance(raw_weights, float):
                weights.extend([raw_weights] * count)
            else:
                weights.extend(raw_weights)
            matcher._next_block()
        if len(ids) != len(weights):
            raise RuntimeError("unexpected Whoosh posting block layout")
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


@dataclass(frozen=True)
class _QueryTerm:
    stem: str
    word: str


class CandidateIndex:
    """The candidate search index in one directory, safe to share between server processes."""

    def __init__(
        self, path: str | os.PathLike[str], *, lock_budget_seconds: float = DEFAULT_LOCK_BUDGET_SECONDS
    ) -> None:
        self.path = Path(path)
        self.lock_budget_seconds = lock_budget_seconds
        self._lock = FileLock(self.path / LOCK_FILE_NAME, BUSY_MESSAGE)
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._sets: OrderedDict[tuple[Any, ...], frozenset[int]] = OrderedDict()
        self._buckets: OrderedDict[tuple[Any, ...], dict[int, set[int]]] = OrderedDict()
        # Per-segment data outlives a searcher: a segment's postings never change, only its deletions do, and
        # deleted documents never reach a bucket (the pool sets come from a searcher that skips them).
        self._term_scores: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cached_postings = 0
        # Term frequencies are few distinct floats; one object each, shared by every cached posting.
        self._shared_floats: dict[float, float] = {}
        # Whoosh searchers are not documented as thread-safe; one reader per process at a time is plenty here.
        self._read_lock = threading.RLock()

    # -- opening and writing -------------------------------------------------------------------------------------

    def _index(self) -> whoosh_index.Index:
        if self._ix is not None:
            return self._ix
        self.path.mkdir(parents=True, exist_ok=True)
        for attempt in range(READ_ATTEMPTS):
            try:
                if not whoosh_index.exists_in(str(self.path), indexname=INDEX_NAME):
                    with self._lock.held(time.monotonic() + self.lock_budget_seconds):
                        # Another process may have created it while this one waited.
                        if not whoosh_index.exists_in(str(self.path), indexname=INDEX_NAME):
                            whoosh_index.create_in(str(self.path), candidate_schema(), indexname=INDEX_NAME)
                self._ix = whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)
                return self._ix
            except FileNotFoundError:
                # Another process committed and removed the generation this one was reading; read the new one.
                if attempt == READ_ATTEMPTS - 1:
                    raise IndexBusy("The candidate index is being updated; please try again.") from None
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    @contextmanager
    def _writing(
        self, commit: Callable[[writing.IndexWriter], None] | None = None, **writer_args: Any
    ) -> Iterator[Any]:
        with locked_writer(
            self._index(), self._lock, budget_seconds=self.lock_budget_seconds, commit=commit, **writer_args
        ) as writer:
            yield writer

    def upsert(self, doc: CandidateDocument) -> None:
        """Add a candidate or replace the one with the same id."""
        with self._writing() as writer:
            writer.update_document(**_to_fields(doc))

    def upsert_many(self, docs: Iterable[CandidateDocument]) -> int:
        """Add or replace many candidates in one write (the last one wins for a repeated id); return how many."""
        latest: dict[int, CandidateDocument] = {}
        for doc in docs:
            latest[doc.candidate_id] = doc
        if not latest:
            return 0
        with self._writing(limitmb=512, procs=1) as writer:
            # One deletion pass then plain adds is Whoosh's fast path; update_document cannot see uncommitted adds.
            existing = writer.reader().doc_count_all() > 0
            for doc in latest.values():
                if existing:
                    writer.delete_by_term("candidate_id", str(doc.candidate_id))
                writer.add_document(**_to_fields(doc))
        return len(latest)

    def delete(self, candidate_id: int) -> None:
        """Remove a candidate from the index (nothing happens if it is not there)."""
        with self._writing() as writer:
            writer.delete_by_term("candidate_id", str(candidate_id))

    def clear(self) -> None:
        """Remove every candidate, e.g. before a full rebuild."""
        with self._writing(commit=lambda w: w.commit(mergetype=writing.CLEAR)):
            pass

    def optimize(self) -> None:
        """Merge the index into one segment (after a large import; ranking is faster on fewer segments)."""
        with self._writing(commit=lambda w: w.commit(optimize=True)):
            pass

    # -- reading -------------------------------------------------------------------------------------------------

    def _read(self, fn: Callable[[Searcher], T]) -> T:
        """Run ``fn`` with an up-to-date searcher, retrying when another process's commit removed files under it."""
        for attempt in range(READ_ATTEMPTS):
            with self._read_lock:
                try:
                    if self._searcher is None:
                        self._searcher = self._index().searcher()
                    elif not self._searcher.up_to_date():
                        # Searcher.refresh() reuses segment readers and can keep a segment's old deletions.
                        self._drop_searcher()
                        self._searcher = self._index().searcher()
                    return fn(self._searcher)
                except FileNotFoundError:
                    # A merge in another process deleted segment files this searcher had not opened yet.
                    self._drop_searcher()
                    if attempt == READ_ATTEMPTS - 1:
                        raise IndexBusy("The candidate index is being updated; please try again.") from None
            time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except OSError:
                pass
        self._searcher = None
        self._sets.clear()
        self._buckets.clear()

    def all_ids(self) -> set[int]:
        """Return the ids of every indexed candidate (for a consistency check against the database)."""
        return self._read(lambda s: {int(fields["candidate_id"]) for _docnum, fields in s.reader().iter_docs()})

    def stored(self, candidate_id: int) -> CandidateFacts | None:
        """Return what the index stores about one candidate, or None when it is not indexed."""
        fields = self._read(lambda s: s.document(candidate_id=str(candidate_id)))
        return None if fields is None else _facts_from_stored(fields)

    def iter_stored(self) -> Iterator[CandidateFacts]:
        """Yield the stored facts of every indexed candidate (for a consistency check)."""
        yield from self._read(lambda s: [_facts_from_stored(fields) for _docnum, fields in s.reader().iter_docs()])

    def count(self) -> int:
        """Return how many candidates the index holds."""
        return self._read(lambda s: s.doc_count())

    def _cached_set(self, key: tuple[Any, ...], build: Callable[[], frozenset[int]]) -> frozenset[int]:
        cached = self._sets.get(key)
        if cached is not None:
            self._sets.move_to_end(key)
            return cached
        docs = build()
        self._sets[key] = docs
        if len(self._sets) > SET_CACHE_SIZE:
            self._sets.popitem(last=False)
        return docs

    def _term_docs(self, searcher: Searcher, fieldname: str, value: Any) -> frozenset[int]:
        """Return the global docnums of one term's postings, deleted documents included (the pool removes them)."""

        def build() -> frozenset[int]:
            text = searcher.schema[fieldname].to_bytes(value)
            docs: set[int] = set()
            for leaf, offset in searcher.reader().leaf_readers():
                # Whoosh's docs_for_query yields posting by posting from a Python generator; this reads whole blocks.
                ids, _weights = _read_postings(leaf, fieldname, text)
                docs.update(map(offset.__add__, ids) if offset else ids)
            return frozenset(docs)

        return self._cached_set((fieldname, value), build)

    def _deleted(self, searcher: Searcher) -> frozenset[int]:
        def build() -> frozenset[int]:
            deleted: set[int] = set()
            for leaf, offset in searcher.reader().leaf_readers():
                if leaf.has_deletions():
                    deleted.update(offset + doc for doc in _deleted_docs(leaf))
            return frozenset(deleted)

        return self._cached_set(("deleted",), build)

    def _experienced(self, searcher: Searcher, min_months: int) -> frozenset[int]:
        """Return the docnums whose experience reaches ``min_months`` (deleted documents included)."""

        def build() -> frozenset[int]:
            docs: set[int] = set()
            for leaf, offset in searcher.reader().leaf_readers():
                for months, members in self._experience_postings(searcher, leaf, offset):
                    if months >= min_months:
                        docs.update(members)
            return frozenset(docs)

        return self._cached_set(("experience", min_months), build)

    def _experience_postings(self, searcher: Searcher, leaf: Any, offset: int) -> list[tuple[int, list[int]]]:
        # Whoosh's NumericRange walks a union matcher posting by posting (hundreds of ms at 100,000 candidates);
        # the full-precision terms of one segment, read block-wise, hold the same facts and never change.
        segment = leaf.segment()
        if segment is None:  # an empty index has a reader without a segment
            return []
        key = ("experience", segment.segment_id(), offset)
        cached = self._term_scores.get(key)
        if cached is not None:
            self._term_scores.move_to_end(key)
            return cached
        field = searcher.schema["experience_months"]
        values: list[tuple[int, list[int]]] = []
        for token in field.sortable_terms(leaf, "experience_months"):
            ids, _weights = _read_postings(leaf, "experience_months", token)
            values.append((int(field.from_bytes(token)), list(map(offset.__add__, ids)) if offset else ids))
        self._remember(key, values)
        return values

    def _pool(self, searcher: Searcher, org_id: int, job_id: int) -> frozenset[int]:
        own = self._term_docs(searcher, "owner_org", str(org_id))
        applied = self._term_docs(searcher, "applied_jobs", str(job_id))
        open_to_all = self._term_docs(searcher, "discoverable", True)
        return (own | applied | open_to_all) - self._deleted(searcher)

    def _holders(self, searcher: Searcher, codes: Iterable[str]) -> frozenset[int]:
        result: frozenset[int] = frozenset()
        for code in codes:
            result = result | self._term_docs(searcher, "held", normalise_code(code).lower())
        return result

    def _buckets_for(self, searcher: Searcher, job: JobRequirements, job_id: int, org_id: int) -> dict[int, set[int]]:
        # Page changes and filter switches rank the same job again; its buckets hold until the index changes.
        key = (org_id, job_id, job.required_groups, job.preferred, job.min_experience_months)
        buckets = self._buckets.get(key)
        if buckets is None:
            buckets = self._tier_buckets(searcher, job, self._pool(searcher, org_id, job_id))
            self._buckets[key] = buckets
            if len(self._buckets) > BUCKET_CACHE_SIZE:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return buckets

    def _tier_buckets(self, searcher: Searcher, job: JobRequirements, pool: frozenset[int]) -> dict[int, set[int]]:
        groups = [self._holders(searcher, group) & pool for group in job.required_groups]
        meeting = set(pool)
        for group_docs in groups:
            meeting &= group_docs
        near: set[int] = set()
        for i, group_docs in enumerate(groups):
            others = set(pool)
            for j, other_docs in enumerate(groups):
                if j != i:
                    others &= other_docs
            near |= others - group_docs
        levels = {0: set(pool) - meeting - near, 1: near, 2: meeting}

        if job.min_experience_months > 0:
            experienced: frozenset[int] | set[int] = self._experienced(searcher, job.min_experience_months)
        else:
            experienced = pool
        preferred_sets = [self._holders(searcher, (code,)) for code in job.preferred]

        buckets: dict[int, set[int]] = {}
        for level, level_docs in levels.items():
            missing = 2 - level
            for has_experience, docs in ((True, level_docs & experienced), (False, level_docs - experienced)):
                if not docs:
                    continue
                # at_least[k] = docs holding k or more preferred credentials, built with C-level set operations.
                at_least: list[set[int]] = [set(docs)]
                for pref in preferred_sets:
                    at_least.append(set())
                    for k in range(len(at_least) - 1, 0, -1):
                        at_least[k] |= at_least[k - 1] & pref
                for n, members in enumerate(at_least):
                    exact = members - at_least[n + 1] if n + 1 < len(at_least) else members
                    if exact:
                        buckets.setdefault(tier_of(missing, has_experience, n), set()).update(exact)
        return buckets

    def relevance_terms(self, query_text: str) -> list[str]:
        """Return the stemmed words of a job text that the relevance query uses (distinctive first, capped)."""
        return self._read(lambda s: [t.stem for t in self._query_terms(s, query_text)])

    def _query_terms(self, searcher: Searcher, text: str) -> list[_QueryTerm]:
        analyzer = searcher.schema["resume"].analyzer
        counts: Counter[str] = Counter()
        words: dict[str, str] = {}
        for token in analyzer(text or "", chars=True):
            if len(token.text) < 3 or token.text.isdigit():
                continue
            counts[token.text] += 1
            words.setdefault(token.text, text[token.startchar : token.endchar].lower())
        total = max(searcher.doc_count_all(), 1)
        weighted: list[tuple[float, str, float]] = []
        for stem, n in counts.items():
            df = searcher.doc_frequency("resume", stem)
            if df <= 0:
                continue
            weighted.append((n * math.log(1 + total / df), stem, df / total))
        weighted.sort(key=lambda item: (-item[0], item[1]))
        # On a small index every share is noisy, and scoring common words is cheap there anyway.
        cutoff = COMMON_TERM_SHARE if total >= COMMON_TERM_MIN_DOCS else 1.0
        distinctive = [stem for _w, stem, share in weighted if share <= cutoff]
        common = [stem for _w, stem, share in weighted if share > cutoff]
        chosen = distinctive[:MAX_QUERY_TERMS]
        if len(chosen) < MIN_QUERY_TERMS:
            chosen += common[: MIN_QUERY_TERMS - len(chosen)]
        return [_QueryTerm(stem, words[stem]) for stem in chosen]

    def _leaf_denominators(self, leaf: Any, avg_length: float) -> list[float]:
        key = ("lengths", leaf.segment().segment_id())
        cached = self._term_scores.get(key)
        if cached is not None:
            self._term_scores.move_to_end(key)
            return cached
        lengths = _field_lengths(leaf, "resume")
        avg = avg_length or 1.0
        dens = [BM25_K1 * ((1 - BM25_B) + BM25_B * length / avg) for length in lengths]
        self._remember(key, dens)
        return dens

    def _docnums(self, leaf: Any, offset: int) -> list[int]:
        key = ("docnums", leaf.segment().segment_id(), offset)
        cached = self._term_scores.get(key)
        if cached is None:
            cached = list(range(offset, offset + leaf.doc_count_all()))
            self._remember(key, cached)
        return cached

    def _term_scores_for(self, searcher: Searcher, stem: str) -> list[dict[int, float]]:
        """Return, per segment, the BM25 tf part of one resume term by global docnum (cached per segment)."""
        avg_length = searcher.avg_field_length("resume")
        out: list[dict[int, float]] = []
        for leaf, offset in searcher.reader().leaf_readers():
            key = ("term", leaf.segment().segment_id(), offset, stem)
            cached = self._term_scores.get(key)
            if cached is None:
                found = leaf.doc_frequency("resume", stem) > 0
                cached = self._read_term_scores(leaf, offset, avg_length, stem) if found else {}
                self._remember(key, cached)
            else:
                self._term_scores.move_to_end(key)
            if cached:
                out.append(cached)
        return out

    def _read_term_scores(self, leaf: Any, offset: int, avg_length: float, stem: str) -> dict[int, float]:
        dens = self._leaf_denominators(leaf, avg_length)
        ids, weights = _read_postings(leaf, "resume", stem)
        numbers = self._docnums(leaf, offset)
        # w * (K1 + 1) / (w + den) with C-level map/operator calls only: the first ranking of a job reads each term's
        # whole posting list, and a Python expression per posting made that read most of a cold query's time.
        tf = list(map(truediv, map(mul, weights, repeat(BM25_K1 + 1)), map(add, weights, map(dens.__getitem__, ids))))
        # Sharing the int and float objects between terms keeps the cache at about 40 bytes a posting.
        shared = self._shared_floats
        return dict(zip(map(numbers.__getitem__, ids), map(shared.setdefault, tf, tf), strict=True))

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        self._term_scores[key] = value
        self._cached_postings += _postings_in(value)
        while self._cached_postings > MAX_CACHED_POSTINGS and len(self._term_scores) > 1:
            _old_key, old = self._term_scores.popitem(last=False)
            self._cached_postings -= _postings_in(old)

    def _rank_bucket(
        self, scores: list[tuple[float, list[dict[int, float]]]], docs: set[int], need: int
    ) -> list[tuple[int, float]]:
        # Term-at-a-time BM25 restricted to the bucket: set intersection runs in C, and only the bucket's postings are
        # summed in Python. Whoosh's own union matcher walks every posting of every term through Python calls.
        acc: dict[int, float] = {}
        get = acc.get
        for idf, per_segment in scores:
            for term_scores in per_segment:
                common = term_scores.keys() & docs if len(term_scores) < len(docs) else docs & term_scores.keys()
                for doc in common:
                    acc[doc] = get(doc, 0.0) + idf * term_scores[doc]
        hits = heapq.nsmallest(need, acc.items(), key=lambda item: (-item[1], item[0]))
        if len(hits) < need:
            # Candidates with no matching word keep index order, which is stable while the index is unchanged.
            hits.extend((doc, 0.0) for doc in heapq.nsmallest(need - len(hits), docs - acc.keys()))
        return hits

    def rank(
        self,
        job: JobRequirements,
        *,
        job_id: int,
        org_id: int,
        limit: int,
        offset: int = 0,
        only_meeting: bool = False,
    ) -> tuple[int, list[RankedCandidate]]:
        """Rank the recruiter's pool for a job; return the pool size (or meeting count) and one page of candidates.

        The pool is the organisation's own sourced candidates, those who applied to this job, and those who chose to
        be discoverable; nobody else is ever returned.
        """
        limit = max(0, limit)
        offset = max(0, offset)
        return self._read(lambda s: self._rank(s, job, job_id, org_id, limit, offset, only_meeting))

    def _rank(
        self,
        searcher: Searcher,
        job: JobRequirements,
        job_id: int,
        org_id: int,
        limit: int,
        offset: int,
        only_meeting: bool,
    ) -> tuple[int, list[RankedCandidate]]:
        buckets = self._buckets_for(searcher, job, job_id, org_id)
        tiers = sorted(buckets, reverse=True)
        if only_meeting:
            tiers = [t for t in tiers if t >= tier_of(0, False, 0)]
        total = sum(len(buckets[t]) for t in tiers)
        if limit == 0 or offset >= total:
            return total, []

        terms = self._query_terms(searcher, job.query_text)
        scores = [(searcher.idf("resume", t.stem), self._term_scores_for(searcher, t.stem)) for t in terms]
        page: list[tuple[int, int, float, float]] = []  # (tier, docnum, relevance, best relevance in tier)
        position = 0
        for tier in tiers:
            docs = buckets[tier]
            if position + len(docs) <= offset:
                position += len(docs)
                continue
            start = max(0, offset - position)
            ranked = self._rank_bucket(scores, docs, start + limit - len(page))
            best = ranked[0][1] if ranked else 0.0
            page.extend((tier, docnum, rel, best) for docnum, rel in ranked[start:])
            position += len(docs)
            if len(page) >= limit:
                break

        rows: list[RankedCandidate] = []
        for tier, docnum, relevance, best in page[:limit]:
            facts = _facts_from_stored(searcher.stored_fields(docnum))
            words = [
                term.word
                for term, (_idf, per_segment) in zip(terms, scores, strict=True)
                if any(docnum in term_scores for term_scores in per_segment)
            ]
            explanation = explain(job, facts, words)
            rows.append(
                RankedCandidate(
                    candidate_id=facts.candidate_id,
                    score=score_for(tier, relevance, best),
                    explanation=explanation,
                    tier=tier,
                    relevance=relevance,
                )
            )
        return total, rows
