"""The employer's job builder through the test client: template, lists, draft, preview, publish, close, validation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.jobs import get_template
from portal.models import Job, JobStatus, Role

TEMPLATE = "hospital_utilization_review"


def builder_data(**changes: Any) -> dict[str, Any]:
    """A complete, valid builder form for the hospital template, with some fields changed."""
    template = get_template(TEMPLATE)
    data: dict[str, Any] = {
        "template": TEMPLATE,
        "title": "RN Case Manager, Inpatient",
        "description": "Join a friendly team.\n\nWe support your CCM exam.",
        "duties": "\n".join(template.duties),
        "qualifications": "\n".join(template.qualifications),
        "skills": "\n".join(template.skills),
        "required_credentials": "RN",
        "preferred_credentials": "CCM, ACM",
        "min_experience_months": "24",
        "degree": "BSN",
        "work_settings": ["hospitals"],
        "salary_currency": "USD",
        "salary_min": "72000",
        "salary_max": "88000",
        "salary_unit": "YEAR",
        "city": "Columbus",
        "region": "OH",
        "country": "US",
        "employment_type": "FULL_TIME",
        "valid_through": (clock.today() + timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def employer(make_org, make_user, auth):
    org = make_org("Riverside Health")
    user = make_user(Role.EMPLOYER, email="boss@riverside.example", organization=org)
    auth.login(user.email)
    return user


def only_job() -> Job:
    return db.session.scalars(sa.select(Job)).one()


def test_choose_a_template_then_see_its_duties_prefilled(client, employer):
    page = client.get("/employer/jobs/new")
    assert page.status_code == 200
    assert b"/employer/jobs/new/hospital_utilization_review" in page.data
    builder = client.get(f"/employer/jobs/new/{TEMPLATE}")
    text = builder.get_data(as_text=True)
    assert get_template(TEMPLATE).duties[0] in text
    assert 'value="RN"' in text
    # The template's benchmark guidance is shown straight away, and says it is guidance.
    assert "guidance, not a verdict" in text


def test_unknown_template_is_404(client, employer):
    assert client.get("/employer/jobs/new/astrology").status_code == 404


def test_builder_keeps_drops_reorders_and_adds_list_entries(client, employer):
    duties = get_template(TEMPLATE).duties
    edited = [duties[2], duties[0], "Mentor new case managers on the unit."]  # reorder, drop the rest, add one
    response = client.post(
        f"/employer/jobs/new/{TEMPLATE}",
        data=builder_data(duties="\n".join(edited) + "\n\n", skills="Discharge planning\n  Payer calls  "),
    )
    assert response.status_code == 302
    job = only_job()
    assert job.status == JobStatus.DRAFT
    assert job.duties == edited
    assert job.skills == ["Discharge planning", "Payer calls"]
    assert job.organization_id == employer.organization_id
    assert response.headers["Location"].endswith(f"/employer/jobs/{job.id}/edit")


def test_required_groups_are_parsed_from_text(client, employer):
    client.post(
        f"/employer/jobs/new/{TEMPLATE}",
        data=builder_data(required_credentials="RN or lcsw; CCM or ACM", preferred_credentials="CMAC"),
    )
    job = only_job()
    assert job.required_credentials == [["RN", "LCSW"], ["CCM", "ACM"]]
    assert job.preferred_credentials == ["CMAC"]
    edit = client.get(f"/employer/jobs/{job.id}/edit").get_data(as_text=True)
    assert "RN or LCSW; CCM or ACM" in edit


def test_edit_page_places_salary_against_the_benchmark(client, employer):
    client.post(
        f"/employer/jobs/new/{TEMPLATE}", data=builder_data(salary_min="30", salary_max="40", salary_unit="HOUR")
    )
    text = client.get(f"/employer/jobs/{only_job().id}/edit").get_data(as_text=True)
    assert "Your range of $30–$40 an hour is about" in text
    assert "guidance, not a verdict" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"salary_min": "90000", "salary_max": "60000"}, "is above the maximum"),
        ({"salary_min": "-5"}, "must be more than zero"),
        ({"salary_max": "90000000"}, "check for extra zeros or the wrong unit"),
        ({"salary_min": "", "salary_max": ""}, "must be a number"),
        ({"required_credentials": "RN or XYZ; QQQ"}, "Unknown credential codes: XYZ, QQQ"),
        ({"preferred_credentials": "CCM, FOO"}, "Unknown credential code: FOO"),
        ({"valid_through": (clock.today() - timedelta(days=1)).isoformat()}, "is in the past"),
        ({"min_experience_months": "-1"}, "from 0 to 600"),
        ({"city": ""}, "A city is required for a job that is not remote"),
        ({"duties": ""}, "List at least one"),
        ({"title": ""}, "Give the job a title."),
    ],
)
def test_invalid_input_gets_a_clear_message_and_saves_nothing(client, employer, changes, message):
    response = client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data(**changes))
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_draft_preview_publish_close(client, employer, auth):
    client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data())
    job_id = only_job().id

    # A draft: the organisation previews it; the public and the board do not see it.
    preview = client.get(f"/jobs/{job_id}")
    assert preview.status_code == 200 and b"Preview" in preview.data
    assert b"application/ld+json" not in preview.data
    auth.logout()
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert b"RN Case Manager, Inpatient" not in client.get("/jobs").data

    auth.login(employer.email)
    response = client.post(f"/employer/jobs/{job_id}/publish")
    assert response.status_code == 302
    auth.logout()
    public = client.get(f"/jobs/{job_id}")
    assert public.status_code == 200 and b"application/ld+json" in public.data
    assert b"RN Case Manager, Inpatient" in client.get("/jobs?q=inpatient").data

    auth.login(employer.email)
    client.post(f"/employer/jobs/{job_id}/close")
    assert db.session.get(Job, job_id).status == JobStatus.CLOSED
    auth.logout()
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert b"RN Case Manager, Inpatient" not in client.get("/jobs?q=inpatient").data


def test_editing_a_published_job_updates_the_board(client, employer):
    client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data())
    job_id = only_job().id
    client.post(f"/employer/jobs/{job_id}/publish")
    client.post(f"/employer/jobs/{job_id}/edit", data=builder_data(title="Transitions of Care Nurse"))
    assert b"Transitions of Care Nurse" in client.get("/jobs?q=transitions").data


def test_publishing_a_job_whose_closing_date_has_passed_is_refused(client, employer):
    client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data())
    job = only_job()
    job.valid_through = clock.today() - timedelta(days=2)
    db.session.commit()
    response = client.post(f"/employer/jobs/{job.id}/publish", follow_redirects=True)
    assert "is in the past" in response.get_data(as_text=True)
    assert db.session.get(Job, job.id).status == JobStatus.DRAFT


def test_recruiter_of_the_organisation_may_edit(client, employer, make_user, auth):
    client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data())
    job_id = only_job().id
    recruiter = make_user(Role.RECRUITER, organization=employer.organization)
    auth.logout()
    auth.login(recruiter.email)
    assert client.get(f"/employer/jobs/{job_id}/edit").status_code == 200
    assert client.post(f"/employer/jobs/{job_id}/publish").status_code == 302
    assert db.session.get(Job, job_id).status == JobStatus.PUBLISHED


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/employer/jobs/{id}/edit"),
        ("post", "/employer/jobs/{id}/edit"),
        ("post", "/employer/jobs/{id}/publish"),
        ("post", "/employer/jobs/{id}/close"),
        ("post", "/employer/jobs/{id}/unpublish"),
        ("get", "/jobs/{id}"),
    ],
)
def test_another_organisations_staff_get_404(client, employer, make_org, make_user, auth, method, path):
    client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data())
    job_id = only_job().id
    other = make_user(Role.EMPLOYER, organization=make_org("Elsewhere Clinic"))
    auth.logout()
    auth.login(other.email)
    response = getattr(client, method)(path.format(id=job_id), data=builder_data(title="Hijacked"))
    assert response.status_code == 404
    job = db.session.get(Job, job_id)
    assert job.title == "RN Case Manager, Inpatient" and job.status == JobStatus.DRAFT


def test_candidates_are_refused_the_builder(client, make_user, auth):
    candidate = make_user(Role.CANDIDATE)
    auth.login(candidate.email)
    assert client.get("/employer/jobs").status_code == 403
    assert client.get(f"/employer/jobs/new/{TEMPLATE}").status_code == 403
    assert client.post("/employer/jobs/1/publish").status_code == 403


def test_job_list_has_an_empty_state_and_lists_jobs(client, employer):
    assert b"You have no jobs yet" in client.get("/employer/jobs").data
    client.post(f"/employer/jobs/new/{TEMPLATE}", data=builder_data())
    listing = client.get("/employer/jobs").get_data(as_text=True)
    assert "RN Case Manager, Inpatient" in listing and "Draft" in listing
