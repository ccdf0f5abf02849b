"""The candidate index follows every committed change to a candidate; rebuild and check repair and report drift."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskCliRunner

from portal.extensions import db
from portal.models import Application, Candidate, CandidateCredential
from portal.services import candidate_search
from tests.web.test_candidate_index_helpers import make_candidate, make_job, make_resume


def stored(candidate_id: int) -> Any:
    return candidate_search.get_index().stored(candidate_id)


def test_adding_a_candidate_indexes_it_after_commit(app: Flask) -> None:
    candidate = make_candidate(held=("RN", "CCM"), expired=("ACM-RN",), months=30, degrees=("BSN",), resume="nurse")
    facts = stored(candidate.id)
    assert facts is not None
    assert facts.held == {"RN", "CCM"}
    assert facts.expired == {"ACM-RN"}
    assert facts.experience_months == 30


def test_a_rolled_back_candidate_never_reaches_the_index(app: Flask) -> None:
    candidate = make_candidate(held=("RN",), commit=False)
    db.session.flush()
    candidate_id = candidate.id
    db.session.rollback()
    db.session.commit()  # a later, unrelated commit must not resurrect it
    assert stored(candidate_id) is None


def test_editing_a_credential_updates_the_index(app: Flask) -> None:
    candidate = make_candidate(held=("RN",), in_progress=("CCM",))
    credential = next(c for c in candidate.credentials if c.code == "CCM")
    credential.status = "held"
    db.session.commit()
    assert stored(candidate.id).held == {"RN", "CCM"}

    db.session.delete(next(c for c in candidate.credentials if c.code == "RN"))
    db.session.commit()
    assert stored(candidate.id).held == {"CCM"}


def test_adding_a_credential_row_alone_updates_the_index(app: Flask) -> None:
    candidate = make_candidate(held=("RN",))
    db.session.add(CandidateCredential(candidate_id=candidate.id, code="LCSW", status="expired", states=["NY"]))
    db.session.commit()
    facts = stored(candidate.id)
    assert facts.expired == {"LCSW"}
    assert "ny" in {s.lower() for s in facts.states}


def test_reuploading_a_resume_changes_what_the_ranking_reads(app: Flask, make_org: Any) -> None:
    org = make_org()
    job = make_job(org, required_credentials=[], preferred_credentials=[], min_experience_months=0)
    candidate = make_candidate(owner=org, resume="pediatric oncology clinic")
    page = candidate_search.rank_pool(job)
    assert page.rows[0].explanation.matched_terms == ()

    for old in candidate.resumes:
        old.is_primary = False
    candidate.resumes.append(
        make_resume("InterQual utilization review and discharge planning for inpatient admissions")
    )
    db.session.commit()
    page = candidate_search.rank_pool(job)
    assert "interqual" in page.rows[0].explanation.matched_terms


def test_experience_and_pool_changes_follow_the_candidate_row(app: Flask, make_org: Any) -> None:
    org, other = make_org("Mine"), make_org("Theirs")
    job = make_job(other, required_credentials=[], min_experience_months=0)
    candidate = make_candidate(owner=org, months=6)
    assert candidate_search.rank_pool(job).total == 0

    candidate.discoverable = True
    candidate.experience_months = 40
    db.session.commit()
    page = candidate_search.rank_pool(job)
    assert [r.candidate_id for r in page.rows] == [candidate.id]
    assert page.rows[0].explanation.experience_months == 40


def test_applying_puts_the_candidate_in_that_jobs_pool(app: Flask, make_org: Any) -> None:
    org = make_org()
    job = make_job(org)
    candidate = make_candidate(held=("RN",))
    assert candidate_search.rank_pool(job).total == 0
    db.session.add(Application(job_id=job.id, candidate_id=candidate.id))
    db.session.commit()
    assert [r.candidate_id for r in candidate_search.rank_pool(job).rows] == [candidate.id]


def test_deleting_a_candidate_removes_it(app: Flask) -> None:
    candidate = make_candidate(held=("RN",), resume="text")
    candidate_id = candidate.id
    db.session.delete(candidate)
    db.session.commit()
    assert stored(candidate_id) is None
    assert candidate_search.check_index() == []


def test_rebuild_restores_a_wiped_index_and_check_agrees(app: Flask, runner: FlaskCliRunner) -> None:
    ids = [make_candidate(held=("RN",), months=i).id for i in range(3)]
    candidate_search.get_index().clear()
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 1
    for candidate_id in ids:
        assert f"candidate {candidate_id} is missing from the index" in result.output

    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "candidates: 3 documents indexed" in result.output
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output
    assert "agree" in result.output


def test_check_reports_a_planted_difference(app: Flask, runner: FlaskCliRunner) -> None:
    candidate = make_candidate(held=("RN",), months=12)
    ghost = make_candidate(held=("LCSW",))
    # Change the database behind the session events' back, as a manual SQL fix would.
    db.session.execute(db.update(Candidate).where(Candidate.id == candidate.id).values(experience_months=48))
    db.session.execute(db.delete(CandidateCredential).where(CandidateCredential.candidate_id == ghost.id))
    db.session.execute(db.delete(Candidate).where(Candidate.id == ghost.id))
    db.session.commit()
    problems = candidate_search.check_index()
    assert f"candidate {candidate.id}: experience_months is 12 in the index, 48 in the database" in problems
    assert f"candidate {ghost.id} is in the index but not in the database" in problems

    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 1
    assert "experience_months is 12 in the index" in result.output


def test_writers_in_several_processes_all_land(app: Flask, tmp_path: Path) -> None:
    """Four server processes commit candidates at once: every one is indexed and none fails on the index lock."""
    script = textwrap.dedent(
        """
        import sys
        from portal import create_app
        from portal.extensions import db
        from portal.models import Candidate, CandidateCredential
        app = create_app({"TESTING": True, "INSTANCE_PATH": sys.argv[1], "DATABASE_URL": sys.argv[2],
                          "SEARCH_INDEX_DIR": sys.argv[3], "SECRET_KEY": "x"})
        with app.app_context():
            for i in range(8):
                c = Candidate(name=f"p{sys.argv[4]}-{i}", owner_org_id=None)
                c.credentials.append(CandidateCredential(code="RN", status="held", states=[]))
                db.session.add(c)
                db.session.commit()
        print("ok")
        """
    )
    config = app.config
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                script,
                str(tmp_path / f"inst{n}"),
                config["DATABASE_URL"],
                config["SEARCH_INDEX_DIR"],
                str(n),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        for n in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "LockError" not in err and "IndexBusy" not in err
    assert db.session.scalar(db.select(db.func.count(Candidate.id))) == 32
    assert candidate_search.get_index().count() == 32
    assert candidate_search.check_index() == []
