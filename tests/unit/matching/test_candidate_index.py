"""The Whoosh candidate index: ranking rules, the recruiter's pool, writes and locking."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from portal.errors import IndexBusy
from portal.matching.index import LOCK_FILE_NAME, CandidateDocument, CandidateIndex
from portal.matching.rules import JobRequirements

ORG = 7
OTHER_ORG = 8
JOB = 42

UR_JOB = JobRequirements(
    required_groups=(("RN",), ("CCM", "ACM-RN")),
    preferred=("CMAC",),
    min_experience_months=24,
    query_text="Utilization review nurse: InterQual criteria, discharge planning, denials and appeals.",
)
PERFECT_TEXT = "Utilization review with InterQual criteria, discharge planning, denials and appeals for a health plan."
WEAK_TEXT = "Worked at a bakery and enjoys hiking."


def doc(
    candidate_id: int, held: set[str], text: str = WEAK_TEXT, months: int | None = 60, **kw: object
) -> CandidateDocument:
    kw.setdefault("owner_org_id", ORG)
    return CandidateDocument(
        candidate_id=candidate_id, resume_text=text, held=frozenset(held), experience_months=months, **kw
    )  # type: ignore[arg-type]


@pytest.fixture
def index(tmp_path: Path) -> CandidateIndex:
    return CandidateIndex(tmp_path / "candidates")


def ranked_ids(index: CandidateIndex, job: JobRequirements = UR_JOB, **kw: object) -> list[int]:
    _total, rows = index.rank(job, job_id=JOB, org_id=ORG, limit=100, **kw)  # type: ignore[arg-type]
    return [row.candidate_id for row in rows]


def test_meeting_candidate_with_weak_text_outranks_non_meeting_with_perfect_text(index: CandidateIndex) -> None:
    index.upsert_many([doc(1, {"RN"}, PERFECT_TEXT), doc(2, {"RN", "CCM"}, WEAK_TEXT)])
    assert ranked_ids(index) == [2, 1]


def test_experience_then_preferred_then_relevance(index: CandidateIndex) -> None:
    index.upsert_many(
        [
            doc(1, {"RN", "CCM", "CMAC"}, PERFECT_TEXT, months=12),  # short on experience
            doc(2, {"RN", "CCM"}, WEAK_TEXT, months=30),
            doc(3, {"RN", "ACM-RN", "CMAC"}, WEAK_TEXT, months=30),  # holds the preferred credential
            doc(4, {"RN", "CCM"}, PERFECT_TEXT, months=30),  # better text than 2
        ]
    )
    assert ranked_ids(index) == [3, 4, 2, 1]


def test_expired_and_in_progress_credentials_do_not_count(index: CandidateIndex) -> None:
    index.upsert_many(
        [
            doc(1, {"RN"}, PERFECT_TEXT, expired=frozenset({"CCM"})),
            doc(2, {"RN"}, PERFECT_TEXT, in_progress=frozenset({"ACM-RN"})),
            doc(3, {"RN", "CCM"}, WEAK_TEXT),
        ]
    )
    _total, rows = index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=10)
    assert rows[0].candidate_id == 3
    by_id = {row.candidate_id: row.explanation for row in rows}
    assert not by_id[1].meets_required and by_id[1].expired_relevant == ("CCM",)
    assert not by_id[2].meets_required and by_id[2].in_progress_relevant == ("ACM-RN",)


def test_near_misses_sort_above_far_misses(index: CandidateIndex) -> None:
    index.upsert_many([doc(1, set(), PERFECT_TEXT), doc(2, {"RN"}, WEAK_TEXT), doc(3, {"RN", "CCM"}, months=1)])
    assert ranked_ids(index) == [3, 2, 1]


def test_pool_is_own_sourced_applied_and_discoverable_only(index: CandidateIndex) -> None:
    index.upsert_many(
        [
            doc(1, {"RN", "CCM"}, owner_org_id=ORG),
            doc(2, {"RN", "CCM", "CMAC"}, PERFECT_TEXT, owner_org_id=OTHER_ORG),  # another org's private candidate
            doc(3, {"RN"}, owner_org_id=OTHER_ORG, applied_job_ids=frozenset({JOB})),
            doc(4, {"RN"}, owner_org_id=None, discoverable=True),
            doc(5, {"RN", "CCM"}, PERFECT_TEXT, owner_org_id=None, applied_job_ids=frozenset({JOB + 1})),
        ]
    )
    total, rows = index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=10)
    assert total == 3
    assert {row.candidate_id for row in rows} == {1, 3, 4}
    total, rows = index.rank(UR_JOB, job_id=JOB, org_id=OTHER_ORG, limit=10)
    assert {row.candidate_id for row in rows} == {2, 3, 4}


def test_explanation_reports_credentials_experience_and_resume_words(index: CandidateIndex) -> None:
    index.upsert(doc(1, {"RN", "CCM", "CMAC"}, PERFECT_TEXT, months=36))
    _total, [row] = index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=1)
    explanation = row.explanation
    assert explanation.meets_required and explanation.met == ("RN", "CCM")
    assert explanation.preferred_held == ("CMAC",)
    assert explanation.meets_experience and explanation.experience_months == 36
    assert {"utilization", "interqual", "discharge", "denials", "appeals"} <= set(explanation.matched_terms)
    assert "Meets every required credential (RN and CCM)" in explanation.text
    assert row.score >= row.tier * 1000


def test_upsert_replace_and_delete_are_reflected_immediately(index: CandidateIndex) -> None:
    index.upsert(doc(1, {"RN"}))
    index.upsert(doc(2, {"RN"}))
    _t, rows = index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=10)
    assert all(not row.explanation.meets_required for row in rows)

    index.upsert(doc(2, {"RN", "CCM"}))  # candidate 2 earned the CCM
    assert ranked_ids(index) == [2, 1]
    assert index.stored(2) is not None and index.stored(2).held == frozenset({"RN", "CCM"})  # type: ignore[union-attr]

    index.delete(2)
    assert ranked_ids(index) == [1]
    assert index.all_ids() == {1}
    assert index.stored(2) is None

    index.clear()
    assert index.all_ids() == set() and ranked_ids(index) == []


def test_upsert_many_keeps_the_last_version_of_a_repeated_candidate(index: CandidateIndex) -> None:
    index.upsert_many([doc(1, {"RN"}), doc(2, {"LCSW"})])
    assert index.upsert_many([doc(1, {"LPN"}), doc(1, {"RN", "CCM"}), doc(3, set())]) == 2
    assert index.all_ids() == {1, 2, 3}
    assert {f.candidate_id: f.held for f in index.iter_stored()}[1] == frozenset({"RN", "CCM"})


def test_pages_follow_the_full_order_and_only_meeting_filters(index: CandidateIndex) -> None:
    docs = [
        doc(i, {"RN", "CCM"} if i % 3 else {"RN"}, PERFECT_TEXT if i % 2 else WEAK_TEXT, months=i) for i in range(1, 31)
    ]
    index.upsert_many(docs)
    full = ranked_ids(index)
    paged = [c for offset in range(0, 30, 7) for c in ranked_ids_page(index, offset, 7)]
    assert paged == full
    total, rows = index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=100, only_meeting=True)
    assert total == 20 and all(row.explanation.meets_required for row in rows)


def ranked_ids_page(index: CandidateIndex, offset: int, limit: int) -> list[int]:
    _total, rows = index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=limit, offset=offset)
    return [row.candidate_id for row in rows]


def test_a_second_process_sees_writes_of_the_first(tmp_path: Path) -> None:
    reader = CandidateIndex(tmp_path)
    writer = CandidateIndex(tmp_path)
    assert reader.all_ids() == set()
    writer.upsert(doc(9, {"RN", "CCM"}))
    assert reader.all_ids() == {9}


def _upsert_batch(path: str, worker: int, count: int) -> None:
    index = CandidateIndex(path)
    for i in range(count):
        index.upsert(doc(worker * 1000 + i, {"RN"}, f"worker {worker} resume {i} discharge planning"))


def _rank_repeatedly(path: str, times: int) -> None:
    index = CandidateIndex(path)
    for _ in range(times):
        index.rank(UR_JOB, job_id=JOB, org_id=ORG, limit=20)


def test_concurrent_writes_from_several_processes_all_land(tmp_path: Path) -> None:
    path = str(tmp_path / "shared")
    CandidateIndex(path).count()  # create the index before the race
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_upsert_batch, args=(path, worker, 25)) for worker in range(4)]
    # A reader ranks while the writers commit and merge segments under it.
    processes.append(context.Process(target=_rank_repeatedly, args=(path, 60)))
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0, 0]
    expected = {worker * 1000 + i for worker in range(4) for i in range(25)}
    assert CandidateIndex(path).all_ids() == expected


def test_a_writer_waits_for_the_lock_and_gives_up_with_index_busy(tmp_path: Path) -> None:
    index = CandidateIndex(tmp_path, lock_budget_seconds=0.3)
    index.count()
    fd = os.open(tmp_path / LOCK_FILE_NAME, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(IndexBusy):
            index.upsert(doc(1, {"RN"}))
        patient = CandidateIndex(tmp_path, lock_budget_seconds=10)
        releaser = threading.Timer(0.2, fcntl.flock, args=(fd, fcntl.LOCK_UN))
        releaser.start()
        started = time.monotonic()
        patient.upsert(doc(2, {"RN"}))
        assert time.monotonic() - started >= 0.15
        releaser.join()
    finally:
        os.close(fd)
    assert index.all_ids() == {2}


def test_a_stray_whoosh_writer_surfaces_as_index_busy_not_lock_error(tmp_path: Path) -> None:
    index = CandidateIndex(tmp_path, lock_budget_seconds=0.3)
    stray = index._index().writer()
    try:
        with pytest.raises(IndexBusy):
            index.upsert(doc(1, {"RN"}))
    finally:
        stray.cancel()
    index.upsert(doc(1, {"RN"}))
    assert index.all_ids() == {1}


def test_fast_posting_reader_agrees_with_whoosh_matcher(index: CandidateIndex) -> None:
    # The ranking reads Whoosh's posting blocks directly for speed; a Whoosh upgrade that changes them must fail here.
    from portal.matching.index import _read_postings

    index.upsert_many(doc(i, {"RN"}, PERFECT_TEXT * (1 + i % 3) if i % 4 else WEAK_TEXT) for i in range(1, 400))
    index.count()
    reader = index._searcher.reader()  # type: ignore[union-attr]
    for leaf, _offset in reader.leaf_readers():
        for stem in ("util", "review", "appeal", "bakeri", "absent"):
            ids, weights = _read_postings(leaf, "resume", stem)
            expected: list[tuple[int, float]] = []
            if leaf.doc_frequency("resume", stem):
                matcher = leaf.postings("resume", stem)
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
            assert list(zip(ids, weights, strict=True)) == expected
            assert stem == "absent" or expected


def test_block_read_sets_agree_with_whoosh_queries_across_segments_and_deletions(index: CandidateIndex) -> None:
    # The pool, holder and experience sets are read from posting blocks, not through Whoosh's queries; a Whoosh change
    # in segment layout or deletions that made them disagree would let the wrong candidates into a tier.
    from whoosh.query import Every, NumericRange, Term

    index.upsert_many(
        doc(i, {"RN"} if i % 2 else {"LCSW"}, months=None if i % 7 == 0 else i, discoverable=i % 3 == 0)
        for i in range(1, 120)
    )
    index.upsert_many(doc(i, {"RN", "CCM"}, months=i * 2, owner_org_id=OTHER_ORG) for i in range(100, 140))
    index.delete(5)
    index.delete(130)

    def check(searcher: Any) -> None:
        assert len(list(searcher.reader().leaf_readers())) >= 2
        live = set(searcher.docs_for_query(Every()))
        for months in (0, 24, 60, 150):
            expected = set(searcher.docs_for_query(NumericRange("experience_months", months, None)))
            assert index._experienced(searcher, months) & live == expected
        for field, value in (("held", "rn"), ("held", "ccm"), ("owner_org", str(ORG)), ("discoverable", True)):
            expected = set(searcher.docs_for_query(Term(field, value)))
            assert index._term_docs(searcher, field, value) & live == expected
        pool = set(searcher.docs_for_query(Term("owner_org", str(ORG)) | Term("discoverable", True)))
        assert index._pool(searcher, ORG, JOB) == pool

    index._read(check)
    assert 5 not in ranked_ids(index) and 130 not in ranked_ids(index)
