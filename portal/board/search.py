"""The job board's search over the jobs index: keywords, filters, counts per filter value, sorting, pages, spelling.

Each filter is read as a set of document numbers from the term postings (cached until the index changes). A facet's
counts apply every *other* chosen filter, so the counts beside "Full time" say how many jobs that choice would show.
Keyword matches and relevance come straight from the postings of each stemmed word (title and body, weighted by
rarity, title use and repetition), and the newest and salary orders are computed once per index version, so a page
costs set operations and one partial sort; stored fields are never loaded: the page is a list of job ids.
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from whoosh.query import Query, Term
from whoosh.searching import Searcher

from portal.board.index import JobIndex

SORTS = ("relevance", "newest", "salary")
FACET_FIELDS = ("location", "credential", "setting", "employment_type", "remote")
MAX_FACET_VALUES = 12
MAX_PER_PAGE = 50
MAX_QUERY_WORDS = 12
MAX_CACHED_SETS = 2000
# A word in the title says more about a job than the same word in its duties.
TITLE_WEIGHT = 3.0
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
        stems = [stem for stem, _word in _stems(searcher, query.q)]
        open_docs = _open_docs(index, searcher, today)
        if not stems:
            # No keywords means every open job; keywords that are all stop words ("the", "and") match nothing.
            matched = open_docs if not query.q.strip() else frozenset()
        else:
            matched = _text_docs(index, searcher, stems) & open_docs
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
        docnums = _ordered_page(index, searcher, stems, results, query, start, start + per_page)
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
        # A job past its closing date leaves the board when ``today`` (the portal's day) moves past it, unclosed.
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


def _stem_weights(index: JobIndex, searcher: Searcher, stem: str) -> dict[int, float]:
    """Document number -> how much this word says about the job: rarer words, title use and repetition weigh more."""
    key = ("stem", stem)
    cached = index.cache.get(key)
    if cached is None:
        reader = searcher.reader()
        raw: dict[int, float] = {}
        for field, weight in (("text", 1.0), ("title", TITLE_WEIGHT)):
            if (field, stem) not in reader:
                continue
            for docnum, frequency in reader.postings(field, stem).items_as("weight"):
                raw[docnum] = raw.get(docnum, 0.0) + weight * (1.0 + math.log(max(frequency, 1.0)))
        idf = math.log(1.0 + reader.doc_count_all() / max(len(raw), 1))
        cached = {docnum: value * idf for docnum, value in raw.items()}
        index.cache[key] = cached
    return cached


def _text_docs(index: JobIndex, searcher: Searcher, stems: list[str]) -> frozenset[int]:
    """Jobs holding every word (in the title or the body)."""
    docs: frozenset[int] | None = None
    for stem in sorted(stems, key=lambda s: len(_stem_weights(index, searcher, s))):
        found = _stem_weights(index, searcher, stem).keys()
        docs = frozenset(found) if docs is None else docs & found
        if not docs:
            break
    return docs or frozenset()


def _order(index: JobIndex, searcher: Searcher, sort: str, currency: str) -> list[int]:
    """Every document number in one sort order, computed once per index version."""
    key = ("order", sort, currency if sort == "salary" else "")
    cached = index.cache.get(key)
    if cached is None:
        reader = searcher.reader()
        published = list(reader.column_reader("published"))
        docs = range(reader.doc_count_all())
        if sort == "salary":
            salary = list(reader.column_reader("salary_max"))
            in_currency = set(searcher.docs_for_query(Term("currency", currency)))
            # Amounts in other currencies cannot be compared with these; they follow, highest first in their own terms.
            cached = sorted(docs, key=lambda d: (d not in in_currency, -salary[d], -published[d], -d))
        else:
            cached = sorted(docs, key=lambda d: (-published[d], -d))
        index.cache[key] = cached
    return cached


def _ordered_page(
    index: JobIndex, searcher: Searcher, stems: list[str], results: set[int], query: BoardQuery, start: int, end: int
) -> list[int]:
    if not results or start >= len(results):
        return []
    if query.sort == "relevance" and stems:
        weights = [_stem_weights(index, searcher, stem) for stem in stems]
        newest = _rank(index, searcher)
        scored = ((sum(w.get(d, 0.0) for w in weights), -newest[d], d) for d in results)
        return [d for _score, _rank_, d in heapq.nlargest(end, scored)][start:end]
    sort = "salary" if query.sort == "salary" else "newest"
    wanted = (d for d in _order(index, searcher, sort, query.currency) if d in results)
    return list(itertools.islice(wanted, start, end))


def _rank(index: JobIndex, searcher: Searcher) -> dict[int, int]:
    """Document number -> its place in newest-first order (the tie-break between equally relevant jobs)."""
    cached = index.cache.get(("rank",))
    if cached is None:
        cached = {d: place for place, d in enumerate(_order(index, searcher, "newest", ""))}
        index.cache[("rank",)] = cached
    return cached


def _corrections(index: JobIndex, corrector: Any, word: str) -> list[str]:
    key = ("spelling", word)
    cached = index.cache.get(key)
    if cached is None:
        # Assuming the first letter is right keeps the search through the word graph short (typos rarely start a word).
        cached = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
        index.cache[key] = cached
    return cached


def _suggestion(index: JobIndex, searcher: Searcher, text: str, open_docs: frozenset[int]) -> str | None:
    corrector = searcher.corrector("text")
    words = []
    changed = False
    for stem, word in _stems(searcher, text):
        if searcher.doc_frequency("text", stem) > 0:
            words.append(word)
            continue
        options = _corrections(index, corrector, word)
        if options:
            words.append(options[0])
            changed = True
        else:
            words.append(word)
    if not changed:
        return None
    suggestion = " ".join(words)
    # Offer it only when it would find something on the board as it stands.
    stems = [stem for stem, _word in _stems(searcher, suggestion)]
    if not stems or not (_text_docs(index, searcher, stems) & open_docs):
        return None
    return suggestion
