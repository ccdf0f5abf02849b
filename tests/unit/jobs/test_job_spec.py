"""Importing a job file: every rule gives a clear message on the right field, and export reads back unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.errors import InvalidInput
from portal.jobs import JobSpec, Location, SalaryRange, spec_from_json, spec_to_json
from tests.unit.jobs.job_samples import PORTAL_CREDENTIAL_CODES, TODAY, VALID_JOB

MakeJob = Callable[..., dict[str, Any]]


def _salary(**changes: Any) -> dict[str, Any]:
    return {"currency": "USD", "min": 72000, "max": 88000, "unit": "YEAR", **changes}


def _reject(job: dict[str, Any], known_codes: list[str], today: date) -> InvalidInput:
    with pytest.raises(InvalidInput) as error:
        spec_from_json(job, known_codes, today)
    return error.value


def test_valid_job_becomes_a_spec(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    spec = spec_from_json(make_job(), known_codes, today)
    assert spec.title == "RN Case Manager, Utilization Review"
    assert spec.required_credentials == (("RN",), ("CCM", "ACM"))
    assert spec.location == Location(city="Columbus", region="OH", country="US")
    assert spec.salary == SalaryRange(currency="USD", min=72000, max=88000, unit="YEAR")
    assert spec.valid_through == date(2027, 1, 31)
    assert spec.setting == "hospital_utilization_review"
    assert spec.credential_codes == {"RN", "CCM", "ACM", "CDMS"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "a job title is required"),
        ({"title": "   "}, "title", "a job title is required"),
        ({"title": 42}, "title", "a job title is required"),
        ({"title": "x" * 151}, "title", "keep it to 150"),
        ({"valid_thru": "2027-01-01"}, "valid_thru", "is not a job field"),
        ({"template": "astronaut"}, "template", "unknown template 'astronaut'; choose one of"),
        ({"required_credentials": "RN"}, "required_credentials", "must be a list of groups"),
        ({"required_credentials": [["RN"], []]}, "required_credentials[1]", "non-empty list"),
        (
            {"required_credentials": [["RN"], ["CCM", "XYZ"]]},
            "required_credentials[1][1]",
            "unknown credential code 'XYZ'",
        ),
        ({"required_credentials": [["RN"], ["RN", "CCM"]]}, "required_credentials[1][0]", "listed more than once"),
        ({"required_credentials": [[7]]}, "required_credentials[0][0]", "non-empty string"),
        ({"preferred_credentials": ["CCRN"]}, "preferred_credentials[0]", "unknown credential code 'CCRN'"),
        ({"preferred_credentials": ["CCM"]}, "preferred_credentials[0]", "already a required credential"),
        ({"preferred_credentials": ["CDMS", "CDMS"]}, "preferred_credentials[1]", "listed more than once"),
        ({"preferred_credentials": "CDMS"}, "preferred_credentials", "must be a list"),
        ({"min_experience_months": -1}, "min_experience_months", "cannot be negative"),
        ({"min_experience_months": 601}, "min_experience_months", "over 50 years"),
        ({"min_experience_months": 1.5}, "min_experience_months", "whole number of months"),
        ({"min_experience_months": True}, "min_experience_months", "whole number of months"),
        ({"degree": "MBA"}, "degree", "unknown degree 'MBA'"),
        ({"location": "Columbus"}, "location", "must be an object"),
        ({"location": {"city": "Columbus", "region": "OH", "country": "USA"}}, "location.country", "two-letter ISO"),
        ({"location": {"city": "", "region": "OH", "country": "US"}}, "location.city", "city is required"),
        ({"location": {"city": "X", "country": "US", "zip": "1"}}, "location.zip", "not a location field"),
        ({"location": {"city": 5, "region": "OH", "country": "US"}}, "location.city", "must be text"),
        ({"employment_type": "TEMPORARY"}, "employment_type", "one of FULL_TIME, PART_TIME, CONTRACT"),
        ({"salary": 70000}, "salary", "must be an object"),
        ({"salary": _salary(currency="XYZ")}, "salary.currency", "currency must be one of"),
        ({"salary": _salary(unit="WEEK")}, "salary.unit", "unit must be one of YEAR, MONTH, HOUR"),
        ({"salary": _salary(min="70k")}, "salary.min", "must be a number"),
        ({"salary": _salary(min=True)}, "salary.min", "must be a number"),
        ({"salary": _salary(max=float("nan"))}, "salary.max", "must be a number"),
        ({"salary": _salary(min=-5)}, "salary.min", "more than zero"),
        ({"salary": _salary(min=0)}, "salary.min", "more than zero"),
        ({"salary": _salary(min=90000, max=80000)}, "salary.min", "minimum ($90,000) is above the maximum ($80,000)"),
        ({"salary": _salary(min=900000, max=1_500_000)}, "salary.max", "over $1,000,000 a year"),
        ({"salary": _salary(min=50, max=1500, unit="HOUR")}, "salary.max", "$1,500 an hour is implausibly high"),
        ({"salary": _salary(min=50000, max=90000, unit="MONTH")}, "salary.max", "check for extra zeros"),
        ({"salary": _salary(bonus=1)}, "salary.bonus", "not a salary field"),
        ({"description": ""}, "description", "a description is required"),
        ({"description": "<script>alert(1)</script>"}, "description", "no readable text"),
        ({"description": "x" * 20001}, "description", "keep it to 20,000"),
        ({"duties": []}, "duties", "list at least one"),
        ({"duties": ["Plan discharges.", ""]}, "duties[1]", "non-empty text"),
        ({"duties": "Plan discharges."}, "duties", "must be a list"),
        ({"skills": [None]}, "skills[0]", "non-empty text"),
        ({"qualifications": ["q"] * 41}, "qualifications", "keep it to 40"),
        (
            {"valid_through": "2026-11-25"},
            "valid_through",
            "closing date 2026-11-25 is in the past (today is 2026-11-26)",
        ),
        ({"valid_through": "31/01/2027"}, "valid_through", "YYYY-MM-DD"),
        ({"valid_through": "2027-02-30"}, "valid_through", "not a real date"),
        ({"remote": "no"}, "remote", "true or false"),
        ({"work_settings": ["space_station"]}, "work_settings[0]", "unknown work setting"),
        ({"work_settings": ["hospitals", "hospitals"]}, "work_settings", "more than once"),
    ],
)
def test_every_rule_names_its_field(
    make_job: MakeJob, known_codes: list[str], today: date, changes: dict[str, Any], field: str, message: str
) -> None:
    error = _reject(make_job(**changes), known_codes, today)
    assert error.field == field
    assert message in str(error)


@pytest.mark.parametrize("key", ["title", "template", "location", "salary", "description", "duties", "skills"])
def test_missing_required_field(make_job: MakeJob, known_codes: list[str], today: date, key: str) -> None:
    job = make_job()
    del job[key]
    error = _reject(job, known_codes, today)
    assert error.field == key
    assert "required" in str(error)


def test_not_an_object_is_rejected(known_codes: list[str], today: date) -> None:
    with pytest.raises(InvalidInput, match="JSON object"):
        spec_from_json([VALID_JOB], known_codes, today)  # type: ignore[arg-type]


def test_closing_today_is_allowed(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    assert spec_from_json(make_job(valid_through="2026-11-26"), known_codes, today).valid_through == today


def test_naira_monthly_salary_is_not_called_absurd(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    job = make_job(salary={"currency": "NGN", "min": 80000, "max": 120000, "unit": "MONTH"})
    assert spec_from_json(job, known_codes, today).salary == SalaryRange("NGN", 80000, 120000, "MONTH")


def test_remote_job_needs_no_city(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    job = make_job(remote=True, location={"city": "", "region": "", "country": "US"})
    spec = spec_from_json(job, known_codes, today)
    assert spec.remote and spec.location.city == ""


def test_codes_match_without_regard_to_case(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    job = make_job(required_credentials=[["rn"], ["ccm", "c-swcm"]], degree="bsn")
    spec = spec_from_json(job, known_codes, today)
    assert spec.required_credentials == (("RN",), ("CCM", "C-SWCM"))
    assert spec.degree == "BSN"


def test_optional_keys_take_defaults(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    job = make_job()
    for key in ("remote", "valid_through", "qualifications", "degree", "work_settings"):
        del job[key]
    spec = spec_from_json(job, known_codes, today)
    assert (spec.remote, spec.valid_through, spec.qualifications, spec.degree) == (False, None, (), None)
    assert spec.work_settings == ("hospitals", "health_care_providers")  # from the template
    assert spec_from_json(spec_to_json(spec), known_codes, today) == spec


def test_description_is_kept_as_written_and_rendered_safely(
    make_job: MakeJob, known_codes: list[str], today: date
) -> None:
    raw = '<p onclick="steal()">Join us & grow</p><script>alert(1)</script>'
    spec = spec_from_json(make_job(description=raw), known_codes, today)
    assert spec.description == raw
    assert spec.description_html == "<p>Join us &amp; grow</p>"


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"valid_through": None, "degree": None},
        {"remote": True, "location": {"city": "", "region": "", "country": "US"}},
        {"salary": {"currency": "NGN", "min": 85000.5, "max": 95000, "unit": "MONTH"}, "template": "general"},
        {"salary": {"currency": "USD", "min": 31.5, "max": 38, "unit": "HOUR"}, "employment_type": "PART_TIME"},
        {"required_credentials": [], "preferred_credentials": [], "qualifications": [], "skills": []},
    ],
)
def test_round_trip(make_job: MakeJob, known_codes: list[str], today: date, changes: dict[str, Any]) -> None:
    document = make_job(**changes)
    assert spec_to_json(spec_from_json(document, known_codes, today)) == document


_texts = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s != ""
)


@settings(max_examples=60, deadline=None)
@given(
    title=_texts,
    groups=st.lists(st.lists(st.sampled_from(PORTAL_CREDENTIAL_CODES), min_size=1, max_size=3), max_size=3),
    months=st.integers(0, 600),
    low=st.integers(1, 400_000),
    spread=st.integers(0, 400_000),
    duties=st.lists(_texts, min_size=1, max_size=5),
    remote=st.booleans(),
    days=st.none() | st.integers(0, 400),
)
def test_round_trip_property(
    title: str,
    groups: list[list[str]],
    months: int,
    low: int,
    spread: int,
    duties: list[str],
    remote: bool,
    days: int | None,
) -> None:
    # Keep each code in one group only: the same code twice is an input error, tested above.
    seen: set[str] = set()
    unique_groups = []
    for group in groups:
        members = [c for c in dict.fromkeys(group) if c not in seen]
        seen.update(members)
        if members:
            unique_groups.append(members)
    document = dict(VALID_JOB)
    document.update(
        title=title,
        required_credentials=unique_groups,
        preferred_credentials=[],
        min_experience_months=months,
        salary={"currency": "USD", "min": low, "max": low + spread, "unit": "YEAR"},
        duties=duties,
        remote=remote,
        valid_through=None if days is None else date.fromordinal(TODAY.toordinal() + days).isoformat(),
    )
    spec = spec_from_json(document, PORTAL_CREDENTIAL_CODES, TODAY)
    assert isinstance(spec, JobSpec)
    assert spec_to_json(spec) == document
