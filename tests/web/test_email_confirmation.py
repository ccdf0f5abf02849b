"""A new account confirms its e-mail address through a link, so the portal's mail reaches the person who signed up."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from portal.extensions import db
from portal.models import User
from portal.services import accounts
from tests.conftest import PASSWORD
from tests.web.test_profile_helpers import body_of, outbox

BANNER = "Please confirm your e-mail address"


def sign_up(client: FlaskClient, email: str = "dana@example.org") -> None:
    response = client.post(
        "/account/signup",
        data={
            "account_type": "candidate",
            "name": "Dana Doe",
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302, response.text


def confirmation_link(app: Flask) -> str:
    mails = [m for m in outbox(app) if m["Subject"] == "Confirm your e-mail address"]
    assert mails, [m["Subject"] for m in outbox(app)]
    match = re.search(r"http://localhost(/account/confirm/\S+)", body_of(mails[-1]))
    assert match, body_of(mails[-1])
    return match.group(1)


def account(email: str) -> User:
    db.session.expire_all()
    user = accounts.find_user(email)
    assert user is not None
    return user


def test_a_new_account_gets_a_link_and_is_confirmed_by_it(app, client) -> None:
    sign_up(client)
    assert account("dana@example.org").email_confirmed_at is None
    assert BANNER in client.get("/me/").text

    landed = client.get(confirmation_link(app), follow_redirects=True)
    assert landed.status_code == 200 and "Your e-mail address is confirmed." in landed.text
    assert account("dana@example.org").email_confirmed_at is not None
    assert BANNER not in client.get("/me/").text


def test_the_link_works_without_being_logged_in(app, client) -> None:
    sign_up(client)
    link = confirmation_link(app)
    other = app.test_client()
    assert other.get(link).status_code == 302
    assert account("dana@example.org").email_confirmed_at is not None


def test_the_link_can_be_sent_again_and_the_request_needs_a_log_in(app, client) -> None:
    sign_up(client)
    response = client.post("/account/confirm/resend", follow_redirects=True)
    assert response.status_code == 200 and "We have sent a new link to dana@example.org" in response.text
    assert len([m for m in outbox(app) if m["Subject"] == "Confirm your e-mail address"]) == 2
    assert app.test_client().post("/account/confirm/resend").status_code == 302  # to log-in


@pytest.mark.parametrize("token", ["nonsense", "WzEsImRhbmFAZXhhbXBsZS5vcmciXQ.Zz.abc"])
def test_a_made_up_link_is_refused(client, token) -> None:
    page = client.get(f"/account/confirm/{token}")
    assert page.status_code == 404 and "expired or is not right" in page.text


def test_a_link_older_than_a_week_is_refused(app, client, monkeypatch) -> None:
    issued = int(TimestampSigner("k").get_timestamp()) - 8 * 24 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued)
    sign_up(client)
    monkeypatch.undo()
    assert client.get(confirmation_link(app)).status_code == 404
    assert account("dana@example.org").email_confirmed_at is None


def test_a_password_reset_link_also_proves_the_address(app, client) -> None:
    sign_up(client)
    client.post("/account/logout")
    client.post("/account/reset", data={"email": "dana@example.org"})
    body = body_of(next(m for m in outbox(app) if m["Subject"] == "Choose a new password"))
    link = re.search(r"http://localhost(/account/reset/\S+)", body).group(1)
    client.post(link, data={"password": "copper-lantern-orchard-77", "confirm": "copper-lantern-orchard-77"})
    assert account("dana@example.org").email_confirmed_at is not None


def test_accounts_made_on_the_command_line_are_confirmed(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["user", "create", "--role", "admin", "--password-stdin", "ops@example.org"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert account("ops@example.org").email_confirmed_at is not None
