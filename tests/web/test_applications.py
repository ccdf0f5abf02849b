"""Job seekers apply, follow and withdraw their applications; duplicates are recognised; nobody sees others' data."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from portal import clock
from portal.extensions import db
from portal.models import Application, ApplicationEvent, Candidate, Job, JobStatus, Organization, Resume, Role, User
from portal.models.applications import CandidateLink
from portal.services import applications as service
from tests.conftest import statements_from_first_write


def make_job(
    org: Organization, *, status: JobStatus = JobStatus.PUBLISHED, title: str = "RN Case Manager", **extra
) -> Job:
    """A job of ``org``; published ones get a publication date."""
    now = datetime.now(UTC).replace(tzinfo=None)
    job = Job(
        organization_id=org.id,
        title=title,
        template="general",
        status=status,
        published_at=now if status != JobStatus.DRAFT else None,
        **extra,
    )
    db.session.add(job)
    db.session.commit()
    return job


def make_candidate(user: User | None = None, *, org: Organization | None = None, email: str | None = None) -> Candidate:
    """A job seeker's record (``user``, made with the account) or a person ``org`` sourced."""
    if user is not None:
        candidate = service.candidate_for_user(user)
        db.session.commit()
        return candidate
    candidate = Candidate(
        user_id=user.id if user else None,
        owner_org_id=org.id if org else None,
        name=user.name if user else "Sourced Person",
        email=email or (user.email if user else None),
    )
    db.session.add(candidate)
    db.session.commit()
    return candidate


def make_resume(candidate: Candidate, content: bytes | None = None, filename: str = "resume.txt") -> Resume:
    """A resume row (the file itself is not needed to apply)."""
    content = content or secrets.token_bytes(32)
    resume = Resume(
        candidate_id=candidate.id,
        storage_key=secrets.token_hex(16),
        original_filename=filename,
        kind="txt",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        text="",
        is_primary=True,
    )
    db.session.add(resume)
    db.session.commit()
    return resume


