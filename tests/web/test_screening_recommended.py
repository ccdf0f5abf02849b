"""A job seeker's recommended jobs: open jobs ranked by the screening rules, with explanations."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import CandidateCredential, JobStatus, Role
from portal.services import matching
from tests.web.test_candidate_index_helpers import make_job, make_resume


def job_order(body: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/jobs/(\d+)"', body)]


def test_jobs_are_ranked_by_the_same_rules(
    app: Flask, client: FlaskClient, make_org: Any, make_user: Any, auth: Any
) -> None:
    org = make_org()
    user = make_user(Role.CANDIDATE, email="nina@example.net")
    person = matching.candidate_of(user)  # made with the account
    person.experience_months = 30
    for code in ("RN", "CCM"):
        person.credentials.append(CandidateCredential(code=code, status="held", states=["TX"]))
    person.resumes.append(make_resume("InterQual utilization review, discharge planning"))
    db.session.commit()
    needs_lcsw = make_job(
        org, title="Social Work Case Manager", required_credentials=[["LCSW"]], preferred_credentials=[]
    )
    too_senior = make_job(org, title="Senior UR Nurse", min_experience_months=60, preferred_credentials=[])
    preferred = make_job(org, title="UR Nurse with CCM", min_experience_months=12, preferred_credentials=["CCM"])
    relevant = make_job(org, title="UR Nurse", preferred_credentials=[], min_experience_months=12)
    unrelated = make_job(
        org,
        title="Clinic Nurse",
        preferred_credentials=[],
        min_experience_months=12,
        duties=["Pediatric triage"],
        skills=["Phlebotomy"],
        template="general",
    )
    make_job(org, title="Draft job", status=JobStatus.DRAFT)
    make_job(org, title="Expired posting", valid_through=clock.today() - timedelta(days=1))

    auth.login(user.email)
    body = client.get("/me/recommended").get_data(as_text=True)
    assert job_order(body) == [preferred.id, relevant.id, unrelated.id, too_senior.id, needs_lcsw.id]
    assert "Draft job" not in body and "Expired posting" not in body
    assert "Missing LCSW" in body
    assert "below the 5 years minimum" in body
    assert "Preferred credentials held: CCM" in body
    assert 'href="/me/recommended"' in body  # nav link


def test_a_seeker_without_a_profile_is_told_what_to_do(
    app: Flask, client: FlaskClient, make_user: Any, auth: Any
) -> None:
    user = make_user(Role.CANDIDATE)
    auth.login(user.email)
    response = client.get("/me/recommended")
    assert response.status_code == 200
    assert "Upload a resume" in response.get_data(as_text=True)


def test_staff_cannot_open_recommendations(
    app: Flask, client: FlaskClient, make_org: Any, make_user: Any, auth: Any
) -> None:
    recruiter = make_user(Role.RECRUITER, organization=make_org())
    auth.login(recruiter.email)
    assert client.get("/me/recommended").status_code == 403
