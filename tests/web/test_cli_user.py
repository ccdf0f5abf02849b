"""`flask --app portal user create`."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Organization, Role, User
from tests.conftest import PASSWORD


def test_create_recruiter_with_password_from_stdin(runner) -> None:
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--role",
            "recruiter",
            "--organization",
            "Acme Health",
            "--password-stdin",
            "rita@acme.org",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "rita@acme.org"))
    assert user.role == Role.RECRUITER and user.organization.name == "Acme Health"
    assert user.check_password(PASSWORD)


def test_create_user_with_password_prompt(runner) -> None:
    result = runner.invoke(
        args=["user", "create", "--role", "candidate", "sam@example.org"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.role).where(User.email == "sam@example.org")) == Role.CANDIDATE


def test_recruiter_without_organisation_is_a_usage_error(runner) -> None:
    result = runner.invoke(
        args=["user", "create", "--role", "recruiter", "--password-stdin", "r@x.org"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 2 and "--organization" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_weak_password_and_duplicate_email_fail_and_save_nothing(runner) -> None:
    weak = runner.invoke(
        args=["user", "create", "--role", "employer", "--organization", "Acme", "--password-stdin", "e@acme.org"],
        input="short\n",
    )
    assert weak.exit_code == 1 and "12 characters" in weak.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0
    runner.invoke(args=["user", "create", "--role", "candidate", "--password-stdin", "c@x.org"], input=PASSWORD + "\n")
    again = runner.invoke(
        args=["user", "create", "--role", "candidate", "--password-stdin", "c@x.org"], input=PASSWORD + "\n"
    )
    assert again.exit_code == 1 and "already exists" in again.output


def test_help_explains_the_command(runner) -> None:
    result = runner.invoke(args=["user", "create", "--help"])
    assert "--password-stdin" in result.output and "admin" in result.output
