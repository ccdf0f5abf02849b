"""Days are the portal's days (PORTAL_TIMEZONE), whatever zone the server runs in.

A job "valid through 30 November" takes applications until 30 November ends where its applicants are; a credential
expiring today is still held today; a report for 30 November counts the evening's applications; a job posted on the
evening of 30 November says so. The server's clock is UTC here, five hours ahead of New York in winter.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from portal import clock
from portal.errors import ConfigError
from portal.extensions import db
from portal.models import Application, CandidateCredential, Role
from portal.services import applications as application_service
from tests.web.test_applications import make_candidate, make_resume
from tests.web.test_jobs_board import publish

LAST_DAY = date(2026, 11, 30)
NINE_PM_IN_NEW_YORK = datetime(2026, 12, 1, 2, 0)  # 21:00 EST on 30 November
PAST_MIDNIGHT_IN_NEW_YORK = datetime(2026, 12, 1, 5, 30)  # 00:30 EST on 1 December


@pytest.fixture
def closing_job(make_org, set_clock):
    set_clock(datetime(2026, 11, 20, 15, 0))
    return publish(make_org("Riverside Health"), title="Last Day Case Manager", valid_through=LAST_DAY.isoformat())


def test_the_clock_reads_days_in_the_portals_time_zone(app, set_clock) -> None:
    assert app.config["TIMEZONE"] == "America/New_York"
    set_clock(NINE_PM_IN_NEW_YORK)
    assert clock.today() == LAST_DAY
    assert clock.day_of(NINE_PM_IN_NEW_YORK) == LAST_DAY
    assert clock.start_of(LAST_DAY) == datetime(2026, 11, 30, 5, 0)
    assert clock.start_of(date(2026, 7, 4)) == datetime(2026, 7, 4, 4, 0)  # daylight saving time


def test_a_job_takes_applications_until_its_last_day_ends_in_the_portals_time_zone(
    client, closing_job, set_clock
) -> None:
    set_clock(NINE_PM_IN_NEW_YORK)
    assert closing_job.is_open
    assert "Last Day Case Manager" in client.get("/jobs").text
    assert "Last Day Case Manager" in client.get("/jobs", query_string={"q": "last day"}).text
    assert client.get(f"/jobs/{closing_job.id}").status_code == 200

    set_clock(PAST_MIDNIGHT_IN_NEW_YORK)
    assert not closing_job.is_open
    assert "Last Day Case Manager" not in client.get("/jobs").text  # not a page cached the day before
    assert "Last Day Case Manager" not in client.get("/jobs", query_string={"q": "last day"}).text
    assert client.get(f"/jobs/{closing_job.id}").status_code == 404


def test_a_job_seeker_can_apply_on_the_evening_of_the_last_day(client, auth, make_user, closing_job, set_clock):
    user = make_user(Role.CANDIDATE)
    resume = make_resume(make_candidate(user))
    auth.login(user.email)
    set_clock(NINE_PM_IN_NEW_YORK)
    response = client.post(f"/me/applications/apply/{closing_job.id}", data={"resume": resume.id})
    assert response.status_code in (302, 303), response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 1


def test_the_setting_names_the_zone(make_app, make_org, set_clock) -> None:
    with make_app(TIMEZONE="UTC") as app:
        set_clock(datetime(2026, 11, 20, 15, 0))
        job = publish(make_org("Riverside Health"), valid_through=LAST_DAY.isoformat())
        set_clock(NINE_PM_IN_NEW_YORK)
        assert clock.today() == date(2026, 12, 1)
        assert not job.is_open
        assert app.test_client().get(f"/jobs/{job.id}").status_code == 404


def test_a_zone_that_does_not_exist_stops_the_portal_with_a_clear_message(make_app) -> None:
    with pytest.raises(ConfigError, match="PORTAL_TIMEZONE"), make_app(TIMEZONE="Ohio/Columbus"):
        pass


def test_the_job_page_and_its_jsonld_say_when_applications_close(client, closing_job) -> None:
    page = client.get(f"/jobs/{closing_job.id}").text
    assert "30 November 2026, 23:59 EST" in page
    assert '"validThrough":"2026-11-30T23:59:59-05:00"' in page.replace(" ", "")


def test_the_job_builder_says_in_which_time_zone_the_closing_date_ends(client, auth, make_org, make_user) -> None:
    employer = make_user(Role.EMPLOYER, organization=make_org("Riverside Health"))
    auth.login(employer.email)
    page = client.get("/employer/jobs/new/hospital_utilization_review").text
    assert "until the end of this day, America/New_York time" in page


def test_a_job_published_in_the_evening_was_posted_that_day(client, make_org, set_clock) -> None:
    set_clock(NINE_PM_IN_NEW_YORK)
    job = publish(make_org("Riverside Health"), title="Evening Case Manager")
    page = client.get(f"/jobs/{job.id}").text
    assert "30 November 2026" in page and "1 December 2026" not in page
    assert '"datePosted":"2026-11-30"' in page.replace(" ", "")


def test_a_credential_expiring_today_is_still_held_until_the_day_ends(client, auth, make_user, set_clock) -> None:
    user = make_user(Role.CANDIDATE)
    candidate = make_candidate(user)
    candidate.credentials.append(CandidateCredential(code="RN", status="held", states=["OH"], expires=LAST_DAY))
    db.session.commit()
    auth.login(user.email)

    set_clock(NINE_PM_IN_NEW_YORK)
    assert "expires today" in client.get("/me/").text

    set_clock(PAST_MIDNIGHT_IN_NEW_YORK)
    assert "passed its expiry date on 30 November 2026" in client.get("/me/").text


def test_a_report_for_a_day_counts_that_days_evening_applications(client, auth, make_org, make_user, set_clock):
    org = make_org("Riverside Health")
    recruiter = make_user(Role.RECRUITER, organization=org)
    set_clock(datetime(2026, 11, 20, 15, 0))
    job = publish(org, title="RN Case Manager")
    made = {}
    for name, moment in (
        ("Evening", datetime(2026, 12, 1, 3, 0)),  # 22:00 on 30 November in New York: counts
        ("Night before", datetime(2026, 11, 30, 4, 0)),  # 23:00 on 29 November: does not
    ):
        person = make_candidate(make_user(Role.CANDIDATE, name=name))
        application = application_service.apply(person, job, actor=person.user)
        application.created_at = moment
        made[name] = application
    db.session.commit()

    set_clock(datetime(2026, 12, 1, 3, 30))
    auth.login(recruiter.email)
    day = {"since": LAST_DAY.isoformat(), "until": LAST_DAY.isoformat()}
    funnel = client.get("/employer/reports/funnel.csv", query_string=day).text
    assert funnel.splitlines()[-1].split(",")[2] == "1"
    page = client.get("/employer/reports", query_string=day).text
    assert "30 November 2026, 22:30 EST" in page
