"""The issue-3 thresholds on the held-out resume set (tests/fixtures/resumes-heldout), written apart from the rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from portal.documents import extract_text
from portal.extraction import parse_resume
from portal.extraction.evaluation import Report, score

HELDOUT = Path(__file__).parents[2] / "fixtures" / "resumes-heldout"
AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def report() -> Report:
    labels = json.loads((HELDOUT / "labels.json").read_text(encoding="utf-8"))
    result = Report()
    for file_name, label in sorted(labels.items()):
        text = extract_text((HELDOUT / file_name).read_bytes()).text
        score(result, file_name, parse_resume(text, AS_OF), label)
    return result


def test_every_labelled_resume_is_read(report: Report) -> None:
    assert report.documents == len(json.loads((HELDOUT / "labels.json").read_text(encoding="utf-8"))) >= 30
    assert not report.failed


def test_held_credentials_f1_is_at_least_098(report: Report) -> None:
    assert report.held.f1 >= 0.98, report.differences


def test_no_credential_of_another_person_or_meaning_is_reported(report: Report) -> None:
    assert report.foreign_codes == 0, report.differences


def test_status_is_right_for_at_least_95_percent_of_mentions(report: Report) -> None:
    assert report.status_accuracy >= 0.95, report.differences


def test_experience_is_within_3_months_for_at_least_90_percent_of_resumes(report: Report) -> None:
    assert report.experience_share >= 0.90, report.differences


def test_license_states_are_right_for_at_least_95_percent_of_pairs(report: Report) -> None:
    """Where each credential was issued, as (code, state) pairs: a recruiter filters on it."""
    assert report.states.f1 >= 0.95, report.differences
