"""Recruiter screening: the ranked pool of a job, its boundaries, explanations, blind mode, notes, resumes, pipeline."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import Application, ApplicationEvent, ResumeAccess, Role, ScreeningNote, Shortlist
from portal.services.storage import get_storage
from tests.web.test_candidate_index_helpers import make_candidate, make_job

UR_RESUME = "Utilization review nurse: InterQual criteria, inpatient admissions, discharge planning."


@pytest.fixture
def org(make_org: Any) -> Any:
    return make_org("Mercy Health")


@pytest.fixture
def recruiter(make_user: Any, org: Any, auth: Any) -> Any:
    user = make_user(Role.RECRUITER, email="rita@mercy.example", organization=org, name="Rita")
    auth.login(user.email)
    return user


def ranked_ids(client: FlaskClient, job_id: int, **params: Any) -> list[int]:
    response = client.get(f"/screening/jobs/{job_id}", query_string=params)
    assert response.status_code == 200
    seen: list[int] = []
    for found in re.findall(rf"/screening/jobs/{job_id}/candidates/(\d+)\"", response.get_data(as_text=True)):
        if int(found) not in seen:
            seen.append(int(found))
    return seen


def test_each_ranking_rule_orders_the_pool(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    job = make_job(org, required_credentials=[["RN"]], preferred_credentials=["CCM"], min_experience_months=24)
    below_experience = make_candidate(owner=org, held=("RN", "CCM"), months=12, resume=UR_RESUME)
    preferred = make_candidate(owner=org, held=("RN", "CCM"), months=36, resume="general nursing")
    relevant = make_candidate(owner=org, held=("RN",), months=36, resume=UR_RESUME)
    plain = make_candidate(owner=org, held=("RN",), months=36, resume="pediatric oncology")
    expired = make_candidate(owner=org, held=("CCM",), expired=("RN",), months=60, resume=UR_RESUME)
    studying = make_candidate(owner=org, in_progress=("RN",), months=60, resume=UR_RESUME)

    order = ranked_ids(client, job.id)
    # (1) requirements, (2) experience, (3) preferred credential, (4) resume relevance.
    assert order[:4] == [preferred.id, relevant.id, plain.id, below_experience.id]
    # Expired and in-progress credentials never meet a requirement.
    assert set(order[4:]) == {expired.id, studying.id}


def test_filters_keep_only_meeting_or_near_misses(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    job = make_job(org, required_credentials=[["RN"], ["CCM", "ACM-RN"]], preferred_credentials=[])
    meets = make_candidate(owner=org, held=("RN", "ACM-RN"), months=30)
    near = make_candidate(owner=org, held=("RN",), months=30)
    far = make_candidate(owner=org, held=("LPN",), months=30)
    assert ranked_ids(client, job.id) == [meets.id, near.id, far.id]
    assert ranked_ids(client, job.id, filter="meeting") == [meets.id]
    assert ranked_ids(client, job.id, filter="near") == [meets.id, near.id]
    page = client.get(f"/screening/jobs/{job.id}", query_string={"filter": "near"}).get_data(as_text=True)
    assert "2 candidates" in page


def test_pool_is_own_sourced_applicants_and_discoverable_only(
    app: Flask, client: FlaskClient, org: Any, recruiter: Any, make_org: Any
) -> None:
    rival = make_org("Rival Care")
    job = make_job(org)
    own = make_candidate(owner=org, held=("RN",), name="Own Sourced")
    theirs = make_candidate(owner=rival, held=("RN", "CCM"), months=99, name="Rival Secret", resume=UR_RESUME)
    open_to_all = make_candidate(discoverable=True, held=("RN",), name="Open Seeker")
    private_seeker = make_candidate(held=("RN",), name="Private Seeker")
    applicant = make_candidate(held=("RN",), name="Applicant Person")
    db.session.add(Application(job_id=job.id, candidate_id=applicant.id))
    db.session.commit()

    body = client.get(f"/screening/jobs/{job.id}").get_data(as_text=True)
    assert set(ranked_ids(client, job.id)) == {own.id, open_to_all.id, applicant.id}
    assert "Rival Secret" not in body and "Private Seeker" not in body
    for hidden in (theirs, private_seeker):
        assert client.get(f"/screening/jobs/{job.id}/candidates/{hidden.id}").status_code == 404


def test_each_row_explains_its_place(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    job = make_job(org, required_credentials=[["RN"], ["CCM", "ACM-RN"]], min_experience_months=24)
    person = make_candidate(owner=org, held=("RN",), expired=("CCM",), months=12, resume=UR_RESUME)
    body = client.get(f"/screening/jobs/{job.id}").get_data(as_text=True)
    assert "Holds RN" in body
    assert "Missing CCM or ACM-RN" in body
    assert "below the 2 years minimum" in body
    assert "CCM expired" in body
    assert "interqual" in body.lower()
    detail = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}").get_data(as_text=True)
    assert "Missing required CCM or ACM-RN" in detail


def test_blind_mode_hides_identity_until_shortlisted(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    job = make_job(org)
    person = make_candidate(owner=org, held=("RN",), name="Jordan Quill", email="jordan.quill@example.net")
    person.phone = "555-0199"
    db.session.commit()
    assert "Jordan Quill" in client.get(f"/screening/jobs/{job.id}").get_data(as_text=True)

    client.post(f"/screening/jobs/{job.id}/blind", data={"blind": "y"})
    listing = client.get(f"/screening/jobs/{job.id}").get_data(as_text=True)
    detail = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}").get_data(as_text=True)
    for page in (listing, detail):
        assert "Jordan Quill" not in page and "jordan.quill@example.net" not in page and "555-0199" not in page
        assert f"Candidate #{person.id}" in page
    assert client.get(f"/screening/jobs/{job.id}/candidates/{person.id}/resume").status_code == 404

    client.post(f"/screening/jobs/{job.id}/candidates/{person.id}/shortlist", data={})
    assert db.session.scalar(db.select(Shortlist).where(Shortlist.candidate_id == person.id)) is not None
    detail = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}").get_data(as_text=True)
    assert "Jordan Quill" in detail and "jordan.quill@example.net" in detail


def test_notes_are_saved_and_empty_notes_refused(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    job = make_job(org)
    person = make_candidate(owner=org, held=("RN",))
    response = client.post(f"/screening/jobs/{job.id}/candidates/{person.id}/notes", data={"text": "   "})
    assert response.status_code == 422
    assert "Write something" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ScreeningNote.id))) == 0

    client.post(f"/screening/jobs/{job.id}/candidates/{person.id}/notes", data={"text": "Strong InterQual background"})
    detail = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}").get_data(as_text=True)
    assert "Strong InterQual background" in detail


def test_resume_download_is_an_attachment_not_cached_and_logged(
    app: Flask, client: FlaskClient, org: Any, recruiter: Any
) -> None:
    job = make_job(org)
    person = make_candidate(owner=org, held=("RN",), resume=UR_RESUME)
    person.primary_resume.storage_key = get_storage().save(UR_RESUME.encode())
    db.session.commit()

    view = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}/resume")
    assert view.status_code == 200 and "InterQual" in view.get_data(as_text=True)
    assert view.headers["Cache-Control"] == "no-store"
    download = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}/resume/download")
    assert download.status_code == 200
    assert download.data == UR_RESUME.encode()
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Cache-Control"] == "no-store"
    actions = db.session.scalars(db.select(ResumeAccess.action).where(ResumeAccess.candidate_id == person.id)).all()
    assert sorted(actions) == ["download", "view"]


def test_applicants_move_along_the_pipeline(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    job = make_job(org)
    person = make_candidate(held=("RN",), email="cand@example.net")
    application = Application(job_id=job.id, candidate_id=person.id, status="applied")
    db.session.add(application)
    db.session.commit()
    url = f"/screening/jobs/{job.id}/candidates/{person.id}/move"

    refused = client.post(url, data={"move-to_status": "rejected", "move-reason": ""})
    assert refused.status_code == 422
    db.session.refresh(application)
    assert application.status == "applied"

    client.post(url, data={"move-to_status": "screening"})
    db.session.refresh(application)
    assert application.status == "screening"
    event = db.session.scalar(db.select(ApplicationEvent).where(ApplicationEvent.application_id == application.id))
    assert event is not None and event.actor_id == recruiter.id


def test_permissions(app: Flask, client: FlaskClient, org: Any, make_org: Any, make_user: Any, auth: Any) -> None:
    rival = make_org("Rival Care")
    rival_job = make_job(rival)
    job = make_job(org)
    person = make_candidate(owner=org, held=("RN",))

    assert client.get("/screening/").status_code == 302  # anonymous: sent to log in
    seeker = make_user(Role.CANDIDATE, email="seeker@example.net")
    auth.login(seeker.email)
    assert client.get("/screening/").status_code == 403
    assert client.get(f"/screening/jobs/{job.id}").status_code == 403
    auth.logout()

    employer = make_user(Role.EMPLOYER, email="boss@mercy.example", organization=org)
    auth.login(employer.email)
    listing = client.get("/screening/").get_data(as_text=True)
    assert job.title in listing and 'href="/screening/"' in listing  # the nav link
    assert client.get(f"/screening/jobs/{rival_job.id}").status_code == 404
    assert client.get(f"/screening/jobs/{rival_job.id}/candidates/{person.id}").status_code == 404
    assert client.post(f"/screening/jobs/{rival_job.id}/candidates/{person.id}/shortlist").status_code == 404
    assert client.get("/screening/jobs/999999").status_code == 404


def test_empty_states_say_what_to_do(app: Flask, client: FlaskClient, org: Any, recruiter: Any) -> None:
    assert "no jobs yet" in client.get("/screening/").get_data(as_text=True)
    job = make_job(org)
    assert "flask resume import" in client.get(f"/screening/jobs/{job.id}").get_data(as_text=True)
