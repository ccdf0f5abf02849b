"""``flask job import`` / ``flask job export`` and ``flask index`` for the job board, through the CLI runner."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.jobs import spec_from_template, spec_to_json
from portal.models import Job, JobStatus, Role
from portal.services import job_search


def job_file(tmp_path: Path, **changes: Any) -> Path:
    data = spec_to_json(spec_from_template("legal"))
    data.update(
        {
            "title": "Forensic Social Work Case Manager",
            "location": {"city": "Akron", "region": "OH", "country": "US"},
            "required_credentials": [["LCSW", "LISW"], ["C-SWCM"]],
            "preferred_credentials": ["CCM"],
            "valid_through": (clock.today() + timedelta(days=45)).isoformat(),
        }
    )
    data.update(changes)
    path = tmp_path / "job.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def employer(make_org, make_user):
    return make_user(Role.EMPLOYER, email="hr@akron.example", organization=make_org("Akron Legal Aid"))


def job_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Job))


def test_import_publishes_and_export_round_trips(runner, employer, tmp_path, client):
    path = job_file(tmp_path)
    result = runner.invoke(args=["job", "import", str(path), "--employer", "HR@akron.example"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    job = db.session.get(Job, printed["id"])
    assert printed == {"id": job.id, "url": f"/jobs/{job.id}"}
    assert job.status == JobStatus.PUBLISHED and job.organization_id == employer.organization_id
    assert b"Forensic Social Work Case Manager" in client.get("/jobs?q=forensic").data

    exported = runner.invoke(args=["job", "export", str(job.id)])
    assert exported.exit_code == 0
    assert json.loads(exported.output) == json.loads(path.read_text(encoding="utf-8"))

    # What export prints, import takes back unchanged.
    (tmp_path / "again.json").write_text(exported.output, encoding="utf-8")
    again = runner.invoke(args=["job", "import", str(tmp_path / "again.json"), "--employer", employer.email])
    second = json.loads(again.output)["id"]
    assert json.loads(runner.invoke(args=["job", "export", str(second)]).output) == json.loads(exported.output)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"salary": {"currency": "USD", "min": 90000, "max": 50000, "unit": "YEAR"}}, "salary.min"),
        ({"required_credentials": [["RN", "WIZARD"]]}, "required_credentials[0][1]"),
        ({"valid_through": "2001-01-01"}, "valid_through"),
        ({"employment_type": "GIG"}, "employment_type"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_invalid_file_exits_1_naming_the_field_and_saves_nothing(runner, employer, tmp_path, changes, field):
    result = runner.invoke(args=["job", "import", str(job_file(tmp_path, **changes)), "--employer", employer.email])
    assert result.exit_code == 1
    assert field in result.output
    assert job_count() == 0
    assert job_search.job_index().count() == 0


def test_import_refuses_broken_json_and_unknown_employers(runner, employer, tmp_path, make_user):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    result = runner.invoke(args=["job", "import", str(broken), "--employer", employer.email])
    assert result.exit_code == 1 and "not valid JSON" in result.output
    result = runner.invoke(args=["job", "import", str(job_file(tmp_path)), "--employer", "nobody@example.org"])
    assert result.exit_code == 1 and "no user has the e-mail" in result.output
    candidate = make_user(Role.CANDIDATE)
    result = runner.invoke(args=["job", "import", str(job_file(tmp_path)), "--employer", candidate.email])
    assert result.exit_code == 1 and "not an employer or recruiter" in result.output
    assert job_count() == 0


def test_export_of_a_missing_job_exits_1(runner):
    result = runner.invoke(args=["job", "export", "999"])
    assert result.exit_code == 1 and "there is no job 999" in result.output


def test_index_check_finds_drift_and_rebuild_repairs_it(runner, employer, tmp_path):
    runner.invoke(args=["job", "import", str(job_file(tmp_path)), "--employer", employer.email])
    job = db.session.scalars(sa.select(Job)).one()
    job_search.job_index().delete(job.id)  # as if an index write had been lost
    check = runner.invoke(args=["index", "check"])
    assert check.exit_code == 1 and f"job {job.id} is published but not on the board" in check.output
    rebuild = runner.invoke(args=["index", "rebuild"])
    assert "jobs: 1 documents indexed" in rebuild.output
    assert runner.invoke(args=["index", "check"]).exit_code == 0


def test_help_explains_the_file(runner):
    result = runner.invoke(args=["job", "import", "--help"])
    assert "required_credentials" in result.output and "nothing is saved" in result.output
