"""Staff move applications along the pipeline: every move in the matrix is allowed or refused as the rules say."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from portal import pipeline
from portal.extensions import db
from portal.models import Application, ApplicationEvent, Organization, Role, User
from portal.services import applications as service
from tests.web.test_applications import body_of, make_candidate, make_job, make_resume, outbox

MATRIX = [(src, dst) for src in pipeline.STATUSES for dst in pipeline.STATUSES]


@pytest.fixture
def org(make_org: Callable[..., Organization]) -> Organization:
    return make_org("Lakeside Clinic")


@pytest.fixture
def recruiter(make_user: Callable[..., User], org: Organization) -> User:
    return make_user(Role.RECRUITER, organization=org, name="Rita Recruiter")


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.CANDIDATE, email="sam@example.org", name="Sam Lee")


@pytest.fixture
def application(org: Organization, applicant: User) -> Application:
    candidate = make_candidate(applicant)
    job = make_job(org, title="Utilization Review Nurse")
    made = service.apply(candidate, job, resume=make_resume(candidate), actor=applicant)
    db.session.commit()
    return made


def force_status(application: Application, status: str) -> None:
    """Put the application in ``status`` directly, as a test setup, without an event."""
    application.status = status
    db.session.commit()


def move(client, application: Application, to_status: str, reason: str = ""):
    prefix = f"a{application.id}-"
    return client.post(
        f"/employer/applications/{application.id}/move",
        data={f"{prefix}to_status": to_status, f"{prefix}reason": reason},
    )


@pytest.mark.parametrize(("src", "dst"), MATRIX, ids=[f"{s}->{d}" for s, d in MATRIX])
def test_every_move_in_the_matrix(app, client, auth, recruiter, application, src, dst) -> None:
    force_status(application, src)
    events_before = len(application.events)
    mails_before = len(outbox(app))
    auth.login(recruiter.email)

    response = move(client, application, dst, reason="Not enough case management experience")

    db.session.expire_all()
    if dst in pipeline.TRANSITIONS[src]:
        assert response.status_code == 302
        assert application.status == dst
        event = application.events[-1]
        assert (event.from_status, event.to_status, event.actor_id) == (src, dst, recruiter.id)
        assert event.created_at is not None
        [mail] = outbox(app)[mails_before:]
        assert mail["To"] == "sam@example.org"
        assert pipeline.LABELS[dst] in mail["Subject"]
    else:
        assert response.status_code == 422
        assert "was not moved" in response.text
        assert application.status == src
        assert len(application.events) == events_before
        assert len(outbox(app)) == mails_before


def test_rejecting_without_a_reason_is_refused(client, auth, recruiter, application) -> None:
    auth.login(recruiter.email)
    response = move(client, application, "rejected")
    assert response.status_code == 422
    assert "say why" in response.text
    db.session.expire_all()
    assert application.status == "applied"


def test_rejection_keeps_the_reason_for_staff_but_not_in_the_candidates_mail(
    app, client, auth, recruiter, application
) -> None:
    auth.login(recruiter.email)
    move(client, application, "rejected", reason="No active RN license")
    db.session.expire_all()
    assert application.rejection_reason == "No active RN license"
    assert application.events[-1].reason == "No active RN license"
    mail = outbox(app)[-1]
    assert "decided not to go further" in body_of(mail)
    assert "RN license" not in body_of(mail)
    assert "No active RN license" in client.get(f"/employer/jobs/{application.job_id}/applicants").text

    move(client, application, "screening")  # reconsidered
    db.session.expire_all()
    assert application.status == "screening" and application.rejection_reason is None


def test_a_whole_hire_is_recorded_step_by_step(app, client, auth, recruiter, application, applicant) -> None:
    auth.login(recruiter.email)
    for status in ("screening", "interview", "offer", "hired"):
        assert move(client, application, status).status_code == 302
    db.session.expire_all()
    assert [(e.from_status, e.to_status) for e in application.events] == [
        (None, "applied"),
        ("applied", "screening"),
        ("screening", "interview"),
        ("interview", "offer"),
        ("offer", "hired"),
    ]
    assert [e.actor_id for e in application.events] == [applicant.id] + [recruiter.id] * 4
    subjects = [m["Subject"] for m in outbox(app)]
    assert subjects[-1].endswith("Hired") and len(subjects) == 5
    auth.logout()
    auth.login(applicant.email)
    history = client.get(f"/me/applications/{application.id}").text
    for label in ("Screening", "Interview", "Offer", "Hired"):
        assert label in history
    assert "by the employer" in history


def test_applicants_page_lists_only_allowed_moves(client, auth, recruiter, application) -> None:
    auth.login(recruiter.email)
    page = client.get(f"/employer/jobs/{application.job_id}/applicants").text
    assert "Sam Lee" in page
    assert 'value="screening"' in page and 'value="hired"' not in page


def test_applicants_page_empty_state(client, auth, recruiter, org) -> None:
    job = make_job(org)
    auth.login(recruiter.email)
    assert "Nobody has applied yet" in client.get(f"/employer/jobs/{job.id}/applicants").text


def test_staff_of_another_organisation_get_404(client, auth, make_org, make_user, application) -> None:
    stranger = make_user(Role.EMPLOYER, organization=make_org("Other Org"))
    auth.login(stranger.email)
    assert client.get(f"/employer/jobs/{application.job_id}/applicants").status_code == 404
    assert move(client, application, "screening").status_code == 404
    db.session.expire_all()
    assert application.status == "applied"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApplicationEvent)) == 1


def test_a_candidate_cannot_open_staff_pages(client, auth, applicant, application) -> None:
    auth.login(applicant.email)
    assert client.get(f"/employer/jobs/{application.job_id}/applicants").status_code == 403
    assert move(client, application, "hired").status_code == 403
    db.session.expire_all()
    assert application.status == "applied"


def test_a_mail_is_not_sent_when_the_change_is_rolled_back(app, recruiter, application) -> None:
    before = len(outbox(app))
    service.transition(application, "screening", actor=recruiter)
    db.session.rollback()
    db.session.commit()
    assert len(outbox(app)) == before


def test_sourced_people_in_the_pipeline_are_not_emailed(app, org, recruiter) -> None:
    sourced = make_candidate(org=org, email="someone@example.net")
    job = make_job(org)
    added = service.add_to_pipeline(sourced, job, actor=recruiter)
    service.transition(added, "screening", actor=recruiter)
    db.session.commit()
    assert added.source == "sourced"
    assert outbox(app) == []
