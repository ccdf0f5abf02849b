"""Password hashing: Argon2id (argon2-cffi), at one of OWASP's recommended settings unless the settings raise them.

OWASP's Password Storage Cheat Sheet puts Argon2id first and lists five settings (memory, passes, one lane) that
"provide an equal level of defense, and the only difference is a trade off between CPU and RAM usage": 46 MiB x 1,
19 MiB x 2, 12 MiB x 3, 9 MiB x 4 and 7 MiB x 5. The default here (PASSWORD_ARGON2_* settings) is 7 MiB x 5: with
many hashes at once on a small server (sign-ups and log-ins arriving together), its smaller working set fights less
for the CPU caches than 19 MiB x 2 does, and ten simultaneous hashes finish in about three quarters of the time
(docs/benchmarks.md). Werkzeug's own default, scrypt with N=2**15, r=8, p=1, is below OWASP's scrypt minimum
(N=2**17) and costs about four times the CPU, which on a two-core server made every sign-up and log-in queue.

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

#: OWASP's Argon2id settings of equal defence, as (memory in KiB, passes), each with one lane.
OWASP_SETTINGS = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))

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
    memory, passes = cfg["PASSWORD_ARGON2_MEMORY_KIB"], cfg["PASSWORD_ARGON2_TIME_COST"]
    if not owasp_strength(memory, passes) and not cfg.get("TESTING"):
        log.warning(
            "Password hashing at %d KiB x %d passes is below every one of OWASP's Argon2id settings (%s); only tests "
            "should be.",
            memory,
            passes,
            ", ".join(f"{m} KiB x {t}" for m, t in OWASP_SETTINGS),
        )
    app.extensions["portal_passwords"] = _Hasher(app)


def owasp_strength(memory_kib: int, passes: int) -> bool:
    """True when the memory and passes reach at least one of OWASP's Argon2id settings."""
    return any(memory_kib >= m and passes >= t for m, t in OWASP_SETTINGS)


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
