"""PORTAL_INDEX_SYNC=background: requests never wait for the candidate index; the writer batches, retries, flushes."""

from __future__ import annotations

import fcntl
import logging
import os
import runpy
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from portal import create_app
from portal.config import SETTINGS
from portal.errors import ConfigError, IndexBusy
from portal.extensions import db
from portal.matching.index import LOCK_FILE_NAME, CandidateIndex
from portal.models import Candidate
from portal.services import candidate_search
from tests.web.test_candidate_index_helpers import make_candidate
from tests.web.test_profile_helpers import candidate_of, seeker, upload

# Their resumes' licenses expire on dates written out in full; read them on a day when they are current.
pytestmark = pytest.mark.usefixtures("resume_day")

ROOT = Path(__file__).resolve().parents[2]
RN_RESUME = (
    b"Jane Doe\njane@example.org\n\nLICENSES\nRegistered Nurse (RN), Ohio, License No. 123456, expires 06/2028\n\n"
    b"EXPERIENCE\nCase Manager, Mercy Hospital, January 2015 - Present\n"
)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "INDEX_SYNC": "background"}


@pytest.fixture(autouse=True)
def _writes_drained(app: Flask) -> Iterator[None]:
    # The index must be there before a test holds its lock (creating it takes the lock too).
    candidate_search.get_index().count()
    yield
    assert candidate_search.flush_pending(30)


@contextmanager
def index_locked(app: Flask) -> Iterator[None]:
    """Hold the candidate index's cross-process write lock, as a slow writer in another process would."""
    fd = os.open(candidate_search.index_path(app) / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def held(candidate_id: int) -> frozenset[str]:
    facts = candidate_search.get_index().stored(candidate_id)
    return frozenset() if facts is None else facts.held


def count_index_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many candidates each index commit wrote."""
    writes: list[int] = []
    real = CandidateIndex.upsert_many

    def counting(self: CandidateIndex, docs: Any) -> int:
        written = real(self, docs)
        writes.append(written)
        return written

    monkeypatch.setattr(CandidateIndex, "upsert_many", counting)
    return writes


def test_background_is_the_default_and_an_unknown_mode_stops_start_up(app_config: dict[str, Any]) -> None:
    assert {setting.name: setting.default for setting in SETTINGS}["INDEX_SYNC"] == "background"
    with pytest.raises(ConfigError, match="PORTAL_INDEX_SYNC"):
        create_app({**app_config, "INDEX_SYNC": "later"})


def test_an_upload_returns_while_the_index_is_locked_and_is_indexed_after_the_flush(
    app: Flask, client: Any, make_user: Any, auth: Any
) -> None:
    user = seeker(make_user, auth)
    assert candidate_search.flush_pending(30)
    with index_locked(app):
        started = time.monotonic()
        response = upload(client, RN_RESUME, "cv.txt")
        took = time.monotonic() - started
        assert response.status_code == 302
        candidate = candidate_of(user)
        assert "RN" in {c.code for c in candidate.credentials}
        assert "RN" not in held(candidate.id)  # the request did not wait for the index
        assert not candidate_search.flush_pending(0.2)
    assert took < 10
    assert candidate_search.flush_pending(30)
    assert "RN" in held(candidate.id)
    assert candidate_search.check_index() == []


def test_many_changes_queued_meanwhile_share_one_index_write(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = count_index_writes(monkeypatch)
    with index_locked(app):
        ids = [make_candidate(name=f"Person {n}", held=("RN",)).id for n in range(12)]
    assert candidate_search.flush_pending(30)
    assert sum(writes) == 12
    assert len(writes) <= 2  # the first may have been taken before the others were queued
    assert all(held(cid) == {"RN"} for cid in ids)
    assert candidate_search.check_index() == []


def test_a_failed_index_write_is_logged_and_retried_never_shown(
    app: Flask, client: Any, make_user: Any, auth: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    user = seeker(make_user, auth)
    monkeypatch.setattr(candidate_search, "RETRY_DELAYS_SECONDS", (0.01,))
    real = CandidateIndex.upsert_many
    calls: list[int] = []

    def busy_once(self: CandidateIndex, docs: Any) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise IndexBusy("The candidate index is busy with another update; please try again.")
        return real(self, docs)

    monkeypatch.setattr(CandidateIndex, "upsert_many", busy_once)
    with caplog.at_level(logging.WARNING, logger="portal.services.candidate_search"):
        response = upload(client, RN_RESUME, "cv.txt")
        assert response.status_code == 302
        assert candidate_search.flush_pending(30)
    assert "retrying" in caplog.text
    assert "RN" in held(candidate_of(user).id)
    assert candidate_search.check_index() == []


def test_a_write_that_keeps_failing_is_left_for_index_check_and_rebuild(
    app: Flask, runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    monkeypatch.setattr(candidate_search, "RETRY_DELAYS_SECONDS", (0.01, 0.01))
    real = CandidateIndex.upsert_many

    def always_fails(self: CandidateIndex, docs: Any) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(CandidateIndex, "upsert_many", always_fails)
    with caplog.at_level(logging.WARNING, logger="portal.services.candidate_search"):
        candidate = make_candidate(held=("RN",))  # the commit itself succeeds
        assert candidate_search.flush_pending(30)
    assert "left for flask index check" in caplog.text
    assert candidate_search.check_index() == [f"candidate {candidate.id} is missing from the index"]

    monkeypatch.setattr(CandidateIndex, "upsert_many", real)
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert candidate_search.check_index() == []


def test_the_gunicorn_worker_exit_hook_writes_what_is_pending(app: Flask) -> None:
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    locked = threading.Event()

    def slow_writer_elsewhere() -> None:
        with index_locked(app):
            locked.set()
            time.sleep(0.3)

    other = threading.Thread(target=slow_writer_elsewhere)
    other.start()
    assert locked.wait(5)
    candidate = make_candidate(held=("CCM",))
    assert not candidate_search.flush_pending(0)  # still pending when the worker starts exiting
    hooks["worker_exit"](None, None)
    assert held(candidate.id) == {"CCM"}
    other.join()
    assert candidate_search.check_index() == []


def test_a_process_that_exits_right_after_its_commit_still_writes_the_index(app: Flask) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from portal import create_app
        from portal.extensions import db
        from portal.matching.index import CandidateIndex
        from portal.models import Candidate, CandidateCredential

        real = CandidateIndex.upsert_many
        def slow(self, docs):
            time.sleep(0.5)  # still writing when the script ends
            return real(self, docs)
        CandidateIndex.upsert_many = slow

        app = create_app({"TESTING": True, "INSTANCE_PATH": sys.argv[1], "DATABASE_URL": sys.argv[2],
                          "SEARCH_INDEX_DIR": sys.argv[3], "SECRET_KEY": "x", "INDEX_SYNC": "background"})
        with app.app_context():
            c = Candidate(name="Exits Early")
            c.credentials.append(CandidateCredential(code="LCSW", status="held", states=[]))
            db.session.add(c)
            db.session.commit()
            print(c.id)
        """
    )
    config = app.config
    done = subprocess.run(
        [sys.executable, "-c", script, app.instance_path, config["DATABASE_URL"], config["SEARCH_INDEX_DIR"]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    candidate_id = int(done.stdout.strip())
    assert db.session.get(Candidate, candidate_id) is not None
    assert held(candidate_id) == {"LCSW"}
    assert candidate_search.check_index() == []
