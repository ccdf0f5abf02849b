"""The public job board and job pages: keywords, filters with counts, sorting, pages, spelling, JSON-LD, closing."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from portal import clock
from portal.extensions import db
from portal.jobs import spec_from_template
from portal.models import Job, Organization
from portal.services import jobs as job_service


def publish(org: Organization, **changes: Any) -> Job:
    """Create and publish a job from the hospital template with some fields changed (through the services)."""
    base = job_service.spec_to_json(spec_from_template("hospital_utilization_review"))
    base.update({"location": {"city": "Columbus", "region": "OH", "country": "US"}, "valid_through": None})
    base.update(changes)
    job = job_service.create_job(organization=org, created_by=None, spec=job_service.validate_job_data(base))
    job_service.publish_job(job)
    db.session.commit()
    return job


def salary(low: int, high: int, currency: str = "USD", unit: str = "YEAR") -> dict[str, Any]:
    return {"currency": currency, "min": low, "max": high, "unit": unit}


@pytest.fixture
def board(make_org) -> dict[str, Job]:
    org = make_org("Riverside Health")
    return {
        "hospital": publish(
            org,
            title="Inpatient Nurse Case Manager",
            description="Our team welcomes travelling nurses.",
            salary=salary(70000, 90000),
        ),
        "behavioral": publish(
            org,
            title="Behavioral Health Case Manager",
            template="mental_health",
            required_credentials=[["LCSW", "LISW"]],
            preferred_credentials=["C-SWCM"],
            degree="MSW",
            location={"city": "Dayton", "region": "OH", "country": "US"},
            employment_type="PART_TIME",
            work_settings=["social_service_centers"],
            salary=salary(25, 30, unit="HOUR"),
        ),
        "remote": publish(
            org,
            title="Utilization Review Nurse",
            template="insurance_preauthorization",
            required_credentials=[["RN"], ["CCM", "ACM"]],
            preferred_credentials=[],
            remote=True,
            location={"city": "", "region": "OH", "country": "US"},
            work_settings=["insurance_firms"],
            salary=salary(80000, 110000),
        ),
    }


def result_titles(html: str) -> list[str]:
    return re.findall(r'<a class="fw-semibold" href="/jobs/\d+">([^<]+)</a>', html)


def facet_count(html: str, label: str) -> int:
    match = re.search(re.escape(label) + r'</(?:a|strong)>\s*(?:<span class="text-muted">)?\((\d+)\)', html)
    assert match, f"no count shown for {label}"
    return int(match.group(1))


def test_board_lists_every_open_job_with_counts(client, board):
    html = client.get("/jobs").get_data(as_text=True)
    assert "3 jobs" in html
    assert facet_count(html, "Columbus, OH") == 1
    assert facet_count(html, "RN") == 2  # the hospital and the remote job name RN
    assert facet_count(html, "Full time") == 2
    assert facet_count(html, "Part time") == 1
    assert facet_count(html, "Insurance firms") == 1


def test_keywords_are_stemmed(client, board):
    # "travelled" and "travelling" share a stem; the word itself appears only in the hospital job.
    assert result_titles(client.get("/jobs?q=travelled").get_data(as_text=True)) == ["Inpatient Nurse Case Manager"]
    assert result_titles(client.get("/jobs?q=Travelling+Nurse").get_data(as_text=True)) == [
        "Inpatient Nurse Case Manager"
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("case manager columbus", ["Inpatient Nurse Case Manager"]),
        ("Dayton", ["Behavioral Health Case Manager"]),
        ("remote nurse", ["Utilization Review Nurse"]),
    ],
)
def test_keywords_find_the_city_and_remote_jobs(client, board, words, expected):
    """People type where they want to work into the search box, not only into the location filter."""
    html = client.get("/jobs", query_string={"q": words}).get_data(as_text=True)
    assert result_titles(html) == expected


def test_the_state_s_name_finds_its_jobs_and_no_others(client, board, make_org):
    publish(
        make_org("Lakeside"), title="Community Case Manager", location={"city": "Erie", "region": "PA", "country": "US"}
    )
    assert set(result_titles(client.get("/jobs?q=case+manager+ohio").get_data(as_text=True))) == {
        "Inpatient Nurse Case Manager",
        "Behavioral Health Case Manager",
        "Utilization Review Nurse",  # remote, based in Ohio
    }
    assert result_titles(client.get("/jobs?q=pennsylvania").get_data(as_text=True)) == ["Community Case Manager"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("location=Dayton, OH", {"Behavioral Health Case Manager"}),
        ("credential=LCSW", {"Behavioral Health Case Manager"}),
        ("credential=CCM", {"Inpatient Nurse Case Manager", "Utilization Review Nurse"}),
        ("setting=insurance_firms", {"Utilization Review Nurse"}),
        ("employment_type=PART_TIME", {"Behavioral Health Case Manager"}),
        ("remote=yes", {"Utilization Review Nurse"}),
        ("remote=no", {"Inpatient Nurse Case Manager", "Behavioral Health Case Manager"}),
        # $30 an hour is $62,400 a year, so the hourly job meets 60,000 but not 70,000.
        (
            "min_salary=60000",
            {"Inpatient Nurse Case Manager", "Behavioral Health Case Manager", "Utilization Review Nurse"},
        ),
        ("min_salary=100000", {"Utilization Review Nurse"}),
        ("q=nurse&credential=RN&remote=yes", {"Utilization Review Nurse"}),
    ],
)
def test_each_filter(client, board, query, expected):
    assert set(result_titles(client.get(f"/jobs?{query}").get_data(as_text=True))) == expected


def test_counts_apply_the_other_filters(client, board):
    html = client.get("/jobs?employment_type=FULL_TIME").get_data(as_text=True)
    assert facet_count(html, "RN") == 2
    assert facet_count(html, "Remote") == 1
    # The chosen filter's own values still show what choosing another would give.
    assert facet_count(html, "Part time") == 1
    html = client.get("/jobs?remote=yes").get_data(as_text=True)
    assert facet_count(html, "CCM") == 1
    assert facet_count(html, "$100,000") == 1


def test_sorting_by_salary_and_newest(client, board):
    by_salary = result_titles(client.get("/jobs?sort=salary").get_data(as_text=True))
    assert by_salary == ["Utilization Review Nurse", "Inpatient Nurse Case Manager", "Behavioral Health Case Manager"]
    newest = result_titles(client.get("/jobs?sort=newest").get_data(as_text=True))
    assert newest == ["Utilization Review Nurse", "Behavioral Health Case Manager", "Inpatient Nurse Case Manager"]


def test_relevance_puts_title_matches_first(client, board):
    titles = result_titles(client.get("/jobs?q=behavioral").get_data(as_text=True))
    assert titles[0] == "Behavioral Health Case Manager"


def test_pagination(client, make_org):
    org = make_org()
    for n in range(23):
        publish(org, title=f"Case Manager {n:02d}")
    first = client.get("/jobs?sort=newest").get_data(as_text=True)
    assert len(result_titles(first)) == 20 and "Page 1 of 2" in first
    assert 'href="/jobs?sort=newest&amp;page=2"' in first
    second = client.get("/jobs?sort=newest&page=2").get_data(as_text=True)
    assert result_titles(second) == ["Case Manager 02", "Case Manager 01", "Case Manager 00"]
    # A page past the end shows the last page rather than nothing.
    assert result_titles(client.get("/jobs?sort=newest&page=9").get_data(as_text=True))[0] == "Case Manager 02"


def test_spelling_suggestion_when_nothing_is_found(client, board):
    html = client.get("/jobs?q=behavoiral").get_data(as_text=True)
    assert "0 jobs" in html
    assert "Did you mean" in html and ">behavioral</a>" in html
    assert "Did you mean" not in client.get("/jobs?q=behavioral").get_data(as_text=True)


def test_no_results_has_an_empty_state(client, board):
    html = client.get("/jobs?q=zzzzqqqq").get_data(as_text=True)
    assert "No jobs match this search" in html and "Did you mean" not in html


def test_bad_parameters_get_a_message_not_an_error(client, board):
    response = client.get("/jobs?page=abc&sort=cheapest")
    assert response.status_code == 400
    assert "could not be used" in response.get_data(as_text=True)


def test_closing_or_unpublishing_removes_a_job_from_the_board_at_once(client, board):
    job_service.close_job(board["hospital"])
    db.session.commit()
    job_service.unpublish_job(board["remote"])
    db.session.commit()
    assert result_titles(client.get("/jobs").get_data(as_text=True)) == ["Behavioral Health Case Manager"]
    assert client.get(f"/jobs/{board['hospital'].id}").status_code == 404


def test_a_job_past_its_closing_date_leaves_the_board(client, make_org):
    org = make_org()
    job = publish(org, title="Short Notice Case Manager", valid_through=clock.today().isoformat())
    assert result_titles(client.get("/jobs").get_data(as_text=True)) == ["Short Notice Case Manager"]
    job.valid_through = clock.today() - timedelta(days=1)
    job_service.update_job(job, job_service.job_spec(job))
    db.session.commit()
    assert result_titles(client.get("/jobs").get_data(as_text=True)) == []
    assert client.get(f"/jobs/{job.id}").status_code == 404


def test_home_page_has_a_board_search_box(client, board):
    html = client.get("/").get_data(as_text=True)
    assert 'action="/jobs"' in html and 'name="q"' in html


def jsonld_of(html: str) -> dict[str, Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_public_page_has_jobposting_jsonld_with_every_property(client, board):
    job = board["behavioral"]
    job.organization.website = "https://riverside.example"
    db.session.commit()
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    data = jsonld_of(html)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Behavioral Health Case Manager"
    assert data["description"].startswith("<p>")
    assert data["datePosted"] == clock.day_of(job.published_at).isoformat()
    assert data["employmentType"] == "PART_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Riverside Health",
        "sameAs": "https://riverside.example",
        "url": "https://riverside.example",
    }
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Riverside Health", "value": str(job.id)}
    assert data["url"] == f"http://localhost/jobs/{job.id}"
    assert data["occupationalCategory"].startswith("21-")
    assert data["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": job.min_experience_months,
    }
    assert data["responsibilities"] == job.duties
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Dayton",
            "addressRegion": "OH",
            "addressCountry": "US",
        },
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 25, "maxValue": 30, "unitText": "HOUR"},
    }
    names = [item["name"] for item in data["educationRequirements"]]
    assert names[0] == "Master of Social Work"
    assert "LCSW" in names[1] and "LISW" in names[1] and " or " in names[1]
    assert any("C-SWCM" in line for line in data["qualifications"])
    assert data["skills"] == job.skills
    assert "validThrough" not in data


def test_remote_job_jsonld_says_telecommute(client, board):
    data = jsonld_of(client.get(f"/jobs/{board['remote'].id}").get_data(as_text=True))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"]["name"] == "OH"
    assert "jobLocation" not in data


def test_description_is_sanitised_on_the_page_and_in_jsonld(client, make_org):
    job = publish(
        make_org(),
        description='<p>Great team</p><script>alert(1)</script><a href="javascript:x()">x</a><img src=x onerror=y>',
    )
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert "<p>Great team</p>" in html
    assert "alert(1)" not in jsonld_of(html)["description"]
