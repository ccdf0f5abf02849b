"""``flask path`` through click's runner: JSON a program can read, a table a person can read, clear refusals."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from portal.commands.path import path


def run(*args: str) -> Result:
    return CliRunner().invoke(path, list(args))


def run_json(*args: str) -> list[dict]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_lists_every_path_with_the_documented_keys() -> None:
    rows = run_json("--degree", "BSN", "--credential", "RN", "--months", "14", "--supervised-by-ccm")
    assert [row["code"] for row in rows] == [
        *["CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC"],
        *["RN", "LPN", "LSW", "LCSW", "LICSW", "LISW"],
    ]
    for row in rows:
        assert {"code", "eligible", "missing", "rule", "source", "earliest", "as_of"} <= set(row)
        assert isinstance(row["eligible"], bool)
        assert isinstance(row["missing"], list)
        assert row["source"].startswith("http")
    by_code = {row["code"]: row for row in rows}
    assert by_code["CCM"]["eligible"] is True and by_code["CCM"]["missing"] == []
    assert by_code["RN"]["eligible"] is True and by_code["RN"]["notes"] == ["already held"]


def test_json_gives_the_earliest_date_from_as_of() -> None:
    rows = run_json("--credential", "rn", "--months", "6", "--as-of", "2026-01-31", "--code", "ccm")
    [ccm] = rows
    assert ccm["eligible"] is False
    assert ccm["earliest"] == "2027-07-31"  # 18 more months to the 24-month route
    assert ccm["checked_on"] == "2026-01-31"


def test_supervisor_months_and_ccm_supervision_shorten_the_wait() -> None:
    [ccm] = run_json(
        "--credential", "LCSW", "--months", "8", "--supervised-by-ccm", "--as-of", "2026-05-01", "--code", "CCM"
    )
    assert ccm["earliest"] == "2026-09-01"
    [ccm] = run_json("--credential", "LCSW", "--months", "0", "--supervisor-months", "12", "--code", "CCM")
    assert ccm["eligible"] is True


def test_code_option_restricts_output_and_accepts_aliases() -> None:
    rows = run_json(
        "--degree", "MSW", "--credential", "LGSW", "--months", "24", "--code", "C-ASWCM", "--code", "acm-sw"
    )
    assert [(row["code"], row["eligible"]) for row in rows] == [("C-ASWCM", True), ("ACM", True)]


def test_license_exam_is_listed_while_eligible() -> None:
    [rn] = run_json("--degree", "ADN", "--months", "0", "--code", "RN")
    assert rn["eligible"] is True
    assert any("NCLEX-RN" in item for item in rn["missing"])


def test_table_is_readable_without_json() -> None:
    result = run("--degree", "BSW", "--months", "30", "--as-of", "2026-02-01", "--code", "C-SWCM", "--code", "CCM")
    assert result.exit_code == 0
    assert "as of 2026-02-01" in result.output
    assert "C-SWCM" in result.output and "not eligible yet" in result.output
    assert "missing: 36 months" in result.output
    assert "source: https://" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--degree", "MBA", "--months", "3"], "--degree: unknown degree code(s): MBA"),
        (["--credential", "CCRN", "--months", "3"], "--credential: unknown credential code(s): CCRN"),
        (["--months", "-1"], "--months: cannot be negative"),
        (["--months", "2", "--supervisor-months", "-4"], "--supervisor-months: cannot be negative"),
        (["--months", "2", "--code", "LMSW"], "--code: no certification path for LMSW"),
        (["--months", "two"], "'two' is not a valid integer"),
        (["--months", "2", "--as-of", "2026-02-30"], "is not a YYYY-MM-DD date"),
        (["--degree", "BSN"], "Missing option '--months'"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: list[str], message: str) -> None:
    result = run(*args, "--json")
    assert result.exit_code == 2
    assert message in result.output
    assert not result.output.lstrip().startswith("[")


def test_help_explains_the_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for words in ["--supervised-by-ccm", "--supervisor-months", "--as-of", "--json", "eligible", "rules.json"]:
        assert words in result.output
