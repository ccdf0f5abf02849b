"""Erasure: a job seeker deletes their account and everything goes; sourced people are purged after retention."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from portal.extensions import db
from portal.models import Application, Job, JobStatus, ResumeAccess, Role, Shortlist, User
from portal.models.candidates import Candidate, CandidateCredential, Resume
from portal.services import candidate_search
from portal.services.candidates import add_resume
from tests.conftest import PASSWORD
from tests.web.test_profile_helpers import candidate_of, make_pdf, seeker, stored_files, upload


def _count(model: type, *where: object) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_deleting_the_account_removes_rows_files_and_index_entry(
    client: FlaskClient, make_user, make_org, auth, app: Flask
) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf(), "cv.pdf")
    client.post("/me/discoverable", data={"discoverable": "y"})
    candidate = candidate_of(user)
    candidate_id, user_id, email, resume_id = candidate.id, user.id, user.email, candidate.resumes[0].id
    client.get(f"/me/resumes/{resume_id}/download")
    org = make_org()
    job = Job(organization_id=org.id, title="RN Case Manager", template="general", status=JobStatus.PUBLISHED)
    db.session.add(job)
    db.session.flush()
    db.session.add_all(
        [Application(job_id=job.id, candidate_id=candidate_id), Shortlist(job_id=job.id, candidate_id=candidate_id)]
    )
    db.session.commit()
    assert candidate_id in candidate_search.get_index().all_ids()

    page = client.get("/me/delete").get_data(as_text=True)
    assert "1 uploaded resume file" in page and "data-confirm" in page
    response = client.post("/me/delete", data={"password": PASSWORD})
    assert response.status_code == 302

    db.session.expire_all()
    assert db.session.get(User, user_id) is None and db.session.get(Candidate, candidate_id) is None
    for model in (Resume, CandidateCredential, Application, Shortlist, ResumeAccess):
        assert _count(model, model.candidate_id == candidate_id) == 0, model
    assert stored_files(app) == []
    assert candidate_id not in candidate_search.get_index().all_ids()
    assert candidate_search.check_index() == []
    # Logged out, and the account cannot log in again.
    assert client.get("/me/").status_code == 302
    assert "/me" not in auth.login(email).headers.get("Location", "")


def test_a_wrong_password_deletes_nothing(client: FlaskClient, make_user, auth, app: Flask) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf())
    response = client.post("/me/delete", data={"password": "not-my-password"})
    assert response.status_code == 422 and "The password is not right." in response.get_data(as_text=True)
    assert candidate_of(user).resumes and len(stored_files(app)) == 1
    empty = client.post("/me/delete", data={"password": ""})
    assert empty.status_code == 422 and "Type your password to confirm." in empty.get_data(as_text=True)


def _sourced(org, created: datetime, name: str) -> Candidate:
    candidate = Candidate(owner_org_id=org.id, name=name, created_at=created)
    db.session.add(candidate)
    db.session.flush()
    add_resume(candidate, make_pdf([name, "Registered Nurse (RN), New York"]), f"{name}.pdf")
    db.session.commit()
    return candidate


def test_retention_purges_old_sourced_candidates_with_their_files(
    app: Flask, runner: FlaskCliRunner, make_org, make_user
) -> None:
    strict = make_org("Strict Health")
    strict.retention_days = 180
    relaxed = make_org("Keeps Everything")  # no retention period: kept until deleted by hand
    db.session.commit()
    old = _sourced(strict, datetime(2025, 1, 1), "Old Sourced")
    recent = _sourced(strict, datetime(2025, 12, 1), "Recent Sourced")
    forever = _sourced(relaxed, datetime(2020, 1, 1), "Kept Sourced")
    seeker_user = make_user(Role.CANDIDATE)
    own = candidate_of(seeker_user)
    own.owner_org_id, own.created_at = strict.id, datetime(2020, 1, 1)  # has an account: never purged
    db.session.commit()
    old_id, old_key = old.id, old.resumes[0].storage_key

    result = runner.invoke(args=["retention", "run", "--as-of", "2026-01-15"])
    assert result.exit_code == 0 and "Erased 1 sourced candidate." in result.output
    db.session.expire_all()
    assert db.session.get(Candidate, old_id) is None
    assert {c.id for c in db.session.scalars(sa.select(Candidate))} == {recent.id, forever.id, own.id}
    assert old_key not in {f.name for f in stored_files(app)} and len(stored_files(app)) == 2
    assert old_id not in candidate_search.get_index().all_ids()

    again = runner.invoke(args=["retention", "run", "--as-of", "2026-01-15"])
    assert "Erased 0 sourced candidates." in again.output


def test_retention_help_explains_what_it_erases(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["retention", "run", "--help"])
    assert "retention period" in result.output and "--as-of" in result.output
