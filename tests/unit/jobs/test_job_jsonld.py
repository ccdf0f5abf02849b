"""The JobPosting JSON-LD carries every property search engines read, and cannot break out of its script tag."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from portal.jobs import JobSpec, jobposting_jsonld, jsonld_dumps, jsonld_script_tag, spec_from_json

MakeJob = Callable[..., dict[str, Any]]
SCRIPT = re.compile(r'^<script type="application/ld\+json">(.*)</script>$', re.DOTALL)


def _posting(spec: JobSpec, **overrides: Any) -> dict[str, Any]:
    """Render the JSON-LD to a script tag and parse it back, as a crawler would."""
    arguments: dict[str, Any] = {
        "organization_name": "Riverside Health",
        "organization_url": "https://riverside.example",
        "date_posted": date(2026, 11, 26),
        "url": "https://portal.example/jobs/42",
        "identifier": "RH-42",
    }
    arguments.update(overrides)
    tag = jsonld_script_tag(jobposting_jsonld(spec, **arguments))
    match = SCRIPT.match(tag)
    assert match is not None
    return json.loads(match.group(1))


@pytest.fixture
def onsite(make_job: MakeJob, known_codes: list[str], today: date) -> JobSpec:
    return spec_from_json(make_job(), known_codes, today)


@pytest.fixture
def remote(make_job: MakeJob, known_codes: list[str], today: date) -> JobSpec:
    job = make_job(
        title="Remote Insurance Case Manager",
        template="insurance_preauthorization",
        remote=True,
        location={"city": "", "region": "", "country": "US"},
        salary={"currency": "USD", "min": 38, "max": 45, "unit": "HOUR"},
        employment_type="CONTRACT",
        degree="ADN",
        required_credentials=[["RN"]],
        preferred_credentials=["CCM"],
        min_experience_months=36,
        valid_through=None,
    )
    return spec_from_json(job, known_codes, today)


def _check_common(data: dict[str, Any], spec: JobSpec) -> None:
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == spec.title
    assert data["description"] == spec.description_html
    assert data["datePosted"] == "2026-11-26"
    assert data["employmentType"] == spec.employment_type
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Riverside Health",
        "sameAs": "https://riverside.example",
        "url": "https://riverside.example",
    }
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Riverside Health", "value": "RH-42"}
    assert data["url"] == "https://portal.example/jobs/42"
    assert data["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": spec.min_experience_months,
    }
    assert data["responsibilities"] == list(spec.duties)
    assert data["skills"] == list(spec.skills)
    assert spec.salary is not None
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": spec.salary.currency,
        "value": {
            "@type": "QuantitativeValue",
            "minValue": spec.salary.min,
            "maxValue": spec.salary.max,
            "unitText": spec.salary.unit,
        },
    }


def test_valid_through_is_the_last_moment_of_the_closing_day_when_its_zone_is_known(onsite: JobSpec) -> None:
    data = _posting(onsite, closes_at=datetime(2027, 1, 31, 23, 59, 59, tzinfo=ZoneInfo("America/Chicago")))
    assert data["validThrough"] == "2027-01-31T23:59:59-06:00"


def test_onsite_job(onsite: JobSpec) -> None:
    data = _posting(onsite)
    _check_common(data, onsite)
    assert data["validThrough"] == "2027-01-31"
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Columbus",
            "addressRegion": "OH",
            "addressCountry": "US",
        },
    }
    assert "jobLocationType" not in data and "applicantLocationRequirements" not in data
    assert data["occupationalCategory"] == "29-1141.00 Registered Nurses"
    categories = [(e["@type"], e["credentialCategory"], e["name"]) for e in data["educationRequirements"]]
    assert categories == [
        ("EducationalOccupationalCredential", "bachelor degree", "Bachelor of Science in Nursing"),
        ("EducationalOccupationalCredential", "professional certificate", "RN"),
        ("EducationalOccupationalCredential", "professional certificate", "CCM or ACM"),
    ]
    assert data["qualifications"] == [
        "Two years of acute-care nursing.",
        "Required credentials: RN; CCM or ACM.",
        "Preferred credentials: CDMS.",
    ]


def test_remote_job(remote: JobSpec) -> None:
    data = _posting(remote)
    _check_common(data, remote)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "US"}
    assert "jobLocation" not in data
    assert "validThrough" not in data
    assert data["baseSalary"]["value"]["unitText"] == "HOUR"
    assert data["employmentType"] == "CONTRACT"
    assert data["experienceRequirements"]["monthsOfExperience"] == 36
    assert data["occupationalCategory"] == "29-1141.00 Registered Nurses"
    assert data["educationRequirements"][0]["credentialCategory"] == "associate degree"


def test_remote_job_limited_to_a_state(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    job = make_job(remote=True, location={"city": "", "region": "Ohio", "country": "US"})
    data = _posting(spec_from_json(job, known_codes, today))
    assert data["applicantLocationRequirements"] == {
        "@type": "State",
        "name": "Ohio",
        "containedInPlace": {"@type": "Country", "name": "US"},
    }


@pytest.mark.parametrize(
    ("degree", "category"),
    [
        ("MSW", "postgraduate degree"),
        ("PhD", "postgraduate degree"),
        ("BSW", "bachelor degree"),
        ("ADN", "associate degree"),
    ],
)
def test_degree_categories(make_job: MakeJob, known_codes: list[str], today: date, degree: str, category: str) -> None:
    data = _posting(spec_from_json(make_job(degree=degree), known_codes, today))
    assert data["educationRequirements"][0]["credentialCategory"] == category


def test_credential_names_are_spelled_out_when_given(onsite: JobSpec) -> None:
    data = _posting(onsite, credential_names={"RN": "Registered Nurse", "CCM": "Certified Case Manager"})
    names = [e["name"] for e in data["educationRequirements"]]
    assert "Registered Nurse (RN)" in names and "Certified Case Manager (CCM) or ACM" in names


def test_no_requirements_means_no_education_block(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    job = make_job(degree=None, required_credentials=[], preferred_credentials=[], qualifications=[])
    data = _posting(spec_from_json(job, known_codes, today))
    assert "educationRequirements" not in data and "qualifications" not in data


def test_hostile_text_cannot_close_the_script_element(make_job: MakeJob, known_codes: list[str], today: date) -> None:
    hostile = "</script><script>alert(1)</script><!-- & -->"
    spec = spec_from_json(make_job(title=f"Case Manager {hostile}", skills=[hostile]), known_codes, today)
    tag = jsonld_script_tag(
        jobposting_jsonld(
            spec,
            organization_name=hostile,
            organization_url="https://riverside.example",
            date_posted=date(2026, 11, 26),
            url="https://portal.example/jobs/42",
            identifier=hostile,
        )
    )
    body = SCRIPT.match(tag)
    assert body is not None
    assert not set("<>&") & set(body.group(1))
    assert tag.count("</script>") == 1
    assert json.loads(body.group(1))["title"] == f"Case Manager {hostile}"


def test_dumps_escapes_line_separators_and_keeps_unicode() -> None:
    text = jsonld_dumps({"name": "Lagos \u2028 ₦88,000 <b>"})
    assert "\u2028" not in text and "₦88,000" in text
    assert json.loads(text) == {"name": "Lagos \u2028 ₦88,000 <b>"}
