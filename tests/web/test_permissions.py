"""Every route in the URL map against every kind of visitor.

The table ``ROUTES`` says who each endpoint is for. A route that is not in the table fails
``test_every_route_is_covered``, so a new route cannot escape this test. The URLs are filled with the objects of
employer A and candidate A; anybody else who is signed in must get 404 for them (never 200, never a hint that they
exist).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from portal import clock
from portal.extensions import db
from portal.models import (
    Application,
    Candidate,
    CandidateCredential,
    Job,
    JobStatus,
    Organization,
    Resume,
    Role,
    User,
)
from portal.models.base import utcnow
from portal.services import accounts
from portal.services.storage import get_storage
from tests.conftest import PASSWORD

VISITORS = ("anonymous", "candidate_a", "candidate_b", "recruiter_a", "recruiter_b", "employer_a", "admin")


@dataclass(frozen=True)
class Access:
    """Who a route is for.

    audience: "public" (anyone), "user" (anyone signed in), "candidate", "staff" (employer admins and recruiters),
    "employer" (employer admins only), "admin" (site administrators).
    owned: the URL names an object of candidate A or employer A, so other signed-in parties get 404.
    """

    audience: str
    owned: bool = False


ROUTES: dict[str, Access] = {
    "static": Access("public"),
    "bootstrap.static": Access("public"),
    "public.index": Access("public"),
    "jobs.board": Access("public"),
    "jobs.show": Access("public"),
    "paths.index": Access("public"),
    "auth.login": Access("public"),
    "auth.signup": Access("public"),
    "auth.accept_invitation": Access("public", owned=True),
    "auth.request_reset": Access("public"),
    "auth.reset_password": Access("public", owned=True),  # a reset token, like an invitation's
    "auth.confirm_email": Access("public", owned=True),  # a signed token
    "auth.resend_confirmation": Access("user"),
    "auth.logout": Access("user"),
    "auth.change_password": Access("user"),
    "candidate.profile": Access("candidate"),
    "candidate.upload_resume": Access("candidate"),
    "candidate.resume_text": Access("candidate", owned=True),
    "candidate.download_resume": Access("candidate", owned=True),
    "candidate.make_primary": Access("candidate", owned=True),
    "candidate.delete_resume": Access("candidate", owned=True),
    "candidate.add_credential": Access("candidate"),
    "candidate.edit_credential": Access("candidate", owned=True),
    "candidate.confirm_credential": Access("candidate", owned=True),
    "candidate.remove_credential": Access("candidate", owned=True),
    "candidate.discoverable": Access("candidate"),
    "candidate.export_json": Access("candidate"),
    "candidate.import_json": Access("candidate"),
    "candidate.delete_account": Access("candidate"),
    "candidate.applications": Access("candidate"),
    "candidate.application": Access("candidate", owned=True),
    "candidate.apply": Access("candidate"),
    "candidate.withdraw": Access("candidate", owned=True),
    "candidate.recommended": Access("candidate"),
    "employer.dashboard": Access("staff"),
    "employer.team": Access("employer"),
    "employer.jobs": Access("staff"),
    "employer.choose_template": Access("staff"),
    "employer.new_job": Access("staff"),
    "employer.edit_job": Access("staff", owned=True),
    "employer.publish_job": Access("staff", owned=True),
    "employer.unpublish_job": Access("staff", owned=True),
    "employer.close_job": Access("staff", owned=True),
    "employer.applicants": Access("staff", owned=True),
    "employer.move_application": Access("staff", owned=True),
    "employer.reports": Access("staff"),
    "employer.report_csv": Access("staff"),
    "employer.reports_xlsx": Access("staff"),
    "recruiter.jobs": Access("staff"),
    "recruiter.job": Access("staff", owned=True),
    "recruiter.set_blind": Access("staff", owned=True),
    "recruiter.candidate": Access("staff", owned=True),
    "recruiter.shortlist": Access("staff", owned=True),
    "recruiter.add_note": Access("staff", owned=True),
    "recruiter.move": Access("staff", owned=True),
    "recruiter.add_to_pipeline": Access("staff", owned=True),
    "recruiter.resume_view": Access("staff", owned=True),
    "recruiter.resume_download": Access("staff", owned=True),
    "admin.index": Access("admin"),
    "admin.set_active": Access("admin"),
}

# Visitors who own the objects in the URLs, by audience; every other visitor of the right role gets 404 for them.
OWNERS = {"candidate": {"candidate_a"}, "staff": {"recruiter_a", "employer_a"}, "employer": {"employer_a"}}
ROLE_OF = {
    "candidate_a": Role.CANDIDATE,
    "candidate_b": Role.CANDIDATE,
    "recruiter_a": Role.RECRUITER,
    "recruiter_b": Role.RECRUITER,
    "employer_a": Role.EMPLOYER,
    "admin": Role.ADMIN,
}
AUDIENCE_ROLES = {
    "candidate": {Role.CANDIDATE},
    "staff": {Role.EMPLOYER, Role.RECRUITER},
    "employer": {Role.EMPLOYER},
    "user": set(Role),
    "admin": {Role.ADMIN},
}


def expected(access: Access, visitor: str) -> str:
    """'ok', 'login', 'forbidden' or 'not_found' for ``visitor`` on a route with ``access``."""
    if access.audience == "public":
        if access.owned:  # an invitation or reset token: nobody but its recipient knows it
            return "not_found"
        return "ok"
    if visitor == "anonymous":
        return "login"
    if ROLE_OF[visitor] not in AUDIENCE_ROLES[access.audience]:
        return "forbidden"
    if access.owned and access.audience in OWNERS and visitor not in OWNERS[access.audience]:
        return "not_found"
    return "ok"


@dataclass
class World:
    users: dict[str, User]
    ids: dict[str, Any]


def build_world() -> World:
    """Two organisations, two job seekers and one of everything a URL can name, all belonging to A's side."""
    org_a, org_b = Organization(name="Org A"), Organization(name="Org B")
    db.session.add_all([org_a, org_b])
    users = {
        "candidate_a": accounts.create_user(
            email="cand.a@example.org", password=PASSWORD, role=Role.CANDIDATE, name="Alice Candidate"
        ),
        "candidate_b": accounts.create_user(
            email="cand.b@example.org", password=PASSWORD, role=Role.CANDIDATE, name="Bob Candidate"
        ),
        "recruiter_a": accounts.create_user(
            email="rec.a@example.org", password=PASSWORD, role=Role.RECRUITER, organization=org_a
        ),
        "recruiter_b": accounts.create_user(
            email="rec.b@example.org", password=PASSWORD, role=Role.RECRUITER, organization=org_b
        ),
        "employer_a": accounts.create_user(
            email="emp.a@example.org", password=PASSWORD, role=Role.EMPLOYER, organization=org_a
        ),
        "admin": accounts.create_user(email="admin@example.org", password=PASSWORD, role=Role.ADMIN),
    }
    job = Job(
        organization=org_a,
        title="RN Case Manager",
        template="hospital_utilization_review",
        status=JobStatus.PUBLISHED,
        required_credentials=[["RN"]],
        preferred_credentials=["CCM"],
        city="Columbus",
        region="OH",
        salary_min=70000,
        salary_max=80000,
        valid_through=clock.today() + timedelta(days=30),
        published_at=utcnow(),
        description="Coordinate care.",
        duties=["Plan care"],
        skills=["Empathy"],
    )
    db.session.add(job)
    candidate_a = db.session.scalars(db.select(Candidate).where(Candidate.user_id == users["candidate_a"].id)).one()
    key = get_storage().save(b"Alice Candidate\nRN, Ohio\n")
    resume = Resume(
        candidate=candidate_a,
        storage_key=key,
        original_filename="alice.txt",
        kind="txt",
        size=24,
        sha256="a" * 64,
        text="Alice Candidate RN",
        is_primary=True,
    )
    credential = CandidateCredential(candidate=candidate_a, code="RN", status="held", states=["OH"])
    db.session.add_all([resume, credential])
    db.session.flush()
    application = Application(job=job, candidate=candidate_a, resume=resume, status="applied")
    db.session.add(application)
    _invitation, token = accounts.invite_recruiter(
        organization=org_a, email="new@example.org", invited_by=users["employer_a"]
    )
    db.session.commit()
    ids = {
        "job_id": job.id,
        "resume_id": resume.id,
        "credential_id": credential.id,
        "application_id": application.id,
        "candidate_id": candidate_a.id,
        "template_key": "hospital_utilization_review",
        "key": "funnel",
        "filename": "app.css",
        "token": "not-the-real-token",
        "user_id": users["candidate_b"].id,
    }
    return World(users=users, ids=ids)


