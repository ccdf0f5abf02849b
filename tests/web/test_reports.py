"""Employer reports: the page's numbers, the CSV and the Excel workbook agree with the database."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from portal.extensions import db
from portal.models import Application, ApplicationEvent, CandidateCredential, Job, JobStatus, Role
from portal.models.base import utcnow
from portal.services import applications as service
from tests.web.test_applications import make_candidate, make_job

NOW = utcnow()


def days_ago(days: float):
    return NOW - timedelta(days=days)


@pytest.fixture(autouse=True)
def report_clock(set_clock) -> None:
    """The reports are computed at the instant the history was written from.

    A job published ``days_ago(30)`` is 30 days old on NOW's date; a run that crosses midnight UTC between collecting
    this module and requesting the report would otherwise see 31 (as CI once did).
    """
    set_clock(NOW)


def set_history(application: Application, *steps: tuple[str, float]) -> None:
    """Give the application the history ``(status, days ago)``, as if the moves had happened then."""
    application.events.clear()
    db.session.flush()
    previous = None
    for status, ago in steps:
        application.events.append(ApplicationEvent(from_status=previous, to_status=status, created_at=days_ago(ago)))
        previous = status
    application.status = previous
    application.created_at = days_ago(steps[0][1])
    db.session.commit()


@pytest.fixture
def world(make_org, make_user):
    """Acme with three jobs and four applications whose history is known to the day."""
    org = make_org("Acme Health")
    other = make_org("Other Org")
    admin = make_user(Role.EMPLOYER, organization=org)
    recruiter = make_user(Role.RECRUITER, organization=org)
    stranger = make_user(Role.EMPLOYER, organization=other)

    job_a = make_job(org, title="RN Case Manager", salary_min=50000, salary_max=60000, salary_unit="YEAR")
    job_a.published_at = days_ago(30)
    job_b = make_job(org, title="Social Work Case Manager", salary_min=20, salary_max=22, salary_unit="HOUR")
    job_b.published_at = days_ago(10)
    make_job(org, title="Draft job", status=JobStatus.DRAFT)
    other_job = make_job(other, title="Not Acme's job")
    db.session.commit()

    nurse_user = make_user(Role.CANDIDATE, name="Nora Nurse")
    nurse = make_candidate(nurse_user)
    nurse.credentials.extend(
        [CandidateCredential(code="RN", status="held"), CandidateCredential(code="CCM", status="held")]
    )
    social_user = make_user(Role.CANDIDATE, name="Sol Worker")
    social = make_candidate(social_user)
    social.credentials.extend(
        [CandidateCredential(code="LSW", status="held"), CandidateCredential(code="RN", status="expired")]
    )
    sourced = make_candidate(org=org, email="sourced@example.net")
    db.session.commit()

    hired = service.apply(nurse, job_a, actor=nurse_user)
    rejected = service.apply(social, job_a, actor=social_user)
    in_pipeline = service.add_to_pipeline(sourced, job_a, actor=recruiter)
    waiting = service.apply(social, job_b, actor=social_user)
    service.apply(nurse, other_job, actor=nurse_user)  # another organisation's: never in Acme's reports
    db.session.commit()
    set_history(hired, ("applied", 28), ("screening", 25), ("interview", 20), ("offer", 15), ("hired", 14))
    set_history(rejected, ("applied", 27), ("rejected", 26))
    set_history(in_pipeline, ("applied", 20))
    set_history(waiting, ("applied", 5))
    return {"admin": admin, "recruiter": recruiter, "stranger": stranger, "job_a": job_a, "job_b": job_b}


FUNNEL_HEADERS = ["Job ID", "Job", "Applied", "Screening", "Interview", "Offer", "Hired", "Rejected", "Withdrawn"]


def test_the_page_shows_every_report_with_svg_charts(client, auth, world) -> None:
    auth.login(world["recruiter"].email)
    page = client.get("/employer/reports")
    assert page.status_code == 200
    for title in (
        "Pipeline funnel",
        "Time to fill",
        "Time in each stage",
        "Applicants by credential",
        "Applicants by source",
        "Salary against benchmark",
        "Open jobs",
    ):
        assert title in page.text
    assert page.text.count("<svg") == 5
    assert "style=" not in page.text and "<script>" not in page.text.replace("<script src=", "")
    assert "Not Acme&#39;s job" not in page.text and "Not Acme's job" not in page.text
    assert 'href="/employer/reports"' in page.text  # nav link


def test_funnel_csv_matches_the_database(client, auth, world) -> None:
    auth.login(world["admin"].email)
    response = client.get("/employer/reports/funnel.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == FUNNEL_HEADERS
    by_job = {row[1]: [int(v) for v in row[2:]] for row in rows[1:]}
    assert by_job["RN Case Manager"] == [3, 1, 1, 1, 1, 1, 0]
    assert by_job["Social Work Case Manager"] == [1, 0, 0, 0, 0, 0, 0]
    assert by_job["Draft job"] == [0] * 7
    total_in_db = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .join(Job)
        .where(Job.organization_id == world["job_a"].organization_id)
    )
    assert by_job["All jobs"][0] == total_in_db == 4


def test_the_workbook_has_one_sheet_per_report_and_the_databases_numbers(client, auth, world) -> None:
    auth.login(world["admin"].email)
    response = client.get("/employer/reports.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [
        "Pipeline funnel",
        "Time to fill",
        "Time in each stage",
        "Applicants by credential",
        "Applicants by source",
        "Salary against benchmark",
        "Open jobs",
    ]

    def rows(name: str) -> list[tuple]:
        return list(workbook[name].iter_rows(values_only=True))

    funnel = rows("Pipeline funnel")
    assert list(funnel[0]) == FUNNEL_HEADERS
    overall = funnel[-1]
    assert overall[1] == "All jobs"
    statuses = dict(
        db.session.execute(
            sa.select(Application.status, sa.func.count())
            .join(Job)
            .where(Job.organization_id == world["job_a"].organization_id)
            .group_by(Application.status)
        ).all()
    )
    assert overall[2] == sum(statuses.values())
    assert overall[6] == statuses.get("hired", 0) == 1
    assert overall[7] == statuses.get("rejected", 0) == 1

    fill = {r[1]: r for r in rows("Time to fill")[1:]}
    assert fill["RN Case Manager"][4] == 16.0
    assert fill["Social Work Case Manager"][4] is None
    assert fill["Average of filled jobs"][4] == 16.0

    stages = {r[0]: r[1:] for r in rows("Time in each stage")[1:]}
    assert stages["Applied"] == (2, 2.0, 3.0)
    assert stages["Screening"] == (1, 5.0, 5.0)
    assert stages["Interview"] == (1, 5.0, 5.0)
    assert stages["Offer"] == (1, 1.0, 1.0)

    credentials = {r[0]: r[1] for r in rows("Applicants by credential")[1:]}
    assert credentials == {"CCM": 1, "LSW": 1, "RN": 1, "No credential on file": 1}

    sources = {r[0]: r[1] for r in rows("Applicants by source")[1:]}
    by_source_in_db = dict(
        db.session.execute(
            sa.select(Application.source, sa.func.count())
            .join(Job)
            .where(Job.organization_id == world["job_a"].organization_id)
            .group_by(Application.source)
        ).all()
    )
    assert sources == {"applied": 3, "sourced": 1, "discovered": 0}
    assert {k: v for k, v in sources.items() if v} == by_source_in_db

    salary = {r[1]: r for r in rows("Salary against benchmark")[1:]}
    nurse_pay = salary["RN Case Manager"]
    assert nurse_pay[3:6] == (50000, 60000, "YEAR")
    assert nurse_pay[7] == 49623 and nurse_pay[11] == "above_median"
    hourly = salary["Social Work Case Manager"]
    assert hourly[9] == 20 * 2080 and hourly[10] == 22 * 2080  # hourly pay compared as yearly

    open_jobs = {r[1]: r for r in rows("Open jobs")[1:]}
    assert set(open_jobs) == {"RN Case Manager", "Social Work Case Manager"}
    assert open_jobs["RN Case Manager"][3] == 30 and open_jobs["RN Case Manager"][4] == 3
    assert open_jobs["Social Work Case Manager"][3] == 10


def test_a_job_title_cannot_become_a_spreadsheet_formula(client, auth, world) -> None:
    world["job_b"].title = '=HYPERLINK("http://evil.example","click")'
    db.session.commit()
    auth.login(world["admin"].email)
    workbook = load_workbook(io.BytesIO(client.get("/employer/reports.xlsx").data))
    titles = [r[1] for r in workbook["Pipeline funnel"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","click")' in titles
    rows = list(csv.reader(io.StringIO(client.get("/employer/reports/funnel.csv").text)))
    assert all(not row[1].startswith("=") for row in rows)
    assert '\'=HYPERLINK("http://evil.example","click")' in [row[1] for row in rows]


def test_unknown_report_is_404(client, auth, world) -> None:
    auth.login(world["admin"].email)
    assert client.get("/employer/reports/nothing.csv").status_code == 404


def test_another_organisation_sees_only_its_own_numbers(client, auth, world) -> None:
    auth.login(world["stranger"].email)
    rows = list(csv.reader(io.StringIO(client.get("/employer/reports/funnel.csv").text)))
    assert [r[1] for r in rows[1:]] == ["Not Acme's job", "All jobs"]
    assert rows[-1][2] == "1"


@pytest.mark.parametrize("url", ["/employer/reports", "/employer/reports/funnel.csv", "/employer/reports.xlsx"])
def test_candidates_are_refused(client, auth, make_user, url) -> None:
    user = make_user(Role.CANDIDATE)
    auth.login(user.email)
    assert client.get(url).status_code == 403


def test_an_organisation_without_jobs_gets_empty_states(client, auth, make_org, make_user) -> None:
    admin = make_user(Role.EMPLOYER, organization=make_org("New Org"))
    auth.login(admin.email)
    page = client.get("/employer/reports").text
    assert "No jobs yet" in page and "No job is open" in page and "No job states its pay yet" in page
    workbook = load_workbook(io.BytesIO(client.get("/employer/reports.xlsx").data))
    assert len(workbook.sheetnames) == 7
    assert re.match(r"All jobs", workbook["Pipeline funnel"]["B2"].value)


def funnel_by_job(text: str) -> dict[str, list[int]]:
    rows = list(csv.reader(io.StringIO(text)))
    return {row[1]: [int(v) for v in row[2:]] for row in rows[1:]}


def test_a_period_counts_only_the_applications_received_in_it(client, auth, world) -> None:
    """Four applications were received 28, 27, 20 and 5 days ago; the last three weeks hold two of them."""
    auth.login(world["recruiter"].email)
    since, until = (NOW - timedelta(days=21)).date(), NOW.date()
    period = {"since": since.isoformat(), "until": until.isoformat()}

    page = client.get("/employer/reports", query_string=period)
    assert page.status_code == 200
    assert f"{since:%-d %b %Y} to {until:%-d %b %Y}" in page.text
    # The downloads on the page ask for the same period.
    assert f"/employer/reports/funnel.csv?since={since.isoformat()}&amp;until={until.isoformat()}" in page.text
    assert f"/employer/reports.xlsx?since={since.isoformat()}&amp;until={until.isoformat()}" in page.text

    response = client.get("/employer/reports/funnel.csv", query_string=period)
    assert (
        f"funnel-applications-{since.isoformat()}-to-{until.isoformat()}.csv" in response.headers["Content-Disposition"]
    )
    by_job = funnel_by_job(response.text)
    assert by_job["RN Case Manager"][0] == 1  # the sourced person added 20 days ago; the hire was 28 days ago
    assert by_job["Social Work Case Manager"][0] == 1
    assert by_job["All jobs"][0] == 2

    workbook = load_workbook(io.BytesIO(client.get("/employer/reports.xlsx", query_string=period).data))
    funnel_rows = list(workbook["Pipeline funnel"].iter_rows(values_only=True))
    assert funnel_rows[-1][1] == "All jobs" and funnel_rows[-1][2] == 2
    time_to_fill = {row[1]: row for row in workbook["Time to fill"].iter_rows(min_row=2, values_only=True)}
    assert time_to_fill["RN Case Manager"][3] is None  # its hire came from an application before the period


def test_only_a_start_or_only_an_end_leaves_the_other_side_open(client, auth, world) -> None:
    auth.login(world["admin"].email)
    recent = funnel_by_job(
        client.get("/employer/reports/funnel.csv", query_string={"since": (NOW - timedelta(days=6)).date()}).text
    )
    assert recent["All jobs"][0] == 1
    older = funnel_by_job(
        client.get("/employer/reports/funnel.csv", query_string={"until": (NOW - timedelta(days=26)).date()}).text
    )
    assert older["All jobs"][0] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"since": "2026-03-01", "until": "2026-01-01"}, "The end of the period comes before its start."),
        ({"since": "2026-13-45"}, "Give the date as a date"),
    ],
)
def test_dates_that_make_no_sense_get_a_message_and_every_application(client, auth, world, args, message) -> None:
    auth.login(world["admin"].email)
    page = client.get("/employer/reports", query_string=args)
    assert page.status_code == 200
    assert message in page.text
    assert "All time" in page.text and "could not be used" in page.text
    assert funnel_by_job(client.get("/employer/reports/funnel.csv", query_string=args).text)["All jobs"][0] == 4
