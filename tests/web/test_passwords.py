"""Password hashing: Argon2id at the configured parameters, older hashes upgraded at log-in, no timing hint."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from werkzeug.security import generate_password_hash

from portal import passwords
from portal.extensions import db
from portal.models import User
from tests.conftest import PASSWORD


def stored_hash(user_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.password_hash).where(User.id == user_id))


def test_new_passwords_are_argon2id_with_the_configured_parameters(app, make_user) -> None:
    user = make_user()
    # The suite's cheap parameters (tests/conftest.py); tests/web/test_faults.py checks a deployment's defaults.
    assert stored_hash(user.id).startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert PASSWORD not in stored_hash(user.id)
    assert make_user().password_hash != user.password_hash  # salted: the same password, another hash


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:600000"])
def test_a_werkzeug_hash_still_logs_in_and_is_replaced_by_argon2id(app, auth, make_user, method) -> None:
    """Accounts made before the switch keep working, and their hash is upgraded by the first log-in."""
    user = make_user()
    user.password_hash = generate_password_hash(PASSWORD, method=method)
    db.session.commit()

    assert auth.login(user.email, "not-the-password-at-all").status_code == 401
    assert stored_hash(user.id).startswith(method.split(":")[0])  # a wrong password upgrades nothing

    assert auth.login(user.email).status_code == 302
    upgraded = stored_hash(user.id)
    assert upgraded.startswith("$argon2id$")
    assert passwords.verify_password(upgraded, PASSWORD)


def test_a_hash_with_other_parameters_than_the_settings_is_replaced_at_log_in(app, auth, make_user) -> None:
    """When a deployment raises PASSWORD_ARGON2_*, each user's hash moves to the new parameters at their next log-in."""
    user = make_user()
    current = stored_hash(user.id)
    assert auth.login(user.email).status_code == 302
    assert stored_hash(user.id) == current  # already at the settings: left alone
    auth.logout()

    user.password_hash = PasswordHasher(memory_cost=16, time_cost=2, parallelism=1).hash(PASSWORD)
    db.session.commit()
    assert auth.login(user.email).status_code == 302
    assert stored_hash(user.id).startswith("$argon2id$v=19$m=8,t=1,p=1$")


def test_an_unknown_address_costs_a_hash_verification_like_a_known_one(app, auth, make_user, monkeypatch) -> None:
    """Without it, "no such account" answers faster than "wrong password" and tells an attacker who is registered."""
    user = make_user()
    verified: list[str] = []
    real_verify = PasswordHasher.verify

    def counting_verify(self: PasswordHasher, stored: str, password: str) -> bool:
        verified.append(stored)
        return real_verify(self, stored, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)

    assert auth.login("nobody@example.org", PASSWORD).status_code == 401
    assert verified == [passwords._current().decoy]
    assert auth.login(user.email, "not-the-password-at-all").status_code == 401
    assert len(verified) == 2 and verified[1] == user.password_hash


def test_an_unreadable_stored_hash_refuses_the_log_in_and_is_logged(app, auth, make_user, caplog) -> None:
    user = make_user()
    user.password_hash = "md5$not-a-format-anyone-supports"
    db.session.commit()
    with caplog.at_level(logging.ERROR, logger="portal.passwords"):
        response = auth.login(user.email)
    assert response.status_code == 401
    assert "e-mail address or the password is not right" in response.get_data(as_text=True)
    assert "unknown format" in caplog.text


def test_parameters_below_owasp_minimum_are_logged_outside_tests(tmp_path, caplog) -> None:
    from portal import create_app

    with caplog.at_level(logging.WARNING, logger="portal.passwords"):
        create_app({"INSTANCE_PATH": str(tmp_path / "a"), "PASSWORD_ARGON2_MEMORY_KIB": 1024})
    assert "below every one of OWASP's Argon2id settings" in caplog.text
    assert "1024 KiB x 5 passes" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="portal.passwords"):
        create_app({"INSTANCE_PATH": str(tmp_path / "b")})
    assert "OWASP" not in caplog.text


@pytest.mark.parametrize(
    ("memory_kib", "passes", "weaker"),
    [
        # OWASP's five settings of equal defence, and one step below each.
        (47104, 1, False),
        (19456, 2, False),
        (12288, 3, False),
        (9216, 4, False),
        (7168, 5, False),
        (47103, 1, True),
        (19456, 1, True),
        (12287, 3, True),
        (7168, 4, True),
        (7167, 9, True),
        # More of both than a listed setting is stronger, not weaker.
        (65536, 3, False),
    ],
)
def test_any_of_owasps_equivalent_settings_is_accepted(tmp_path, caplog, memory_kib, passes, weaker) -> None:
    from portal import create_app

    overrides = {"PASSWORD_ARGON2_MEMORY_KIB": memory_kib, "PASSWORD_ARGON2_TIME_COST": passes}
    with caplog.at_level(logging.WARNING, logger="portal.passwords"):
        create_app({"INSTANCE_PATH": str(tmp_path), **overrides})
    assert ("below every one of OWASP's Argon2id settings" in caplog.text) is weaker


def test_a_deployment_hashes_at_owasps_7_mib_setting() -> None:
    """The default is OWASP's least-memory setting; the suite's cheap hashing must not hide what ships."""
    from portal.config import SETTINGS

    defaults = {setting.name: setting.default for setting in SETTINGS}
    assert (defaults["PASSWORD_ARGON2_MEMORY_KIB"], defaults["PASSWORD_ARGON2_TIME_COST"]) == (7168, 5)
    assert defaults["PASSWORD_ARGON2_PARALLELISM"] == 1
