"""Sessions: cookie flags, a new session at log-in, and log-out or a password change ending it on the server."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from portal import create_app
from portal.models import Role
from tests.conftest import PASSWORD


def session_cookie_header(response) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert headers, "the response sets the session cookie"
    return headers[-1]


def cookie_value(response) -> str:
    cookie = SimpleCookie()
    cookie.load(session_cookie_header(response))
    return cookie["session"].value


def test_session_cookie_is_httponly_samesite_lax(client, make_user) -> None:
    user = make_user()
    header = session_cookie_header(client.post("/account/login", data={"email": user.email, "password": PASSWORD}))
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header


def test_session_cookie_is_secure_outside_development(app_config) -> None:
    production = create_app({**app_config, "TESTING": False})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert create_app({**app_config, "SESSION_COOKIE_SECURE": False}).config["SESSION_COOKIE_SECURE"] is False


def test_log_in_starts_a_new_session(client, make_user) -> None:
    user = make_user()
    client.get("/account/login")
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as after:
        assert "planted" not in after, "nothing from before the log-in survives"


def test_a_copied_cookie_stops_working_after_log_out(app, make_user, make_org) -> None:
    user = make_user(Role.RECRUITER, organization=make_org())
    browser = app.test_client()
    stolen = cookie_value(browser.post("/account/login", data={"email": user.email, "password": PASSWORD}))
    assert browser.get("/employer/").status_code == 200
    browser.post("/account/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/employer/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_password_change_ends_every_other_session(app, make_user) -> None:
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post("/account/login", data={"email": user.email, "password": PASSWORD})
    new = "amber-violin-orchard-55"
    laptop.post("/account/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert laptop.get("/account/password").status_code == 200
    assert phone.get("/account/password").status_code == 302


@pytest.mark.parametrize("path", ["/", "/jobs", "/account/login"])
def test_security_headers(client, path) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_page_carries_an_inline_script(client, auth, make_user) -> None:
    auth.login(make_user().email)
    for path in ("/", "/jobs", "/me/", "/certification-path/"):
        html = client.get(path).get_data(as_text=True)
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/ld+json"' in opening, f"inline script on {path}"
