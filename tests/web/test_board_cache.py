"""The cache of anonymous board and job pages: fast repeats, but never a closed job or someone else's page."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from portal.board import JobIndex
from portal.extensions import db
from portal.jobs import spec_from_template
from portal.models import Job, Organization, Role
from portal.services import jobs as job_service
from portal.services.job_search import job_index
from portal.web.jobs.cache import PageCache, page_cache


def publish(org: Organization, **changes: Any) -> Job:
    """Create and publish a job through the services, as an employer would."""
    data = job_service.spec_to_json(spec_from_template("hospital_utilization_review"))
    data.update({"location": {"city": "Columbus", "region": "OH", "country": "US"}, "valid_through": None})
    data.update(changes)
    job = job_service.create_job(organization=org, created_by=None, spec=job_service.validate_job_data(data))
    job_service.publish_job(job)
    db.session.commit()
    return job


@pytest.fixture
def job(make_org) -> Job:
    return publish(make_org("Riverside Health"), title="Inpatient Nurse Case Manager")


def test_anonymous_repeat_visits_are_served_from_the_cache(app, client, job):
    first = client.get("/jobs?q=nurse")
    assert first.status_code == 200 and "Inpatient Nurse Case Manager" in first.get_data(as_text=True)
    kept = len(page_cache(app))
    assert kept >= 1
    again = client.get("/jobs?q=nurse")
    assert again.get_data() == first.get_data()
    # Served from the cache, the page still carries the security headers of every response.
    assert "default-src 'self'" in again.headers["Content-Security-Policy"]
    assert again.headers["Content-Type"].startswith("text/html")
    assert len(page_cache(app)) == kept


def test_a_closed_job_is_never_served_from_the_cache(client, job):
    assert "Inpatient Nurse Case Manager" in client.get("/jobs").get_data(as_text=True)
    assert client.get(f"/jobs/{job.id}").status_code == 200

    job_service.close_job(db.session.get(Job, job.id))
    db.session.commit()

    assert "Inpatient Nurse Case Manager" not in client.get("/jobs").get_data(as_text=True)
    assert client.get(f"/jobs/{job.id}").status_code == 404


def test_an_edited_job_and_a_renamed_employer_show_at_once(client, job):
    assert "Riverside Health" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    client.get("/jobs")

    stored = db.session.get(Job, job.id)
    spec = job_service.job_spec(stored)
    job_service.update_job(stored, spec.__class__(**{**spec.__dict__, "title": "Discharge Planning Nurse"}))
    db.session.commit()
    assert "Discharge Planning Nurse" in client.get("/jobs").get_data(as_text=True)

    db.session.get(Organization, job.organization_id).name = "Lakeside Health"
    db.session.commit()
    assert "Lakeside Health" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_a_change_made_by_another_server_process_is_seen(app, client, job):
    """Another worker process renews the stamp on disk: this process's cached pages stop being used."""
    assert "Inpatient Nurse Case Manager" in client.get("/jobs").get_data(as_text=True)
    # A change this process's session listeners cannot see (another process's commit) ...
    db.session.execute(sa.update(Job).where(Job.id == job.id).values(title="Hospice Case Manager"))
    db.session.commit()
    assert "Inpatient Nurse Case Manager" in client.get("/jobs").get_data(as_text=True)
    # ... followed by that process renewing the stamp through its own JobIndex object.
    JobIndex(job_index().path).mark_changed()
    assert "Hospice Case Manager" in client.get("/jobs").get_data(as_text=True)


def test_a_signed_in_job_seeker_never_gets_the_anonymous_page(client, auth, make_user, job):
    assert "Log in to apply" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    client.get("/jobs")
    make_user(Role.CANDIDATE, email="seeker@example.org", name="Sam Seeker")
    auth.login("seeker@example.org")

    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Apply for this job" in page and "Log in to apply" not in page
    assert "Sam Seeker" in client.get("/jobs").get_data(as_text=True)


def test_a_signed_in_job_seeker_never_sees_a_closed_job_in_kept_results(client, auth, make_user, job):
    make_user(Role.CANDIDATE, email="seeker@example.org", name="Sam Seeker")
    auth.login("seeker@example.org")
    for _ in range(2):
        page = client.get("/jobs?q=nurse").get_data(as_text=True)
        assert "Inpatient Nurse Case Manager" in page and "Sam Seeker" in page
    job_service.close_job(db.session.get(Job, job.id))
    db.session.commit()
    page = client.get("/jobs?q=nurse").get_data(as_text=True)
    assert "Inpatient Nurse Case Manager" not in page and "Sam Seeker" in page


def test_a_page_made_for_a_signed_in_user_is_not_served_to_anyone_else(app, client, auth, make_user, job):
    make_user(Role.CANDIDATE, email="seeker@example.org", name="Sam Seeker")
    auth.login("seeker@example.org")
    assert "Sam Seeker" in client.get("/jobs").get_data(as_text=True)
    assert "Apply for this job" in client.get(f"/jobs/{job.id}").get_data(as_text=True)

    stranger = app.test_client()
    assert "Sam Seeker" not in stranger.get("/jobs").get_data(as_text=True)
    assert "Log in to apply" in stranger.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_a_waiting_message_is_shown_once_and_to_its_visitor_only(app, client, auth, make_user, job):
    app.test_client().get("/jobs")  # someone else's visit fills the cache
    make_user(Role.CANDIDATE, email="seeker@example.org")
    auth.login("seeker@example.org")
    auth.logout()  # leaves "You are logged out." waiting in this visitor's session

    assert "You are logged out." in client.get("/jobs").get_data(as_text=True)
    assert "You are logged out." not in client.get("/jobs").get_data(as_text=True)
    assert "You are logged out." not in app.test_client().get("/jobs").get_data(as_text=True)


def test_bad_searches_and_missing_jobs_are_not_kept(app, client, job):
    assert client.get("/jobs?page=-3&min_salary=lots").status_code == 400
    assert client.get("/jobs/999999").status_code == 404
    assert len(page_cache(app)) == 0


def test_the_cache_stays_within_its_bounds():
    cache = PageCache(max_entries=2, max_bytes=10)
    cache.put(("a",), b"1234", 200)
    cache.put(("b",), b"1234", 200)
    assert cache.get(("a",)) is not None  # "a" is now the most recently used
    cache.put(("c",), b"1234", 200)
    assert cache.get(("b",)) is None and cache.get(("a",)) is not None and cache.get(("c",)) is not None
    cache.put(("d",), b"123456789", 200)  # over the byte bound: the older pages make room
    assert len(cache) == 1 and cache.get(("d",)) is not None
    cache.put(("e",), b"12345678901", 200)  # larger than the whole cache: never stored
    assert cache.get(("e",)) is None

    expired = PageCache(ttl_seconds=0.0)
    expired.put(("a",), b"x", 200)
    assert expired.get(("a",)) is None


def test_a_page_rendered_for_a_forged_host_is_never_served_to_other_visitors(app, make_org) -> None:
    """Without PORTAL_PUBLIC_URL the job page's JSON-LD names the host asked for; the cache keeps hosts apart."""
    job = publish(make_org("Riverside Health"))
    client = app.test_client()
    assert "evil.example" in client.get(f"/jobs/{job.id}", headers={"Host": "evil.example"}).text
    assert "evil.example" not in client.get(f"/jobs/{job.id}").text
    assert "evil.example" not in client.get("/jobs").text
