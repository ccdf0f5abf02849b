"""Faults: a server process killed (SIGKILL) in the middle of an upload leaves no half-made records.

A full gunicorn per test would be slow, so the upload runs through the real service (``add_resume``) in a child
interpreter on the test's database and upload folder; a hook at one point of the upload tells the test it got there
and waits, and the test kills the child with SIGKILL, as the kernel or a supervisor would kill a stuck worker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from portal.extensions import db
from portal.models.candidates import Candidate, CandidateCredential, Resume
from portal.services.storage import get_storage
from tests.web.test_profile_helpers import make_pdf, stored_files

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Runs in the child: build the app on the test's settings, arm one hook, then upload as the profile page does.
CHILD = r"""
import json, os, sys, time
config = json.loads(sys.argv[1]); point = sys.argv[2]; data = open(sys.argv[3], "rb").read()
from portal import create_app
from portal.documents import worker
from portal.extensions import db
from portal.models.candidates import Candidate
from portal.services import candidates, storage

def stop_here(*_args, **_kwargs):
    # Tell the test where we are, then wait for SIGKILL (never longer than the test's own timeout).
    print("AT", point, flush=True)
    time.sleep(30)
    os._exit(3)

if point == "parsing":
    worker._Worker.ask = lambda self, data, timeout: stop_here()
elif point == "writing-file":
    real_fsync = os.fsync
    storage.os.fsync = lambda fd: (real_fsync(fd), stop_here())
elif point == "file-written":
    real_save = storage.Storage.save
    storage.Storage.save = lambda self, data: (real_save(self, data), stop_here())[0]
elif point == "rows-flushed":
    real_apply = candidates.apply_parsed
    def apply_then_stop(candidate, parsed):
        real_apply(candidate, parsed)
        db.session.flush()
        stop_here()
    candidates.apply_parsed = apply_then_stop

app = create_app(config)
with app.app_context():
    candidate = db.session.get(Candidate, int(sys.argv[4]))
    resume = candidates.add_resume(candidate, data, "killed.pdf")
    if point == "before-commit":
        stop_here()
    db.session.commit()
    print("COMMITTED", flush=True)
"""

KILL_POINTS = ["parsing", "writing-file", "file-written", "rows-flushed", "before-commit"]


def _child_config(app: Flask) -> dict[str, Any]:
    keys = (
        "DATABASE_URL",
        "SEARCH_INDEX_DIR",
        "UPLOAD_DIR",
        "MAIL_OUTBOX_DIR",
        "SECRET_KEY",
        "PASSWORD_ARGON2_MEMORY_KIB",
        "PASSWORD_ARGON2_TIME_COST",
    )
    config = {key: app.config[key] for key in keys}
    return {**config, "TESTING": True, "INSTANCE_PATH": app.instance_path, "RATELIMIT_ENABLED": False}


def upload_and_kill(app: Flask, tmp_path: Path, candidate_id: int, point: str, data: bytes) -> None:
    """Start an upload in a child process and SIGKILL it when it reaches ``point``."""
    source = tmp_path / "upload.pdf"
    source.write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(_child_config(app)), point, str(source), str(candidate_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == f"AT {point}", f"child never reached {point}: {line!r} {child.stderr.read()}"  # type: ignore[union-attr]
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def assert_no_half_made_records(app: Flask) -> list[Path]:
    """Every resume row has its whole file; no credential or file row points at nothing. Returns unreferenced files."""
    db.session.expire_all()
    storage = get_storage()
    resumes = list(db.session.scalars(sa.select(Resume)))
    for resume in resumes:
        assert storage.exists(resume.storage_key), f"resume {resume.id} has no file"
        assert storage.read(resume.storage_key) == make_pdf() or resume.size == len(storage.read(resume.storage_key))
    keys = {resume.storage_key for resume in resumes}
    return [path for path in stored_files(app) if path.name not in keys]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_worker_killed_mid_upload_leaves_no_half_made_records_and_the_index_stays_true(
    app: Flask, make_user, runner: FlaskCliRunner, tmp_path: Path, point: str
) -> None:
    user = make_user("candidate", name="Jane Doe")
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
    assert candidate is not None
    candidate_id = candidate.id
    data = make_pdf()
    db.session.commit()
    db.session.remove()  # let the child write without this connection holding a snapshot

    upload_and_kill(app, tmp_path, candidate_id, point, data)

    # The transaction died with the process: no resume row and no parsed credential survive.
    orphans = assert_no_half_made_records(app)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Resume)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CandidateCredential)) == 0
    # At most the one file of the killed upload remains, and nothing refers to it (it is never served).
    assert len(orphans) <= (0 if point == "parsing" else 1)

    # The index agrees with the database after a rebuild, and the candidate can simply upload again.
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    check = runner.invoke(args=["index", "check"])
    assert check.exit_code == 0, check.output
    from portal.services.candidates import add_resume

    resume = add_resume(db.session.get(Candidate, candidate_id), data, "again.pdf")
    db.session.commit()
    assert {c.code for c in resume.candidate.credentials} >= {"RN", "CCM"}
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    assert len(assert_no_half_made_records(app)) == len(orphans)


def test_a_server_without_the_test_only_settings_can_still_create_accounts(tmp_path: Path) -> None:
    """The suite makes hashing cheap with PASSWORD_ARGON2_*; a deployment keeps one of OWASP's Argon2id settings."""
    from portal import create_app
    from portal.models import Role
    from portal.services import accounts

    app = create_app(
        {"INSTANCE_PATH": str(tmp_path / "bare"), "DATABASE_URL": f"sqlite:///{tmp_path / 'bare.db'}", "TESTING": True}
    )
    with app.app_context():
        db.create_all()
        user = accounts.create_user(email="new@example.org", password="quiet-river-stone-1987", role=Role.CANDIDATE)
        assert user.password_hash.startswith("$argon2id$v=19$m=7168,t=5,p=1$")
        assert user.check_password("quiet-river-stone-1987") and not user.check_password("quiet-river-stone-1988")
        db.session.remove()
        db.engine.dispose()
