"""An index written by an older portal is found by `flask index check` and put right by `flask index rebuild`."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.board.index import CONTENT_VERSION, VERSION_FILE_NAME
from portal.services.job_search import job_index
from tests.web.test_jobs_board import publish


@pytest.mark.parametrize("older", ["missing", "1"])
def test_an_index_from_an_older_portal_asks_for_a_rebuild(app, runner, make_org, older) -> None:
    publish(make_org("Riverside Health"), title="Community Case Manager")
    assert runner.invoke(args=["index", "check"]).exit_code == 0

    version_file = Path(job_index().path) / VERSION_FILE_NAME
    assert version_file.read_text().strip() == str(CONTENT_VERSION)
    if older == "missing":  # written before the number was kept
        version_file.unlink()
    else:
        version_file.write_text(older)

    check = runner.invoke(args=["index", "check"])
    assert check.exit_code == 1
    assert "written by another version of the portal" in check.output
    assert "run flask --app portal index rebuild" in check.output

    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    assert version_file.read_text().strip() == str(CONTENT_VERSION)
