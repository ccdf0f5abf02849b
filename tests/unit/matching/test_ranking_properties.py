"""Properties of the index's ranking over synthetic jobs and candidates: it obeys the pure rules, page by page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from portal.matching.index import CandidateDocument, CandidateIndex
from portal.matching.rules import CandidateFacts, JobRequirements, explain

CODES = ["RN", "LPN", "LCSW", "LMSW", "CCM", "ACM-RN", "CMAC", "CDMS"]
WORDS = (
    "utilization review discharge planning care coordination transitions psychosocial assessment crisis "
    "intervention medicaid medicare hospice home health caseload appeals denials interqual telephonic "
    "behavioral readmission chronic disease housing referrals motivational interviewing"
).split()
ORGS = (1, 2, 3)
JOBS = (10, 11)


def make_candidate(rng: random.Random, candidate_id: int) -> CandidateDocument:
    def pick(share: float) -> frozenset[str]:
        return frozenset(code for code in CODES if rng.random() < share)

    held = pick(0.35)
    return CandidateDocument(
        candidate_id=candidate_id,
        resume_text=" ".join(rng.choices(WORDS, k=rng.randint(0, 40))),
        held=held,
        expired=pick(0.1) - held,
        in_progress=pick(0.1) - held,
        experience_months=None if rng.random() < 0.1 else rng.randint(0, 120),
        owner_org_id=rng.choice((*ORGS, None)),
        discoverable=rng.random() < 0.3,
        applied_job_ids=frozenset(j for j in JOBS if rng.random() < 0.2),
    )


def make_job(rng: random.Random) -> JobRequirements:
    groups = tuple(tuple(rng.sample(CODES, rng.randint(1, 3))) for _ in range(rng.randint(0, 3)))
    return JobRequirements(
        required_groups=groups,
        preferred=tuple(rng.sample(CODES, rng.randint(0, 3))),
        min_experience_months=rng.choice((0, 12, 24, 60)),
        query_text=" ".join(rng.choices(WORDS, k=rng.randint(0, 12))),
    )


def in_pool(doc: CandidateDocument, org_id: int, job_id: int) -> bool:
    return doc.owner_org_id == org_id or job_id in doc.applied_job_ids or doc.discoverable


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[CandidateIndex, dict[int, CandidateDocument]]:
    rng = random.Random(2024)
    docs = {i: make_candidate(rng, i) for i in range(1, 401)}
    index = CandidateIndex(Path(tmp_path_factory.mktemp("ranking")))
    index.upsert_many(docs.values())
    # A few single upserts leave several segments, as a live index has.
    for i in (3, 150, 399):
        index.upsert(docs[i])
    return index, docs


@pytest.mark.parametrize("seed", range(25))
def test_ranking_obeys_the_rules_for_synthetic_jobs(
    world: tuple[CandidateIndex, dict[int, CandidateDocument]], seed: int
) -> None:
    index, docs = world
    rng = random.Random(seed)
    job, org_id, job_id = make_job(rng), rng.choice(ORGS), rng.choice(JOBS)

    total, rows = index.rank(job, job_id=job_id, org_id=org_id, limit=1000)
    ids = [row.candidate_id for row in rows]
    expected_pool = {cid for cid, doc in docs.items() if in_pool(doc, org_id, job_id)}
    assert total == len(rows) and set(ids) == expected_pool and len(ids) == len(set(ids))

    # The index's tier agrees with the pure rules applied to the source data.
    for row in rows:
        doc = docs[row.candidate_id]
        facts = CandidateFacts(doc.candidate_id, doc.held, doc.expired, doc.in_progress, doc.experience_months)
        assert row.tier == explain(job, facts).tier
        assert row.explanation.meets_required == explain(job, facts).meets_required

    meeting = [row.explanation.meets_required for row in rows]
    assert meeting == sorted(meeting, reverse=True), "every meeting candidate ranks above every non-meeting one"
    keys = [(row.tier, row.relevance) for row in rows]
    assert keys == sorted(keys, reverse=True)
    scores = [row.score for row in rows]
    assert scores == sorted(scores, reverse=True)

    page_size = rng.randint(3, 40)
    paged = [
        row.candidate_id
        for offset in range(0, total, page_size)
        for row in index.rank(job, job_id=job_id, org_id=org_id, limit=page_size, offset=offset)[1]
    ]
    assert paged == ids

    meeting_total, meeting_rows = index.rank(job, job_id=job_id, org_id=org_id, limit=1000, only_meeting=True)
    assert meeting_total == sum(meeting)
    assert [row.candidate_id for row in meeting_rows] == ids[:meeting_total]
