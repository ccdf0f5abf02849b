"""The pipeline tables: the moves recruiters rely on are allowed, nonsense moves are refused, the data is checked."""

from __future__ import annotations

import pytest

from portal import pipeline
from portal.errors import CatalogError, InvalidInput, NotAllowed


def test_every_status_has_a_label_and_a_message_for_the_candidate() -> None:
    for status in pipeline.STATUSES:
        assert pipeline.LABELS[status]
        assert "{job}" in pipeline.CANDIDATE_MESSAGES[status]


@pytest.mark.parametrize("final", ["hired", "withdrawn"])
def test_hired_and_withdrawn_are_final(final: str) -> None:
    assert pipeline.is_final(final)
    with pytest.raises(NotAllowed, match="cannot move"):
        pipeline.check_move(final, "screening")


def test_a_refusal_says_where_the_application_can_go_instead() -> None:
    with pytest.raises(NotAllowed) as info:
        pipeline.check_move("applied", "hired")
    assert "Screening, Interview, Rejected, Withdrawn" in str(info.value)


def test_rejecting_needs_a_reason_and_the_reason_is_trimmed() -> None:
    with pytest.raises(InvalidInput) as info:
        pipeline.check_move("screening", "rejected", "   ")
    assert info.value.field == "reason"
    assert pipeline.check_move("screening", "rejected", "  no RN license  ").reason == "no RN license"


def test_an_overlong_reason_is_refused() -> None:
    with pytest.raises(InvalidInput, match="300"):
        pipeline.check_move("screening", "rejected", "x" * 301)


def test_unknown_statuses_are_named() -> None:
    with pytest.raises(InvalidInput, match="unknown status 'phone_screen'"):
        pipeline.check_move("applied", "phone_screen")
    with pytest.raises(InvalidInput):
        pipeline.allowed_transitions("nope")


def test_check_pipeline_rejects_an_unknown_target() -> None:
    broken = dict(pipeline.TRANSITIONS, offer=("hired", "onboarding"))
    with pytest.raises(CatalogError, match="offer -> onboarding"):
        pipeline.check_pipeline(broken)


def test_check_pipeline_rejects_a_move_back_to_applied() -> None:
    broken = dict(pipeline.TRANSITIONS, rejected=("applied",))
    with pytest.raises(CatalogError, match="back to applied"):
        pipeline.check_pipeline(broken)


def test_check_pipeline_rejects_a_missing_message() -> None:
    messages = {k: v for k, v in pipeline.CANDIDATE_MESSAGES.items() if k != "offer"}
    with pytest.raises(CatalogError, match="CANDIDATE_MESSAGES lacks offer"):
        pipeline.check_pipeline(messages=messages)
