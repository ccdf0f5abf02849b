"""Prepare an instance for the load run: migrated SQLite (WAL), demo data, extra jobs and candidates, indexes built.

Usage: .venv/bin/python scripts/load/prepare.py INSTANCE_DIR [--jobs 300] [--candidates 300]

Prints the environment (PORTAL_* variables) a server needs to run on this instance, one ``KEY=value`` per line.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

CREDENTIAL_MIX = [
    [("RN", ["OH"]), ("CCM", [])],
    [("RN", ["OH", "KY"])],
    [("LSW", ["OH"])],
    [("LISW", ["OH"]), ("C-SWCM", [])],
    [("LCSW", ["IL"]), ("CCM", [])],
    [("LPN", ["TX"])],
]
PASSWORD_FOR_SEEDED = "quiet-river-stone-1987"
DEGREES = [("BSN", "Nursing"), ("MSW", "Social Work"), ("BSW", "Social Work"), ("ADN", "Nursing")]


def instance_env(instance: Path) -> dict[str, str]:
    """The PORTAL_* settings that point a server, a CLI command or the checker at this instance."""
    return {
        "PORTAL_DATABASE_URL": f"sqlite:///{instance / 'portal.db'}",
        "PORTAL_SEARCH_INDEX_DIR": str(instance / "search_index"),
        "PORTAL_UPLOAD_DIR": str(instance / "uploads"),
        "PORTAL_MAIL_OUTBOX_DIR": str(instance / "outbox"),
        "PORTAL_SECRET_KEY": "load-test-secret",
        "PORTAL_SESSION_COOKIE_SECURE": "false",
        # Every simulated user signs up and logs in from 127.0.0.1, so the per-address limit must allow them all.
        "PORTAL_LOGIN_RATE_LIMIT": "100000 per minute",
    }


def flask(instance: Path, *args: str) -> str:
    """Run one ``flask --app portal`` command on the instance and return its output."""
    env = {**os.environ, **instance_env(instance)}
    command = [str(Path(sys.executable).parent / "flask"), "--app", "portal", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def seed(instance: Path, jobs: int, candidates: int, seed_value: int) -> None:
    """Add published jobs (through the job services) and candidates with credentials and degrees."""
    os.environ.update(instance_env(instance))
    from bench_board import seed_jobs

    from portal import create_app
    from portal.extensions import db
    from portal.models import Candidate, CandidateCredential, CandidateDegree, Role
    from portal.models.base import utcnow
    from portal.services import accounts

    rng = random.Random(seed_value)
    # Inline index writes: `flask index rebuild` runs next, and must not race this process's background writer.
    # The deployment's password hashing, so the load run's log-ins verify real-strength hashes.
    app = create_app({"INSTANCE_PATH": str(instance), "INDEX_SYNC": "inline"})
    with app.app_context():
        seed_jobs(jobs, rng)
        for n in range(candidates):
            user = accounts.create_user(
                email=f"seeker{n}@load.example",
                password=PASSWORD_FOR_SEEDED,
                role=Role.CANDIDATE,
                name=f"Load Seeker {n}",
            )
            db.session.flush()
            candidate = db.session.query(Candidate).filter_by(user_id=user.id).one_or_none()
            if candidate is None:
                candidate = Candidate(user=user, name=user.name, email=user.email)
                db.session.add(candidate)
            candidate.discoverable = True
            candidate.experience_months = rng.randrange(0, 240)
            for code, states in rng.choice(CREDENTIAL_MIX):
                candidate.credentials.append(
                    CandidateCredential(code=code, status="held", states=states, origin="entered", confirmed=True)
                )
            code, field = rng.choice(DEGREES)
            candidate.degrees.append(CandidateDegree(code=code, field=field))
            candidate.created_at = utcnow() - timedelta(days=rng.randrange(0, 400))
            if n % 100 == 99:
                db.session.commit()
        db.session.commit()


def prepare(instance: Path, jobs: int = 300, candidates: int = 300, seed_value: int = 7) -> dict[str, str]:
    """Build the whole instance from nothing and return its environment."""
    instance.mkdir(parents=True, exist_ok=True)
    flask(instance, "db", "upgrade")
    flask(instance, "demo", "load")
    seed(instance, jobs, candidates, seed_value)
    flask(instance, "index", "rebuild")
    return instance_env(instance)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for key, value in prepare(args.instance.resolve(), args.jobs, args.candidates, args.seed).items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main()
