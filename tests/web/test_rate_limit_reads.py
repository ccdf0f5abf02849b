"""Reading pages never counts against the log-in limit; submitting the log-in form still does."""

from __future__ import annotations


def test_reading_pages_is_never_limited_but_log_in_attempts_are(make_app) -> None:
    with make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute") as app:
        client = app.test_client()
        assert {client.get("/account/login").status_code for _ in range(10)} == {200}
        assert {client.get("/jobs").status_code for _ in range(10)} == {200}
        codes = [
            client.post("/account/login", data={"email": "x@example.org", "password": "wrong"}).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        # After the limit is reached, the form itself can still be read.
        assert client.get("/account/login").status_code == 200
