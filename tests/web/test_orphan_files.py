"""`flask retention run` removes upload files that no resume refers to, once they are old enough."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Candidate, Role
from portal.services import candidates as profile
from portal.services.storage import get_storage


def test_retention_run_removes_old_orphans_and_keeps_everything_else(app, runner, make_user) -> None:
    user = make_user(Role.CANDIDATE)
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
    resume = profile.add_resume(
        candidate, b"Jo Smith\nRegistered Nurse (RN), Ohio\n", "jo.txt", as_of=date(2026, 11, 1)
    )
    db.session.commit()
    storage = get_storage()
    old_orphan, new_orphan = storage.save(b"left by a crash"), storage.save(b"upload in flight")
    half_written = Path(storage.root) / ".upload-abc123"
    half_written.write_bytes(b"half")
    unrelated = Path(storage.root) / "README.txt"
    unrelated.write_text("not ours")
    an_hour_ago = time.time() - 3700
    for path in (Path(storage.root) / old_orphan, half_written, Path(storage.root) / resume.storage_key, unrelated):
        os.utime(path, (an_hour_ago, an_hour_ago))

    result = runner.invoke(args=["retention", "run"])

    assert result.exit_code == 0, result.output
    assert "Removed 2 upload files that no resume refers to." in result.output
    assert not storage.exists(old_orphan) and not half_written.exists()
    assert storage.exists(new_orphan), "a file younger than an hour may belong to an upload in flight"
    assert storage.read(resume.storage_key).startswith(b"Jo Smith"), "a referenced file is kept"
    assert unrelated.exists(), "files the portal did not name are left alone"
