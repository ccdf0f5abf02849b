"""`flask demo load`, what `make run` serves: loaded once, and every log-in it prints works and lands on its home."""

from __future__ import annotations

import re

from portal.demo import DEMO_PASSWORD, JOBS

HOMES = {"employer": "/employer/", "recruiter": "/employer/", "candidate": "/", "admin": "/admin/"}


def test_demo_data_loads_once_and_every_printed_log_in_works(app, runner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded." in first.output and DEMO_PASSWORD in first.output
    log_ins = re.findall(r"^\s+(employer|recruiter|candidate|admin)\s+(\S+@\S+)$", first.output, re.MULTILINE)
    assert {role for role, _ in log_ins} == set(HOMES)

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already loaded" in again.output

    for role, email in log_ins:
        client = app.test_client()
        response = client.post("/account/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert response.headers["Location"] == HOMES[role]
        assert client.get(HOMES[role]).status_code == 200

    board = app.test_client().get("/jobs").get_data(as_text=True)
    assert f"{len(JOBS)} jobs" in board
