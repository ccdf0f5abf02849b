"""The pure ranking rules and the explanation a recruiter reads."""

from __future__ import annotations

import pytest

from portal.errors import InvalidInput
from portal.matching.rules import (
    CandidateFacts,
    JobRequirements,
    explain,
    rank_candidates,
    score_for,
    tier_of,
)

NURSE_CM = JobRequirements(
    required_groups=(("RN",), ("CCM", "ACM-RN")),
    preferred=("CMAC", "CCM"),
    min_experience_months=24,
    query_text="RN case manager: utilization review and discharge planning in an acute care hospital.",
)


def facts(candidate_id: int, held: set[str], months: int | None = 36, **kwargs: frozenset[str]) -> CandidateFacts:
    return CandidateFacts(candidate_id=candidate_id, held=frozenset(held), experience_months=months, **kwargs)


def order(job: JobRequirements, people: list[CandidateFacts], relevance: dict[int, float]) -> list[int]:
    return [row.candidate_id for row in rank_candidates(job, people, relevance)]


def test_meeting_candidate_with_weak_text_outranks_non_meeting_with_perfect_text() -> None:
    meets = facts(1, {"RN", "CCM"})
    misses = facts(2, {"RN"})
    assert order(NURSE_CM, [misses, meets], {1: 0.01, 2: 50.0}) == [1, 2]


def test_experience_ranks_above_preferred_and_text() -> None:
    experienced = facts(1, {"RN", "ACM-RN"}, months=24)
    junior_with_extras = facts(2, {"RN", "CCM", "CMAC"}, months=23)
    assert order(NURSE_CM, [junior_with_extras, experienced], {1: 0.0, 2: 99.0}) == [1, 2]


def test_more_preferred_credentials_rank_higher() -> None:
    one = facts(1, {"RN", "CCM"})
    two = facts(2, {"RN", "CCM", "CMAC"})
    none = facts(3, {"RN", "ACM-RN"})
    assert order(NURSE_CM, [one, none, two], {1: 9.0, 2: 1.0, 3: 10.0}) == [2, 1, 3]


def test_relevance_decides_within_a_tier_and_ties_go_to_lower_id() -> None:
    people = [facts(i, {"RN", "CCM"}) for i in (5, 6, 7)]
    assert order(NURSE_CM, people, {5: 1.0, 6: 3.0, 7: 1.0}) == [6, 5, 7]


@pytest.mark.parametrize("status", ["expired", "in_progress"])
def test_expired_and_in_progress_credentials_do_not_meet_a_requirement(status: str) -> None:
    candidate = CandidateFacts(1, held=frozenset({"RN"}), experience_months=60, **{status: frozenset({"CCM"})})
    explanation = explain(NURSE_CM, candidate)
    assert not explanation.meets_required
    assert explanation.missing == ("CCM or ACM-RN",)
    noted = explanation.expired_relevant if status == "expired" else explanation.in_progress_relevant
    assert noted == ("CCM",)
    assert ("expired" if status == "expired" else "in progress") in explanation.text
    assert "CCM" not in explanation.preferred_held


def test_near_miss_ranks_above_far_miss_and_short_experience_above_any_miss() -> None:
    short = facts(1, {"RN", "CCM"}, months=3)
    near = facts(2, {"RN"}, months=120)
    far = facts(3, set(), months=120)
    assert order(NURSE_CM, [far, near, short], {1: 0.0, 2: 5.0, 3: 9.0}) == [1, 2, 3]


def test_unknown_experience_fails_a_minimum_but_passes_when_none_is_asked() -> None:
    unknown = facts(1, {"RN", "CCM"}, months=None)
    assert not explain(NURSE_CM, unknown).meets_experience
    assert "experience not stated" in explain(NURSE_CM, unknown).text
    no_minimum = JobRequirements(required_groups=(("RN",),))
    assert explain(no_minimum, unknown).meets_experience


def test_explanation_names_met_missing_and_matched_words() -> None:
    explanation = explain(NURSE_CM, facts(1, {"RN", "LCSW"}, months=12), matched_terms=["discharge", "review"])
    assert explanation.met == ("RN",)
    assert explanation.missing == ("CCM or ACM-RN",)
    assert explanation.experience_months == 12 and explanation.min_experience_months == 24
    assert not explanation.meets_experience
    assert explanation.matched_terms == ("discharge", "review")
    assert explanation.text.startswith("Missing required CCM or ACM-RN")
    assert "only 1 year of experience (2 years required)" in explanation.text
    assert "discharge and review" in explanation.text

    full = explain(NURSE_CM, facts(2, {"RN", "CCM", "CMAC"}))
    assert full.meets_required and full.met == ("RN", "CCM")
    assert full.preferred_held == ("CMAC", "CCM")
    assert "Meets every required credential (RN and CCM)" in full.text
    assert "Holds preferred CMAC and CCM" in full.text


def test_scores_are_monotone_with_the_order() -> None:
    people = [
        facts(1, {"RN", "CCM", "CMAC"}),
        facts(2, {"RN", "CCM"}, months=1),
        facts(3, {"RN"}),
        facts(4, set()),
        facts(5, {"RN", "ACM-RN"}),
    ]
    rows = rank_candidates(NURSE_CM, people, {1: 0.5, 2: 8.0, 3: 20.0, 4: 30.0, 5: 2.0})
    scores = [row.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)
    # The tier dominates: a full relevance bonus never lifts a candidate into the next tier.
    assert score_for(tier_of(1, True, 0), 10.0, 10.0) < score_for(tier_of(0, False, 0), 0.0, 10.0)


def test_job_codes_are_normalised_and_bad_requirements_refused() -> None:
    job = JobRequirements(required_groups=((" rn ", "RN"), ("ccm",)), preferred=("cmac",))
    assert job.required_groups == (("RN",), ("CCM",))
    assert job.preferred == ("CMAC",)
    assert explain(job, CandidateFacts(1, held=frozenset({"rn", "Ccm"}))).meets_required
    with pytest.raises(InvalidInput):
        JobRequirements(min_experience_months=-1)
    with pytest.raises(InvalidInput):
        JobRequirements(required_groups=((),))
    with pytest.raises(InvalidInput):
        JobRequirements(required_groups=("RN",))  # type: ignore[arg-type]


def test_a_job_without_requirements_explains_that() -> None:
    explanation = explain(JobRequirements(), facts(1, set(), months=None))
    assert explanation.meets_required and explanation.meets_experience
    assert explanation.text == "No credential is required."
