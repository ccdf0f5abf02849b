"""E-mail: the outbox when no SMTP host is set, SMTP when it is; credential expiry reminders sent once per mark."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from portal.extensions import db
from portal.models import Role
from portal.models.candidates import Candidate, CandidateCredential
from portal.services.mail import send_mail
from tests.web.test_profile_helpers import body_of, candidate_of, outbox


def test_without_smtp_mail_is_written_to_the_outbox(app: Flask) -> None:
    send_mail("jane@example.org", "Hello", "Your profile is ready.\nLine two: é")
    [message] = outbox(app)
    assert message["To"] == "jane@example.org" and message["Subject"] == "Hello"
    assert message["From"] == app.config["MAIL_FROM"] and message["Message-ID"]
    assert body_of(message) == "Your profile is ready.\nLine two: é\n"


def test_with_an_smtp_host_mail_goes_through_smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[Any] = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            sent.append(("connect", host, port))

        def __enter__(self) -> FakeSMTP:
            return self

        def __exit__(self, *_exc: object) -> None:
            pass

        def starttls(self) -> None:
            sent.append(("starttls",))

        def login(self, user: str, password: str) -> None:
            sent.append(("login", user))

        def send_message(self, message: Any) -> None:
            sent.append(("send", message["To"]))

    monkeypatch.setattr("portal.services.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(MAIL_SMTP_HOST="smtp.example.org", MAIL_SMTP_USER="portal")
    send_mail("jane@example.org", "Hello", "Body")
    assert sent == [
        ("connect", "smtp.example.org", 587),
        ("starttls",),
        ("login", "portal"),
        ("send", "jane@example.org"),
    ]
    assert outbox(app) == []


def _with_credentials(make_user, *expiries: tuple[str, date | None, str]) -> Candidate:
    user = make_user(Role.CANDIDATE, email="nurse@example.org", name="Nora Nurse")
    candidate = candidate_of(user)
    for code, expires, status in expiries:
        candidate.credentials.append(
            CandidateCredential(
                code=code, status=status, states=["NY"], expires=expires, origin="entered", confirmed=True
            )
        )
    db.session.commit()
    return candidate


def test_reminders_go_out_once_per_threshold(app: Flask, runner: FlaskCliRunner, make_user) -> None:
    _with_credentials(make_user, ("RN", date(2026, 12, 31), "held"))
    result = runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-10-10"])  # 82 days left
    assert result.exit_code == 0 and "Sent 1 reminder e-mail." in result.output
    [first] = outbox(app)
    assert first["To"] == "nurse@example.org"
    assert "RN (NY)" in body_of(first) and "31 December 2026, in 82 days" in body_of(first)

    again = runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-10-11"])
    assert "Sent 0 reminder e-mails." in again.output and len(outbox(app)) == 1

    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-11-05"])  # 56 days: the 60-day mark
    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-12-05"])  # 26 days: the 30-day mark
    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-12-20"])
    messages = outbox(app)
    assert len(messages) == 3
    assert "in 26 days" in body_of(messages[-1])


def test_a_late_first_run_sends_only_the_tightest_mark(app: Flask, runner: FlaskCliRunner, make_user) -> None:
    _with_credentials(make_user, ("RN", date(2026, 12, 31), "held"), ("CCM", date(2026, 12, 20), "held"))
    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-12-10"])
    [message] = outbox(app)  # one e-mail listing both
    assert message["Subject"] == "Credentials on your profile expire soon"
    assert "RN" in body_of(message) and "CCM" in body_of(message)
    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-12-11"])
    assert len(outbox(app)) == 1


def test_no_reminder_for_far_expired_unknown_or_sourced(
    app: Flask, runner: FlaskCliRunner, make_user, make_org
) -> None:
    _with_credentials(
        make_user,
        ("RN", date(2028, 1, 1), "held"),  # far away
        ("CCM", date(2026, 9, 1), "held"),  # already past
        ("LCSW", date(2026, 11, 1), "expired"),  # the candidate says it lapsed
        ("ACM", None, "held"),  # no date
    )
    org = make_org()
    sourced = Candidate(owner_org_id=org.id, name="Sourced", email="sourced@example.org")
    sourced.credentials.append(CandidateCredential(code="RN", status="held", expires=date(2026, 11, 1)))
    db.session.add(sourced)
    db.session.commit()
    result = runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-10-10"])
    assert "Sent 0 reminder e-mails." in result.output and outbox(app) == []


def test_renewing_a_credential_starts_its_reminders_afresh(app: Flask, runner: FlaskCliRunner, make_user) -> None:
    candidate = _with_credentials(make_user, ("RN", date(2026, 12, 31), "held"))
    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-12-10"])
    candidate.credentials[0].expires = date(2027, 2, 28)
    db.session.commit()
    runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-12-10"])
    assert len(outbox(app)) == 2 and "28 February 2027" in body_of(outbox(app)[-1])


def test_a_bad_as_of_date_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["candidate", "remind-expiring", "--as-of", "2026-13-01"])
    assert result.exit_code == 2 and "use YYYY-MM-DD" in result.output


def test_profile_flags_credentials_expiring_within_90_60_30_days(
    client: FlaskClient, make_user, auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("portal.services.candidates.today", lambda: date(2026, 10, 1))
    _with_credentials(
        make_user,
        ("RN", date(2026, 12, 20), "held"),  # 80 days
        ("CCM", date(2026, 11, 20), "held"),  # 50 days
        ("LCSW", date(2026, 10, 21), "held"),  # 20 days
        ("ACM", date(2027, 6, 1), "held"),  # far
    )
    auth.login("nurse@example.org")
    page = client.get("/me/").get_data(as_text=True)
    assert "Credentials to renew" in page
    assert "within 90 days" in page and "within 60 days" in page and "within 30 days" in page
    assert "in 20 days" in page and "in 80 days" in page
    assert "01 June 2027" not in page