def url_for_rule(app: Flask, rule: Any, ids: dict[str, Any]) -> str:
    values = {name: ids[name] for name in rule.arguments}
    if rule.endpoint == "bootstrap.static":
        values["filename"] = "css/bootstrap.min.css"
    with app.test_request_context():
        return rule.build(values, append_unknown=False)[1]


def classify(response: Any) -> str:
    code = response.status_code
    if code >= 500:
        return f"server error {code}"
    if code in (302, 303) and "/account/login" in response.headers.get("Location", ""):
        return "login"
    if code == 401:
        return "login"
    if code == 403:
        return "forbidden"
    if code == 404:
        return "not_found"
    return "ok"


def visit(app: Flask, endpoint: str, visitor: str) -> list[tuple[str, str, str]]:
    """Request every method of ``endpoint`` as ``visitor``; return (method, url, outcome) for each."""
    world = build_world()
    client = app.test_client()
    if visitor != "anonymous":
        response = client.post("/account/login", data={"email": world.users[visitor].email, "password": PASSWORD})
        assert response.status_code == 302, f"{visitor} could not log in"
    outcomes = []
    for rule in app.url_map.iter_rules(endpoint):
        url = url_for_rule(app, rule, world.ids)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            with client.open(url, method=method, data={}) as response:
                outcomes.append((method, url, classify(response)))
    return outcomes


