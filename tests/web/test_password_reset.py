"""A forgotten password: ask for a link by e-mail, choose a new password through it, once, within an hour."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from portal.extensions import db
from portal.models import Role, User
from portal.services import accounts
from tests.conftest import PASSWORD
from tests.web.test_profile_helpers import body_of, outbox

NEW_PASSWORD = "copper-lantern-orchard-77"
SAME_ANSWER = "If an account uses that address, we have sent it a link"


@pytest.fixture
def nurse(make_user) -> User:
    return make_user(Role.CANDIDATE, email="nora@example.org", name="Nora Nurse")


def ask_for_link(client: FlaskClient, email: str) -> str:
    response = client.post("/account/reset", data={"email": email}, follow_redirects=True)
    assert response.status_code == 200
    return response.text


def link_in_mail(app: Flask) -> str:
    mails = outbox(app)
    assert len(mails) == 1
    match = re.search(r"http://localhost(/account/reset/\S+)", body_of(mails[0]))
    assert match, body_of(mails[0])
    return match.group(1)


def test_the_log_in_page_offers_a_way_back_in(client) -> None:
    assert 'href="/account/reset"' in client.get("/account/login").text


def test_a_job_seeker_resets_a_forgotten_password_through_the_emailed_link(app, client, nurse) -> None:
    assert SAME_ANSWER in ask_for_link(client, "  Nora@Example.org ")
    mail = outbox(app)[0]
    assert mail["To"] == "nora@example.org"
    assert "one hour" in body_of(mail)
    link = link_in_mail(app)

    form = client.get(link)
    assert form.status_code == 200 and "Choose a new password" in form.text
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get("/me/").status_code == 200  # logged in with the new password's session

    other = app.test_client()
    assert other.post("/account/login", data={"email": nurse.email, "password": PASSWORD}).status_code == 401
    assert other.post("/account/login", data={"email": nurse.email, "password": NEW_PASSWORD}).status_code == 302


def test_the_link_works_once(app, client, nurse) -> None:
    ask_for_link(client, nurse.email)
    link = link_in_mail(app)
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = app.test_client().get(link)
    assert again.status_code == 404
    assert "expired or has been used" in again.text and 'href="/account/reset"' in again.text


def test_the_link_ends_after_an_hour(app, client, nurse, monkeypatch) -> None:
    issued = int(TimestampSigner.get_timestamp(TimestampSigner("k"))) - 61 * 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued)
    ask_for_link(client, nurse.email)
    monkeypatch.undo()
    link = link_in_mail(app)
    assert client.get(link).status_code == 404
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404
    db.session.expire_all()
    assert nurse.check_password(PASSWORD)


def test_a_reset_logs_out_every_other_device(app, client, nurse, auth) -> None:
    phone = app.test_client()
    phone.post("/account/login", data={"email": nurse.email, "password": PASSWORD})
    assert phone.get("/me/").status_code == 200
    ask_for_link(client, nurse.email)
    client.post(link_in_mail(app), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert phone.get("/me/").status_code == 302  # back to log-in


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client) -> None:
    assert SAME_ANSWER in ask_for_link(client, "nobody@example.org")
    assert outbox(app) == []


def test_a_suspended_account_gets_no_link(app, client, nurse, make_user) -> None:
    accounts.set_active(nurse, False)
    db.session.commit()
    assert SAME_ANSWER in ask_for_link(client, nurse.email)
    assert outbox(app) == []


def test_a_weak_or_mistyped_new_password_is_refused_and_the_link_still_works(app, client, nurse) -> None:
    ask_for_link(client, nurse.email)
    link = link_in_mail(app)
    weak = client.post(link, data={"password": "password123", "confirm": "password123"})
    assert weak.status_code == 422
    differ = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert differ.status_code == 422 and "The passwords differ." in differ.text
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1IjoxfQ.abc.def"])
def test_a_made_up_link_is_refused(client, nurse, token) -> None:
    assert client.get(f"/account/reset/{token}").status_code == 404


def test_a_link_with_a_changed_signature_is_refused(app, client, nurse) -> None:
    ask_for_link(client, nurse.email)
    link = link_in_mail(app)
    # The signature's first character: its last one carries bits that base64 decoding drops.
    head, signature = link.rsplit(".", 1)
    forged = f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert client.get(forged).status_code == 404


def test_the_forms_need_their_csrf_token(make_app, make_user) -> None:
    with make_app(WTF_CSRF_ENABLED=True) as app:
        make_user(Role.CANDIDATE, email="nora@example.org")
        client = app.test_client()
        assert client.post("/account/reset", data={"email": "nora@example.org"}).status_code == 400
        assert outbox(app) == []


def test_with_a_public_url_a_forged_host_cannot_redirect_the_link(make_app, make_user) -> None:
    with make_app(PUBLIC_URL="https://jobs.example.org/") as app:
        make_user(Role.CANDIDATE, email="nora@example.org")
        client = app.test_client()
        client.post("/account/reset", data={"email": "nora@example.org"}, headers={"Host": "evil.example"})
        body = body_of(outbox(app)[0])
        assert "https://jobs.example.org/account/reset/" in body and "evil.example" not in body


def test_a_cached_job_page_keeps_the_public_url_whatever_host_rendered_it(make_app, make_org) -> None:
    from tests.web.test_jobs_board import publish

    with make_app(PUBLIC_URL="https://jobs.example.org") as app:
        job = publish(make_org("Riverside Health"))
        client = app.test_client()
        first = client.get(f"/jobs/{job.id}", headers={"Host": "evil.example"}).text
        second = client.get(f"/jobs/{job.id}").text
        for page in (first, second):
            assert f'"url": "https://jobs.example.org/jobs/{job.id}"' in page or (
                f'"url":"https://jobs.example.org/jobs/{job.id}"' in page.replace(" ", "")
            )
            assert "evil.example" not in page


@pytest.mark.parametrize("value", ["jobs.example.org", "ftp://jobs.example.org", "https://jobs.example.org/?a=1"])
def test_a_public_url_that_is_not_an_address_stops_the_portal(make_app, value) -> None:
    from portal.errors import ConfigError

    with pytest.raises(ConfigError, match="PORTAL_PUBLIC_URL"), make_app(PUBLIC_URL=value):
        pass


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/account/login", {"email": "username", "password": "current-password"}),
        ("/account/signup", {"name": "name", "email": "email", "password": "new-password", "confirm": "new-password"}),
        ("/account/reset", {"email": "email"}),
    ],
)
def test_password_managers_know_what_each_field_is_for(client, path, fields) -> None:
    """autocomplete hints (WCAG 1.3.5): saved log-ins are offered, and new passwords are suggested, not old ones."""
    page = client.get(path).text
    for name, purpose in fields.items():
        tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
        assert tag and f'autocomplete="{purpose}"' in tag.group(0), (name, tag and tag.group(0))


def test_the_new_password_fields_ask_for_a_new_password(app, client, nurse) -> None:
    ask_for_link(client, nurse.email)
    page = client.get(link_in_mail(app)).text
    assert page.count('autocomplete="new-password"') == 2


def test_a_mail_server_that_fails_gets_the_same_answer_and_a_log_line(make_app, make_user, caplog) -> None:
    with make_app(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=1) as app:  # nothing listens on port 1
        make_user(Role.CANDIDATE, email="nora@example.org")
        response = app.test_client().post("/account/reset", data={"email": "nora@example.org"}, follow_redirects=True)
        assert response.status_code == 200 and SAME_ANSWER in response.text
        assert "Could not send 'Choose a new password'" in caplog.text
