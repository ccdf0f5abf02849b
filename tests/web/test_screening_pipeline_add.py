"""Recruiters put a sourced or discoverable person from the ranked pool into the job's pipeline."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import Application, ApplicationEvent, Role
from tests.web.test_candidate_index_helpers import make_candidate, make_job


def login_recruiter(make_user: Any, auth: Any, org: Any) -> Any:
    user = make_user(Role.RECRUITER, email="rita@mercy.example", organization=org, name="Rita")
    auth.login(user.email)
    return user


def test_sourced_person_joins_the_pipeline_once(
    app: Flask, client: FlaskClient, make_org: Any, make_user: Any, auth: Any
) -> None:
    org = make_org("Mercy Health")
    recruiter = login_recruiter(make_user, auth, org)
    job = make_job(org)
    person = make_candidate(held=("RN",), owner=org, email="sourced@example.net")
    url = f"/screening/jobs/{job.id}/candidates/{person.id}/pipeline"
    page = client.get(f"/screening/jobs/{job.id}/candidates/{person.id}").get_data(as_text=True)
    assert f'action="{url}"' in page, "the candidate page offers to add the person to the pipeline"

    assert client.post(url).status_code == 302
    application = db.session.scalar(sa.select(Application).where(Application.candidate_id == person.id))
    assert application.status == "applied" and application.source == "sourced"
    event = db.session.scalar(sa.select(ApplicationEvent).where(ApplicationEvent.application_id == application.id))
    assert event.actor_id == recruiter.id

    again = client.post(url, follow_redirects=True)
    assert "already in the job" in again.get_data(as_text=True)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Application))
    assert count == 1, "nothing doubled"


def test_another_organisations_person_cannot_be_added(
    app: Flask, client: FlaskClient, make_org: Any, make_user: Any, auth: Any
) -> None:
    mine, theirs = make_org("Mercy Health"), make_org("Other Health")
    login_recruiter(make_user, auth, mine)
    job = make_job(mine)
    stranger = make_candidate(held=("RN",), owner=theirs, email="theirs@example.net")
    assert client.post(f"/screening/jobs/{job.id}/candidates/{stranger.id}/pipeline").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0
