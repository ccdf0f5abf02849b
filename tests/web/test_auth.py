"""Sign-up, log-in, log-out, password change and CSRF."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Candidate, Organization, Role, User
from tests.conftest import PASSWORD


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def signup(client, **overrides):
    data = {
        "account_type": "candidate",
        "name": "Jordan Hale",
        "email": "jordan@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "organization": "",
    }
    data.update(overrides)
    return client.post("/account/signup", data=data)


def test_candidate_sign_up_creates_account_profile_and_logs_in(client) -> None:
    response = signup(client)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User))
    assert user.role == Role.CANDIDATE and user.email == "jordan@example.org"
    assert user.password_hash != PASSWORD and user.check_password(PASSWORD)
    assert db.session.scalar(sa.select(Candidate)).user_id == user.id
    assert "Log out" in client.get("/").get_data(as_text=True)


def test_employer_sign_up_creates_the_organisation(client) -> None:
    response = signup(client, account_type="employer", organization="Lakeside Clinics", email="boss@lakeside.org")
    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organization))
    assert org.name == "Lakeside Clinics"
    assert db.session.scalar(sa.select(User)).organization_id == org.id
    assert client.get("/employer/").status_code == 200


def test_employer_sign_up_without_organisation_name_is_refused(client) -> None:
    response = signup(client, account_type="employer", organization=" ")
    assert response.status_code == 422
    assert "organisation" in response.get_data(as_text=True)
    assert count(User) == 0 and count(Organization) == 0


def test_duplicate_email_is_refused_and_changes_nothing(client, make_user) -> None:
    make_user(email="jordan@example.org")
    response = signup(client, email="Jordan@Example.org")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert count(User) == 1 and count(Candidate) == 1


@pytest.mark.parametrize("password", ["short1!", "password12345", "jordanhale2024"])
def test_weak_password_is_refused_with_a_message(client, password) -> None:
    response = signup(client, password=password, confirm=password)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "at least 12 characters" in body or "less common password" in body
    assert count(User) == 0


def test_log_in_with_wrong_password_is_refused_without_saying_which_part_was_wrong(client, auth, make_user) -> None:
    user = make_user()
    response = auth.login(user.email, "not-the-password-at-all")
    assert response.status_code == 401
    assert "e-mail address or the password is not right" in response.get_data(as_text=True)
    unknown = auth.login("nobody@example.org", PASSWORD)
    assert unknown.status_code == 401
    assert "e-mail address or the password is not right" in unknown.get_data(as_text=True)


def test_log_in_then_log_out(client, auth, make_user, make_org) -> None:
    user = make_user(Role.RECRUITER, organization=make_org())
    assert auth.login(user.email).headers["Location"] == "/employer/"
    assert client.get("/employer/").status_code == 200
    auth.logout()
    response = client.get("/employer/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_log_in_follows_only_same_site_next(client, make_user) -> None:
    user = make_user()
    response = client.post(
        "/account/login?next=https://evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_password_change_requires_current_password_and_logs_out_other_sessions(app, auth, make_user) -> None:
    user = make_user()
    other_device = app.test_client()
    other_device.post("/account/login", data={"email": user.email, "password": PASSWORD})
    auth.login(user.email)
    client = auth._client
    refused = client.post(
        "/account/password",
        data={
            "current_password": "wrong-password-here",
            "new_password": "amber-violin-orchard-55",
            "confirm": "amber-violin-orchard-55",
        },
    )
    assert refused.status_code == 422 and "current password is not right" in refused.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "amber-violin-orchard-55",
            "confirm": "amber-violin-orchard-55",
        },
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("amber-violin-orchard-55")
    assert client.get("/account/password").status_code == 200, "this session goes on"
    assert other_device.get("/account/password").status_code == 302, "the other device is logged out"


def test_form_posted_without_csrf_token_is_refused(make_app) -> None:
    with make_app(WTF_CSRF_ENABLED=True) as app:
        client = app.test_client()
        response = client.post(
            "/account/signup",
            data={
                "account_type": "candidate",
                "name": "A",
                "email": "a@example.org",
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
        )
        assert response.status_code == 400
        assert count(User) == 0
        # With the token from the form, the same post goes through.
        page = client.get("/account/signup").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/account/signup",
            data={
                "csrf_token": token,
                "account_type": "candidate",
                "name": "A",
                "email": "a@example.org",
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
        )
        assert response.status_code == 302


def test_log_in_is_rate_limited(make_app) -> None:
    with make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute") as app:
        client = app.test_client()
        codes = [
            client.post("/account/login", data={"email": "x@example.org", "password": "wrong"}).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
