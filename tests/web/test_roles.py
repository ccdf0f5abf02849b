"""Roles are enforced on the server; recruiters see only their own organisation."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role, User
from tests.conftest import PASSWORD


def test_candidate_is_refused_an_employer_page(client, auth, make_user) -> None:
    auth.login(make_user(Role.CANDIDATE).email)
    assert client.get("/employer/").status_code == 403
    assert client.get("/employer/team").status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client) -> None:
    response = client.get("/employer/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")


def test_recruiter_cannot_manage_the_team(client, auth, make_user, make_org) -> None:
    auth.login(make_user(Role.RECRUITER, organization=make_org()).email)
    assert client.get("/employer/team").status_code == 403


def test_recruiters_see_only_their_own_organisation(client, auth, make_user, make_org) -> None:
    mine, theirs = make_org("Mine Health"), make_org("Their Health")
    make_user(Role.RECRUITER, organization=theirs, name="Other Recruiter", email="other@their.org")
    employer = make_user(Role.EMPLOYER, organization=mine, name="Boss")
    auth.login(employer.email)
    page = client.get("/employer/team").get_data(as_text=True)
    assert "Mine Health" in page and "Their Health" not in page and "other@their.org" not in page


def test_employer_invites_a_recruiter_who_joins_the_organisation(app, client, auth, make_user, make_org) -> None:
    org = make_org("Mine Health")
    auth.login(make_user(Role.EMPLOYER, organization=org).email)
    page = client.post("/employer/team", data={"email": "new.recruiter@mine.org"}).get_data(as_text=True)
    link = re.search(r'value="http://localhost(/account/invitation/[^"]+)"', page).group(1)
    auth.logout()
    joined = client.post(link, data={"name": "New Recruiter", "password": PASSWORD, "confirm": PASSWORD})
    assert joined.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new.recruiter@mine.org"))
    assert user.role == Role.RECRUITER and user.organization_id == org.id
    auth.logout()
    assert client.get(link).status_code == 404, "an invitation works once"


def test_unknown_invitation_token_is_404(client) -> None:
    assert client.get("/account/invitation/not-a-token").status_code == 404


def test_employer_and_recruiter_are_refused_candidate_pages(client, auth, make_user, make_org) -> None:
    org = make_org()
    for role in (Role.EMPLOYER, Role.RECRUITER):
        auth.login(make_user(role, organization=org).email)
        assert client.get("/me/").status_code == 403
        assert client.get("/me/applications").status_code == 403
        auth.logout()