def outbox(app: Flask) -> list[Message]:
    """Every e-mail the portal wrote to the outbox folder, in sending order."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def body_of(message: Message) -> str:
    """The plain-text body of a message."""
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


@pytest.fixture
def org(make_org: Callable[..., Organization]) -> Organization:
    return make_org("Riverside Health")


@pytest.fixture
def seeker(make_user: Callable[..., User]) -> User:
    return make_user(Role.CANDIDATE, email="dana@example.org", name="Dana Reyes")


@pytest.fixture
def seeker_candidate(seeker: User) -> Candidate:
    return make_candidate(seeker)


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_candidate_applies_with_a_resume_and_a_note(app, client, auth, org, seeker, seeker_candidate) -> None:
    job = make_job(org)
    resume = make_resume(seeker_candidate, filename="dana-cv.txt")
    auth.login(seeker.email)

    page = client.get(f"/me/applications/apply/{job.id}")
    assert page.status_code == 200
    assert "dana-cv.txt" in page.text

    response = client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id, "note": "Can start in May."})
    assert response.status_code == 302
    application = db.session.scalars(sa.select(Application)).one()
    assert (application.job_id, application.candidate_id, application.resume_id) == (
        job.id,
        seeker_candidate.id,
        resume.id,
    )
    assert application.note == "Can start in May."
    assert application.status == "applied" and application.source == "applied"
    [event] = application.events
    assert (event.from_status, event.to_status, event.actor_id) == (None, "applied", seeker.id)

    detail = client.get(response.headers["Location"])
    assert "RN Case Manager" in detail.text and "Applied" in detail.text
    listing = client.get("/me/applications")
    assert "RN Case Manager" in listing.text and "Riverside Health" in listing.text

    [mail] = outbox(app)
    assert mail["To"] == seeker.email
    assert "received your application" in body_of(mail)


def test_applying_reads_everything_before_its_first_write(client, auth, org, seeker, seeker_candidate) -> None:
    """Only writes between the first write and the commit (see statements_from_first_write)."""
    job = make_job(org)
    resume = make_resume(seeker_candidate, filename="dana-cv.txt")
    auth.login(seeker.email)
    client.get(f"/me/applications/apply/{job.id}")
    with statements_from_first_write() as statements:
        response = client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id, "note": "Can start."})
    assert response.status_code == 302
    assert statements.count("INSERT") == 2 and "SELECT" not in statements, statements  # application and its event
    application = db.session.scalars(sa.select(Application)).one()
    assert [(e.from_status, e.to_status, e.actor_id) for e in application.events] == [(None, "applied", seeker.id)]


def test_the_apply_endpoint_name_is_the_one_the_job_board_links_to(app, org) -> None:
    job = make_job(org)
    with app.test_request_context():
        from flask import url_for

        assert url_for("candidate.apply", job_id=job.id) == f"/me/applications/apply/{job.id}"


def test_applying_twice_is_refused_and_changes_nothing(client, auth, org, seeker, seeker_candidate) -> None:
    job = make_job(org)
    resume = make_resume(seeker_candidate)
    auth.login(seeker.email)
    client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id, "note": "first"})

    again = client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id, "note": "second"})
    assert again.status_code == 422
    assert "already applied" in again.text
    assert count(Application) == 1
    assert count(ApplicationEvent) == 1
    assert db.session.scalars(sa.select(Application.note)).one() == "first"


@pytest.mark.parametrize(
    ("status", "extra", "message"),
    [
        (JobStatus.CLOSED, {}, "closed"),
        (JobStatus.PUBLISHED, {"valid_through": clock.today() - timedelta(days=1)}, "closed"),
    ],
)
def test_applying_to_a_closed_job_is_refused(
    client, auth, org, seeker, seeker_candidate, status, extra, message
) -> None:
    job = make_job(org, status=status, **extra)
    resume = make_resume(seeker_candidate)
    auth.login(seeker.email)
    assert "no longer takes applications" in client.get(f"/me/applications/apply/{job.id}").text

    response = client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id})
    assert response.status_code == 422
    assert message in response.text
    assert count(Application) == 0


def test_a_draft_job_does_not_exist_for_job_seekers(client, auth, org, seeker, seeker_candidate) -> None:
    job = make_job(org, status=JobStatus.DRAFT)
    resume = make_resume(seeker_candidate)
    auth.login(seeker.email)
    assert client.get(f"/me/applications/apply/{job.id}").status_code == 404
    assert client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id}).status_code == 404
    assert count(Application) == 0


def test_the_service_refuses_a_draft_job_with_a_reason(org, seeker, seeker_candidate) -> None:
    from portal.errors import NotAllowed

    job = make_job(org, status=JobStatus.DRAFT)
    with pytest.raises(NotAllowed, match="not published"):
        service.apply(seeker_candidate, job, actor=seeker)


def test_someone_elses_resume_cannot_be_sent(client, auth, org, seeker, seeker_candidate, make_user) -> None:
    other = make_candidate(make_user(Role.CANDIDATE))
    their_resume = make_resume(other)
    make_resume(seeker_candidate)
    job = make_job(org)
    auth.login(seeker.email)
    response = client.post(f"/me/applications/apply/{job.id}", data={"resume": their_resume.id})
    assert response.status_code == 422
    assert count(Application) == 0


def test_without_a_resume_the_page_says_to_upload_one(client, auth, org, seeker) -> None:
    job = make_job(org)
    auth.login(seeker.email)
    page = client.get(f"/me/applications/apply/{job.id}")
    assert "no resume on the portal yet" in page.text


def test_an_overlong_note_is_refused_inline(client, auth, org, seeker, seeker_candidate) -> None:
    job = make_job(org)
    resume = make_resume(seeker_candidate)
    auth.login(seeker.email)
    response = client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id, "note": "x" * 2001})
    assert response.status_code == 422
    assert "2000" in response.text
    assert count(Application) == 0


def test_candidate_withdraws_and_the_history_shows_it(app, client, auth, org, seeker, seeker_candidate) -> None:
    job = make_job(org)
    resume = make_resume(seeker_candidate)
    auth.login(seeker.email)
    client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id})
    application = db.session.scalars(sa.select(Application)).one()

    page = client.get(f"/me/applications/{application.id}")
    assert "data-confirm" in page.text and "Withdraw application" in page.text
    response = client.post(f"/me/applications/{application.id}/withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == "withdrawn"
    assert [(e.from_status, e.to_status, e.actor_id) for e in application.events] == [
        (None, "applied", seeker.id),
        ("applied", "withdrawn", seeker.id),
    ]
    page = client.get(f"/me/applications/{application.id}")
    assert "Withdrawn" in page.text and "Withdraw application" not in page.text

    again = client.post(f"/me/applications/{application.id}/withdraw", follow_redirects=True)
    assert "cannot move from Withdrawn" in again.text
    db.session.expire_all()
    assert len(application.events) == 2


def test_another_candidates_application_answers_404(client, auth, org, seeker, seeker_candidate, make_user) -> None:
    other_user = make_user(Role.CANDIDATE)
    other = make_candidate(other_user)
    job = make_job(org)
    theirs = service.apply(other, job, actor=other_user)
    db.session.commit()
    auth.login(seeker.email)
    assert client.get(f"/me/applications/{theirs.id}").status_code == 404
    assert client.post(f"/me/applications/{theirs.id}/withdraw").status_code == 404
    db.session.refresh(theirs)
    assert theirs.status == "applied"


def test_staff_cannot_open_candidate_pages(client, auth, org, make_user) -> None:
    recruiter = make_user(Role.RECRUITER, organization=org)
    job = make_job(org)
    auth.login(recruiter.email)
    assert client.get("/me/applications").status_code == 403
    assert client.get(f"/me/applications/apply/{job.id}").status_code == 403


def test_visitors_are_sent_to_log_in(client, org) -> None:
    job = make_job(org)
    response = client.get(f"/me/applications/apply/{job.id}")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_empty_list_says_what_to_do_next(client, auth, seeker) -> None:
    auth.login(seeker.email)
    assert "have not applied to any job yet" in client.get("/me/applications").text


def test_a_sourced_record_with_the_same_email_is_linked_not_doubled(
    client, auth, org, seeker, seeker_candidate
) -> None:
    sourced = make_candidate(org=org, email="DANA@example.org")
    job = make_job(org)
    resume = make_resume(seeker_candidate)
    auth.login(seeker.email)
    client.post(f"/me/applications/apply/{job.id}", data={"resume": resume.id})

    [link] = db.session.scalars(sa.select(CandidateLink)).all()
    assert (link.sourced_candidate_id, link.candidate_id, link.matched_on) == (sourced.id, seeker_candidate.id, "email")
    assert link.organization_id == org.id and link.linked_by_id == seeker.id
    assert count(Application) == 1


def test_a_sourced_record_already_in_the_pipeline_hands_over_its_application(
    app, org, seeker, seeker_candidate, make_user
) -> None:
    recruiter = make_user(Role.RECRUITER, organization=org)
    content = b"Dana Reyes, RN, CCM\n"
    sourced = make_candidate(org=org, email="dana.old@example.net")
    make_resume(sourced, content)
    job = make_job(org)
    sourced_application = service.add_to_pipeline(sourced, job, actor=recruiter)
    service.transition(sourced_application, "screening", actor=recruiter)
    db.session.commit()

    same_file = make_resume(seeker_candidate, content)
    application = service.apply(seeker_candidate, job, resume=same_file, note="Hello", actor=seeker)
    db.session.commit()

    assert application.id == sourced_application.id
    assert count(Application) == 1
    assert application.candidate_id == seeker_candidate.id and application.resume_id == same_file.id
    assert application.status == "screening" and application.source == "sourced"
    assert [e.to_status for e in application.events] == ["applied", "screening"]
    link = db.session.scalars(sa.select(CandidateLink)).one()
    assert link.matched_on == "resume"


def test_the_same_resume_file_from_a_second_account_is_refused(org, seeker, seeker_candidate, make_user) -> None:
    content = b"one file, two accounts"
    job = make_job(org)
    service.apply(seeker_candidate, job, resume=make_resume(seeker_candidate, content), actor=seeker)
    db.session.commit()
    second_user = make_user(Role.CANDIDATE, email="dana.second@example.org")
    second = make_candidate(second_user)
    from portal.errors import InvalidInput

    with pytest.raises(InvalidInput, match="already sent for this job from another account"):
        service.apply(second, job, resume=make_resume(second, content), actor=second_user)
    db.session.rollback()
    assert count(Application) == 1


def test_a_sourced_record_of_another_organisation_is_left_alone(org, seeker, seeker_candidate, make_org) -> None:
    other_org = make_org("Elsewhere Care")
    make_candidate(org=other_org, email=seeker.email)
    job = make_job(org)
    service.apply(seeker_candidate, job, actor=seeker)
    db.session.commit()
    assert count(CandidateLink) == 0


def test_first_visit_creates_the_candidate_record_once(client, auth, seeker) -> None:
    auth.login(seeker.email)
    client.get("/me/applications")
    client.get("/me/applications")
    assert db.session.scalar(sa.select(sa.func.count()).where(Candidate.user_id == seeker.id)) == 1
