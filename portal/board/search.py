"""The job board's search over the jobs index: keywords, filters, counts per filter value, sorting, pages, spelling.

Each filter is read as a set of document numbers from the term postings (cached until the index changes). A facet's
counts apply every *other* chosen filter, so the counts beside "Full time" say how many jobs that choice would show.
Only the requested page is scored or sorted, and stored fields are never loaded: the page is a list of job ids.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from portal.board.index import JobIndex

SORTS = ("relevance", "newest", "salary")
FACET_FIELDS = ("location", "credential", "setting", "employment_type", "remote")
MAX_FACET_VALUES = 12
MAX_PER_PAGE = 50
MAX_QUERY_WORDS = 12
MAX_CACHED_SETS = 2000
# Yearly amounts offered as "at least" salary choices, with their counts.
SALARY_STEPS = (30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000)

_FIELD_OF = {
    "location": "location",
    "credential": "credentials",
    "setting": "settings",
    "employment_type": "employment_type",
    "remote": "remote",
}


@dataclass(frozen=True)
class BoardQuery:
    """What a job seeker asked the board for. Empty strings and None mean 'no filter'."""

    q: str = ""
    location: str = ""
    credential: str = ""
    setting: str = ""
    employment_type: str = ""
    remote: bool | None = None
    min_salary: float | None = None
    currency: str = "USD"
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class FacetCount:
    """One value of a filter and how many jobs choosing it would show."""

    value: str
    count: int


@dataclass(frozen=True)
class BoardPage:
    """One page of results: job ids in order, totals, counts per filter value and a spelling suggestion."""

    job_ids: tuple[int, ...]
    total: int
    page: int
    pages: int
    per_page: int
    facets: dict[str, tuple[FacetCount, ...]]
    salary_counts: tuple[FacetCount, ...]
    suggestion: str | None


def search_jobs(index: JobIndex, query: BoardQuery, today: date) -> BoardPage:
    """Run a board query: the matching open jobs, one page of them, counts per filter value and 'did you mean'."""
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    with index.reading() as searcher:
        if searcher.doc_count_all() == 0:
            # An empty index has no columns to read; nothing is published yet.
            empty = {name: () for name in FACET_FIELDS}
            return BoardPage((), 0, 1, 1, per_page, empty, (), None)
        text_query = _text_query(searcher, query.q)
        open_docs = _open_docs(index, searcher, today)
        if text_query is None:
            matched = open_docs if not query.q.strip() else frozenset()
        else:
            matched = _docs(index, searcher, ("text", repr(text_query)), text_query) & open_docs
        chosen = _filter_sets(index, searcher, query)
        salary_docs = _salary_docs(index, searcher, query.currency, query.min_salary)

        results = set(matched)
        for docs in chosen.values():
            results &= docs
        if salary_docs is not None:
            results &= salary_docs

        facets = {
            name: _facet_counts(index, searcher, name, _without(matched, chosen, salary_docs, name))
            for name in FACET_FIELDS
        }
        salary_counts = _salary_counts(index, searcher, query.currency, _without(matched, chosen, None, ""))

        total = len(results)
        pages = max(1, math.ceil(total / per_page))
        page = max(1, min(query.page, pages))
        start = (page - 1) * per_page
        docnums = _ordered_page(searcher, text_query, results, query, start, per_page)
        ids = _job_ids(index, searcher)
        job_ids = tuple(ids[d] for d in docnums)

        suggestion = None
        if total == 0 and query.q.strip():
            suggestion = _suggestion(index, searcher, query.q, open_docs)
    return BoardPage(
        job_ids=job_ids,
        total=total,
        page=page,
        pages=pages,
        per_page=per_page,
        facets=facets,
        salary_counts=salary_counts,
        suggestion=suggestion,
    )


# -- sets of documents -------------------------------------------------------------------------------------------


def _docs(index: JobIndex, searcher: Searcher, key: tuple[Any, ...], q: Query) -> frozenset[int]:
    cached = index.cache.get(("docs", *key))
    if cached is None:
        if len(index.cache) > MAX_CACHED_SETS:
            index.cache.clear()  # every distinct keyword search adds one; start again rather than grow without end
        cached = frozenset(searcher.docs_for_query(q))
        index.cache[("docs", *key)] = cached
    return cached


def _open_docs(index: JobIndex, searcher: Searcher, today: date) -> frozenset[int]:
    key = ("open", today.toordinal())
    cached = index.cache.get(key)
    if cached is None:
        # A job past its closing date leaves the board the next morning, even before anyone closes it.
        reader = searcher.reader()
        closes = reader.column_reader("closes_on")
        cutoff = today.toordinal()
        cached = frozenset(d for d in range(reader.doc_count_all()) if closes[d] >= cutoff and not reader.is_deleted(d))
        index.cache[key] = cached
    return cached


def _filter_sets(index: JobIndex, searcher: Searcher, query: BoardQuery) -> dict[str, frozenset[int]]:
    values: dict[str, Any] = {
        "location": query.location.strip(),
        "credential": query.credential.strip(),
        "setting": query.setting.strip(),
        "employment_type": query.employment_type.strip(),
        "remote": query.remote,
    }
    chosen: dict[str, frozenset[int]] = {}
    for name, value in values.items():
        if value is None or value == "":
            continue
        field = _FIELD_OF[name]
        chosen[name] = _docs(index, searcher, (field, value), Term(field, value))
    return chosen


def _without(
    matched: frozenset[int], chosen: dict[str, frozenset[int]], salary_docs: frozenset[int] | None, skip: str
) -> set[int]:
    docs = set(matched)
    for name, filter_docs in chosen.items():
        if name != skip:
            docs &= filter_docs
    if salary_docs is not None:
        docs &= salary_docs
    return docs


def _facet_counts(index: JobIndex, searcher: Searcher, name: str, base: set[int]) -> tuple[FacetCount, ...]:
    field = _FIELD_OF[name]
    reader = searcher.reader()
    counts: list[FacetCount] = []
    if name == "remote":
        for value, label in ((True, "yes"), (False, "no")):
            n = len(_docs(index, searcher, (field, value), Term(field, value)) & base)
            if n:
                counts.append(FacetCount(label, n))
        return tuple(counts)
    for term in reader.field_terms(field):
        n = len(_docs(index, searcher, (field, term), Term(field, term)) & base)
        if n:
            counts.append(FacetCount(term, n))
    counts.sort(key=lambda c: (-c.count, c.value))
    return tuple(counts[:MAX_FACET_VALUES])


def _salary_docs(index: JobIndex, searcher: Searcher, currency: str, minimum: float | None) -> frozenset[int] | None:
    if minimum is None:
        return None
    key = ("salary", currency, minimum)
    cached = index.cache.get(key)
    if cached is None:
        in_currency = _docs(index, searcher, ("currency", currency), Term("currency", currency))
        column = searcher.reader().column_reader("salary_max")
        # A job meets "at least X" when the top of its range reaches X (in the chosen currency, as a yearly amount).
        cached = frozenset(d for d in in_currency if column[d] >= minimum)
        index.cache[key] = cached
    return cached


def _salary_counts(index: JobIndex, searcher: Searcher, currency: str, base: set[int]) -> tuple[FacetCount, ...]:
    counts = []
    for step in SALARY_STEPS:
        docs = _salary_docs(index, searcher, currency, float(step))
        assert docs is not None
        n = len(docs & base)
        if n:
            counts.append(FacetCount(str(step), n))
    return tuple(counts)


def _job_ids(index: JobIndex, searcher: Searcher) -> dict[int, int]:
    cached = index.cache.get(("ids",))
    if cached is None:
        cached = {docnum: int(fields["job_id"]) for docnum, fields in searcher.reader().iter_docs()}
        index.cache[("ids",)] = cached
    return cached


# -- keywords, order and spelling --------------------------------------------------------------------------------


def _stems(searcher: Searcher, text: str) -> list[tuple[str, str]]:
    """(stem, word as typed) for each distinct searchable word of the keywords, in order."""
    analyzer = searcher.schema["text"].analyzer
    seen: dict[str, str] = {}
    for token in analyzer(text or "", chars=True):
        if token.text not in seen:
            seen[token.text] = text[token.startchar : token.endchar].lower()
    return list(seen.items())[:MAX_QUERY_WORDS]


def _text_query(searcher: Searcher, text: str) -> Query | None:
    # Every word must appear, in the title or the body (a title match scores higher through the field boost).
    stems = _stems(searcher, text)
    if not stems:
        return None
    return And([Or([Term("title", stem), Term("text", stem)]) for stem, _word in stems])


def _ordered_page(
    searcher: Searcher, text_query: Query | None, results: set[int], query: BoardQuery, start: int, per_page: int
) -> list[int]:
    if not results or start >= len(results):
        return []
    end = start + per_page
    if query.sort == "relevance" and text_query is not None:
        hits = searcher.search(text_query, filter=results, limit=end)
        return [hit.docnum for hit in hits][start:end]
    reader = searcher.reader()
    published = reader.column_reader("published")
    if query.sort == "salary":
        salary = reader.column_reader("salary_max")
        in_currency = set(searcher.docs_for_query(Term("currency", query.currency)))
        # Amounts in other currencies cannot be compared with these; they follow, highest first in their own terms.
        key = lambda d: (d not in in_currency, -salary[d], -published[d], -d)  # noqa: E731
    else:
        key = lambda d: (-published[d], -d)  # noqa: E731
    return sorted(results, key=key)[start:end]


def _suggestion(index: JobIndex, searcher: Searcher, text: str, open_docs: frozenset[int]) -> str | None:
    corrector = searcher.corrector("text")
    words = []
    changed = False
    for stem, word in _stems(searcher, text):
        if searcher.doc_frequency("text", stem) > 0:
            words.append(word)
            continue
        options = corrector.suggest(word, limit=1)
        if options:
            words.append(options[0])
            changed = True
        else:
            words.append(word)
    if not changed:
        return None
    suggestion = " ".join(words)
    # Offer it only when it would find something on the board as it stands.
    corrected = _text_query(searcher, suggestion)
    if corrected is None or not (_docs(index, searcher, ("text", repr(corrected)), corrected) & open_docs):
        return None
    return suggestion
