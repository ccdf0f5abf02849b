"""The site administrator: the portal in figures, the account list, and suspending or restoring an account."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import Role, User
from tests.conftest import PASSWORD


@pytest.fixture
def people(make_user, make_org):
    org = make_org("Lakeside Clinics")
    return {
        "admin": make_user(Role.ADMIN, email="root@example.org", name="Ada Admin"),
        "seeker": make_user(Role.CANDIDATE, email="jordan@example.org", name="Jordan Hale"),
        "recruiter": make_user(Role.RECRUITER, email="rita@lakeside.org", name="Rita Recruiter", organization=org),
    }


def suspend(client, user: User, active: str = "0"):
    return client.post(f"/admin/users/{user.id}/active", data={"active": active})


def test_an_administrator_lands_on_the_figures_and_every_account(client, auth, people) -> None:
    response = auth.login("root@example.org")
    assert response.headers["Location"] == "/admin/"
    page = client.get("/admin/").get_data(as_text=True)
    assert "Administration" in page
    assert "3 accounts" in page
    for email in ("root@example.org", "jordan@example.org", "rita@lakeside.org"):
        assert email in page
    assert "Lakeside Clinics" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "JORDAN"}, "jordan@example.org", "rita@lakeside.org"),
        ({"q": "recruiter"}, "rita@lakeside.org", "jordan@example.org"),  # the name
        ({"role": "recruiter"}, "rita@lakeside.org", "jordan@example.org"),
    ],
)
def test_the_account_list_searches_e_mail_and_name_and_filters_by_role(client, auth, people, query, shown, hidden):
    auth.login("root@example.org")
    page = client.get("/admin/", query_string=query).get_data(as_text=True)
    assert shown in page and hidden not in page


def test_a_suspended_account_is_logged_out_at_once_and_cannot_log_in_until_restored(app, auth, people) -> None:
    seeker_client = app.test_client()
    assert (
        seeker_client.post("/account/login", data={"email": "jordan@example.org", "password": PASSWORD}).status_code
        == 302
    )
    assert seeker_client.get("/me/").status_code == 200

    auth.login("root@example.org")
    admin_client = auth._client
    response = suspend(admin_client, people["seeker"])
    assert response.status_code == 302
    assert "is suspended" in admin_client.get("/admin/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, people["seeker"].id).active is False

    # The open session ends at once; a new log-in is refused with the usual message.
    assert seeker_client.get("/me/").status_code == 302
    refused = seeker_client.post("/account/login", data={"email": "jordan@example.org", "password": PASSWORD})
    assert refused.status_code == 401

    suspend(admin_client, people["seeker"], active="1")
    assert (
        seeker_client.post("/account/login", data={"email": "jordan@example.org", "password": PASSWORD}).status_code
        == 302
    )


def test_an_administrator_cannot_suspend_their_own_account(client, auth, people) -> None:
    auth.login("root@example.org")
    response = suspend(client, people["admin"])
    assert response.status_code == 302
    assert "You cannot suspend your own account." in client.get("/admin/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, people["admin"].id).active is True


def test_a_bad_request_changes_nothing_and_an_unknown_account_is_404(client, auth, people) -> None:
    auth.login("root@example.org")
    assert client.post(f"/admin/users/{people['seeker'].id}/active", data={"active": "maybe"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, people["seeker"].id).active is True
    assert client.post("/admin/users/999999/active", data={"active": "0"}).status_code == 404


def test_suspend_and_restore_from_the_command_line(runner, people) -> None:
    result = runner.invoke(args=["user", "suspend", "Jordan@Example.org"])
    assert result.exit_code == 0, result.output
    assert "Suspended candidate jordan@example.org" in result.output
    db.session.expire_all()
    assert db.session.get(User, people["seeker"].id).active is False
    assert runner.invoke(args=["user", "restore", "jordan@example.org"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(User, people["seeker"].id).active is True
    unknown = runner.invoke(args=["user", "suspend", "nobody@example.org"])
    assert unknown.exit_code == 1 and "No account has the e-mail address" in unknown.output