def all_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def test_every_route_is_covered(app: Flask) -> None:
    missing = sorted(all_endpoints(app) - ROUTES.keys())
    assert not missing, f"routes with no expected permissions in ROUTES: {missing}"
    stale = sorted(ROUTES.keys() - all_endpoints(app))
    assert not stale, f"ROUTES names endpoints that no longer exist: {stale}"


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_visitor_as_expected(app: Flask, endpoint: str, visitor: str) -> None:
    want = expected(ROUTES[endpoint], visitor)
    for method, url, got in visit(app, endpoint, visitor):
        assert got == want, f"{visitor} {method} {url}: expected {want}, got {got}"


def _without_role_check(app: Flask, endpoint: str) -> Callable[..., Any]:
    view = app.view_functions[endpoint]
    assert hasattr(view, "__wrapped__"), "the view is guarded by role_required"
    return view.__wrapped__


@pytest.mark.parametrize(
    ("endpoint", "visitor"), [("candidate.profile", "recruiter_a"), ("employer.team", "recruiter_a")]
)
def test_the_matrix_fails_when_a_check_is_removed(app: Flask, endpoint: str, visitor: str) -> None:
    """Remove a view's role check, as a careless change would: the matrix must notice."""
    want = expected(ROUTES[endpoint], visitor)
    assert want == "forbidden"
    app.view_functions[endpoint] = _without_role_check(app, endpoint)
    outcomes = visit(app, endpoint, visitor)
    assert any(got != want for _method, _url, got in outcomes), "removing the check went unnoticed"
