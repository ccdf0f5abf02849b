"""Password hashing: Argon2id (argon2-cffi), at OWASP's recommended parameters unless the settings raise them.

OWASP's Password Storage Cheat Sheet puts Argon2id first, "with a minimum configuration of 19 MiB of memory, an
iteration count of 2, and 1 degree of parallelism"; those are the defaults here (PASSWORD_ARGON2_* settings). Werkzeug's
own default, scrypt with N=2**15, r=8, p=1, is below OWASP's scrypt minimum (N=2**17) and costs about four times the
CPU of these Argon2id parameters, which on a two-core server made every sign-up and log-in queue behind the others.

Hashes made before (werkzeug's ``scrypt:`` and ``pbkdf2:`` strings) still verify, and are replaced by an Argon2id hash
the next time their owner logs in, as are Argon2id hashes made with other parameters than the current settings.
"""

from __future__ import annotations

import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app
from werkzeug.security import check_password_hash

log = logging.getLogger(__name__)

#: OWASP's minimum for Argon2id: memory in KiB and iterations (one lane is the minimum and the default).
OWASP_MINIMUM = {"PASSWORD_ARGON2_MEMORY_KIB": 19456, "PASSWORD_ARGON2_TIME_COST": 2}

_ARGON2_PREFIX = "$argon2"
_WERKZEUG_METHODS = {"scrypt", "pbkdf2"}  # what werkzeug.security made before the switch


class _Hasher:
    """The application's Argon2id hasher, and a decoy hash to spend the same time on log-ins for unknown users."""

    def __init__(self, app: Flask) -> None:
        cfg = app.config
        self.hasher = PasswordHasher(
            time_cost=cfg["PASSWORD_ARGON2_TIME_COST"],
            memory_cost=cfg["PASSWORD_ARGON2_MEMORY_KIB"],
            parallelism=cfg["PASSWORD_ARGON2_PARALLELISM"],
        )
        self.decoy = self.hasher.hash("not a password anyone has")


def init_app(app: Flask) -> None:
    """Build the hasher once per application; say so in the log when its settings are below OWASP's minimum."""
    cfg = app.config
    weaker = [name for name, minimum in OWASP_MINIMUM.items() if cfg[name] < minimum]
    if weaker and not cfg.get("TESTING"):
        log.warning("Password hashing is below OWASP's Argon2id minimum (%s); only tests should.", ", ".join(weaker))
    app.extensions["portal_passwords"] = _Hasher(app)


def _current() -> _Hasher:
    return current_app.extensions["portal_passwords"]


def hash_password(password: str) -> str:
    """A salted Argon2id hash of ``password`` in the PHC string format (parameters and salt inside)."""
    return _current().hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored``, an Argon2id hash or one of werkzeug's older formats."""
    if stored.startswith(_ARGON2_PREFIX):
        try:
            return _current().hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    if stored.split("$", 1)[0].split(":", 1)[0] in _WERKZEUG_METHODS:
        try:
            return check_password_hash(stored, password)
        except ValueError:  # a werkzeug prefix on a broken string
            pass
    log.error("A stored password hash has an unknown format (%r...)", stored[:12])
    return False


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` is not an Argon2id hash with the current parameters (so a log-in should replace it)."""
    if not stored.startswith(_ARGON2_PREFIX):
        return True
    try:
        return _current().hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def spend_verify_time(password: str) -> None:
    """Verify ``password`` against a decoy hash, so a log-in for an unknown address takes as long as a real one."""
    verify_password(_current().decoy, password)
