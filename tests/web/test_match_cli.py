"""``flask resume import`` and ``flask match``: files in, sourced candidates out, ranked JSON back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from portal.extensions import db
from portal.models import Candidate, Resume, Role
from portal.services import candidate_search
from tests.web.test_candidate_index_helpers import make_candidate, make_job

NURSE = """Jane Roe
jane.roe@example.net
Licenses: Registered Nurse (RN), Texas, active. Certified Case Manager (CCM), active.
Experience
Utilization Review Nurse Case Manager, Mercy Hospital, January 2018 - Present
InterQual criteria for inpatient admissions, discharge planning.
"""
SOCIAL_WORKER = """Sam Poe
sam.poe@example.net
Licensed Clinical Social Worker (LCSW), New York, active.
Experience
Social Work Case Manager, Harbor Services, March 2015 - Present
Community resources, housing referrals.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_import_then_match_ranks_the_imported_resumes(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, make_org: Any, make_user: Any
) -> None:
    org = make_org()
    make_user(Role.EMPLOYER, email="boss@acme.example", organization=org)
    nurse = write(tmp_path, "nurse.txt", NURSE)
    social = write(tmp_path, "social.txt", SOCIAL_WORKER)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 cut off")

    result = runner.invoke(
        args=[
            "resume",
            "import",
            "--employer",
            "boss@acme.example",
            "--as-of",
            "2025-06-01",
            str(nurse),
            str(broken),
            str(social),
        ]
    )
    assert result.exit_code == 1  # one file failed; the others are in
    rows = lines(result.output)
    assert [r["file"] for r in rows] == [str(nurse), str(broken), str(social)]
    assert "error" in rows[1] and "candidate_id" not in rows[1]
    ids = {r["file"]: r["candidate_id"] for r in rows if "candidate_id" in r}
    imported = db.session.get(Candidate, ids[str(nurse)])
    assert imported.owner_org_id == org.id and imported.source_file == str(nurse)
    assert db.session.scalar(db.select(db.func.count(Resume.id))) == 2  # nothing left from the broken file
    assert candidate_search.check_index() == []

    rival = make_candidate(owner=make_org("Rival"), held=("RN", "CCM"), months=120, resume=NURSE)
    job = make_job(org, required_credentials=[["RN"]], preferred_credentials=["CCM"], min_experience_months=24)
    result = runner.invoke(args=["match", str(job.id), "--limit", "5", "--json"])
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)
    assert [r["candidate_id"] for r in ranked] == [ids[str(nurse)], ids[str(social)]]
    assert rival.id not in {r["candidate_id"] for r in ranked}
    best, other = ranked
    assert best["meets_required"] is True and best["met"] == ["RN"] and best["preferred"] == ["CCM"]
    assert best["source_file"] == str(nurse)
    assert best["experience_months"] and best["experience_months"] >= 24
    assert "Meets every required credential" in best["explanation"]
    assert other["meets_required"] is False and other["missing"] == ["RN"]
    assert best["score"] > other["score"]

    result = runner.invoke(args=["match", str(job.id), "--limit", "1", "--json"])
    assert len(json.loads(result.output)) == 1


def test_bad_input_is_refused_with_a_clear_message(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", NURSE)
    result = runner.invoke(args=["resume", "import", "--employer", "nobody@example.org", str(path)])
    assert result.exit_code == 2
    assert "no employer or recruiter account" in result.output
    assert db.session.scalar(db.select(db.func.count(Candidate.id))) == 0

    result = runner.invoke(args=["match", "4242", "--json"])
    assert result.exit_code == 2
    assert "there is no job 4242" in result.output


def test_import_with_worker_processes_stores_the_same_candidates(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, make_org: Any, make_user: Any
) -> None:
    org = make_org()
    make_user(Role.EMPLOYER, email="boss@acme.example", organization=org)
    files = [write(tmp_path, "nurse.txt", NURSE), tmp_path / "gone.txt", write(tmp_path, "social.txt", SOCIAL_WORKER)]
    empty = write(tmp_path, "empty.txt", "   \n")
    args = ["resume", "import", "--employer", "boss@acme.example", "--as-of", "2025-06-01", "--workers", "2"]
    result = runner.invoke(args=[*args, *map(str, files), str(empty)])

    assert result.exit_code == 1
    rows = lines(result.output)
    assert [r["file"] for r in rows] == [*map(str, files), str(empty)]
    assert "candidate_id" in rows[0] and "candidate_id" in rows[2]
    assert "error" in rows[1] and "error" in rows[3]
    nurse = db.session.get(Candidate, rows[0]["candidate_id"])
    assert {c.code for c in nurse.credentials if c.status == "held"} >= {"RN", "CCM"}
    assert nurse.primary_resume is not None and nurse.primary_resume.original_filename == "nurse.txt"
    # Only the two readable files are stored, each named by its resume row.
    stored = sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).iterdir() if not p.name.startswith("."))
    assert stored == sorted(r.storage_key for r in db.session.scalars(db.select(Resume)))
    assert len(stored) == 2
    assert candidate_search.check_index() == []


def test_bulk_add_removes_the_batch_files_when_the_rows_cannot_be_written(
    app: Flask, tmp_path: Path, make_org: Any, monkeypatch: Any
) -> None:
    from portal.services import candidates as candidates_service

    org = make_org()
    uploads = [
        candidates_service.ResumeUpload(Candidate(owner_org_id=org.id), text.encode(), "cv.txt")
        for text in (NURSE, SOCIAL_WORKER)
    ]

    def broken_flush(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "flush", broken_flush)
    with pytest.raises(RuntimeError, match="database went away"):
        candidates_service.add_resumes_bulk(uploads)
    monkeypatch.undo()
    db.session.rollback()
    upload_dir = Path(app.config["UPLOAD_DIR"])
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []
    assert db.session.scalar(db.select(db.func.count(Resume.id))) == 0
