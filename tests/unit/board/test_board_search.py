"""The job board's index and search without an app: filters, counts, order, pages, spelling and safe writes."""

from __future__ import annotations

import multiprocessing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from portal.board import BoardQuery, FacetCount, JobDocument, JobIndex, search_jobs

TODAY = date(2026, 11, 26)


def doc(job_id: int, title: str, text: str = "", **fields: object) -> JobDocument:
    fields.setdefault("published_at", datetime(2026, 11, 1) + timedelta(hours=job_id))
    return JobDocument(job_id=job_id, title=title, text=text, **fields)  # type: ignore[arg-type]


@pytest.fixture
def index(tmp_path: Path) -> JobIndex:
    ix = JobIndex(tmp_path / "jobs")
    ix.replace_all(
        [
            doc(
                1,
                "Hospital Case Manager",
                "discharge planning",
                location="Columbus, OH",
                credentials=frozenset({"RN", "CCM"}),
                settings=frozenset({"hospitals"}),
                salary_max_yearly=90000,
            ),
            doc(
                2,
                "Behavioral Health Case Manager",
                "counselling caseloads",
                location="Dayton, OH",
                credentials=frozenset({"LCSW"}),
                employment_type="PART_TIME",
                salary_max_yearly=62400,
            ),
            doc(
                3,
                "Remote Utilization Review Nurse",
                "prior authorization",
                remote=True,
                credentials=frozenset({"RN"}),
                settings=frozenset({"insurance_firms"}),
                salary_max_yearly=110000,
            ),
            doc(
                4,
                "Lagos Case Manager",
                "discharge planning",
                location="Lagos, LA",
                currency="NGN",
                salary_max_yearly=9_000_000,
            ),
            doc(5, "Expired Case Manager", "discharge planning", valid_through=TODAY - timedelta(days=1)),
        ]
    )
    return ix


def ids(index: JobIndex, **query: object) -> list[int]:
    return list(search_jobs(index, BoardQuery(**query), TODAY).job_ids)  # type: ignore[arg-type]


def test_open_jobs_only_newest_first_without_keywords(index):
    assert ids(index) == [4, 3, 2, 1]


def test_keywords_need_every_word_and_are_stemmed(index):
    assert sorted(ids(index, q="planned discharges")) == [1, 4]
    assert ids(index, q="counsel") == [2]
    assert ids(index, q="the and of") == []  # only stop words: nothing to search for


def test_filters_combine(index):
    assert ids(index, credential="RN") == [3, 1]
    assert ids(index, credential="RN", remote=False) == [1]
    assert ids(index, setting="insurance_firms") == [3]
    assert ids(index, location="Dayton, OH") == [2]
    assert ids(index, employment_type="PART_TIME") == [2]
    assert ids(index, min_salary=90000) == [3, 1]  # amounts in NGN are not compared with dollars
    assert ids(index, min_salary=1_000_000, currency="NGN") == [4]


def test_counts_leave_out_their_own_filter(index):
    page = search_jobs(index, BoardQuery(credential="LCSW"), TODAY)
    assert page.total == 1
    assert FacetCount("RN", 2) in page.facets["credential"]
    assert page.facets["employment_type"] == (FacetCount("PART_TIME", 1),)
    assert page.facets["remote"] == (FacetCount("no", 1),)


def test_salary_sort_puts_the_chosen_currency_first(index):
    assert ids(index, sort="salary") == [3, 1, 2, 4]


def test_pages(index):
    first = search_jobs(index, BoardQuery(per_page=3), TODAY)
    assert (first.job_ids, first.pages, first.total) == ((4, 3, 2), 2, 4)
    assert ids(index, per_page=3, page=2) == [1]


def test_spelling_suggestion_only_when_it_finds_something(index):
    assert search_jobs(index, BoardQuery(q="dischrage"), TODAY).suggestion == "discharge"
    assert search_jobs(index, BoardQuery(q="discharge"), TODAY).suggestion is None
    assert search_jobs(index, BoardQuery(q="expird"), TODAY).suggestion is None  # only an expired job has it


def test_upsert_replaces_and_delete_removes(index):
    index.upsert(doc(2, "Behavioral Health Case Manager", "counselling", credentials=frozenset({"LSW"})))
    assert ids(index, credential="LCSW") == []
    assert ids(index, credential="LSW") == [2]
    index.delete(1)
    assert 1 not in ids(index)
    assert index.all_ids() == {2, 3, 4, 5}


def _write_many(path: str, start: int) -> None:
    ix = JobIndex(path)
    for n in range(start, start + 15):
        ix.upsert(doc(n, f"Case Manager {n}", "discharge planning"))


def test_concurrent_writers_in_several_processes_never_fail(tmp_path):
    path = str(tmp_path / "jobs")
    JobIndex(path).count()  # create it
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_many, args=(path, start)) for start in (100, 200, 300, 400)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert JobIndex(path).count() == 60


def test_an_empty_index_answers_with_no_jobs(tmp_path):
    page = search_jobs(JobIndex(tmp_path / "empty"), BoardQuery(q="nurse", credential="RN"), TODAY)
    assert (page.job_ids, page.total, page.suggestion) == ((), 0, None)
