"""``flask resume parse|eval`` and ``flask catalog check`` through the CLI runner, on files the tests write."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from portal.commands.resume import catalog, resume

RESUME = """Jordan Avery, BSN, RN
jordan.avery@example.com | (937) 555-0100

LICENSES
- Registered Nurse, Ohio Board of Nursing, #RN.123456, exp. 08/2028
- CCM eligible, exam scheduled 2027

EXPERIENCE
RN Case Manager
Miami Valley Hospital | Jan 2019 - Present
"""


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_parse_prints_one_json_object_per_file(tmp_path: Path) -> None:
    good = _write(tmp_path, "resume.pdf", RESUME)  # a text file named .pdf is read as text: content decides
    result = CliRunner().invoke(resume, ["parse", "--as-of", "2026-11-01", str(good)])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    parsed = json.loads(line)
    assert parsed == {
        "file": str(good),
        "name": "Jordan Avery",
        "email": "jordan.avery@example.com",
        "phone": "(937) 555-0100",
        "credentials": [
            {
                "code": "RN",
                "status": "held",
                "states": [],
                "number": None,
                "expires": None,
                "evidence": "Jordan Avery, BSN, RN",
            },
            {
                "code": "RN",
                "status": "held",
                "states": ["OH"],
                "number": "RN.123456",
                "expires": "2028-08-31",
                "evidence": "- Registered Nurse, Ohio Board of Nursing, #RN.123456, exp. 08/2028",
            },
            {
                "code": "CCM",
                "status": "in_progress",
                "states": [],
                "number": None,
                "expires": None,
                "evidence": "- CCM eligible, exam scheduled 2027",
            },
            {
                "code": "RN",
                "status": "held",
                "states": [],
                "number": None,
                "expires": None,
                "evidence": "RN Case Manager",
            },
        ],
        "degrees": [{"code": "BSN", "field": None, "institution": None, "year": None}],
        "experience_months": 94,
    }


def test_parse_reports_each_failed_file_and_exits_1(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", RESUME)
    empty = _write(tmp_path, "empty.docx", b"")
    result = CliRunner().invoke(resume, ["parse", str(good), str(empty), str(tmp_path / "missing.pdf")])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["name"] == "Jordan Avery"
    assert lines[1] == {"file": str(empty), "error": "The file is empty."}
    assert lines[2]["file"].endswith("missing.pdf") and "cannot read" in lines[2]["error"]


def test_parse_usage_errors_exit_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(resume, ["parse"]).exit_code == 2
    good = _write(tmp_path, "good.txt", RESUME)
    assert CliRunner().invoke(resume, ["parse", "--as-of", "11/01/2026", str(good)]).exit_code == 2


def test_eval_prints_scores_against_labels(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", RESUME)
    labels = {
        "a.txt": {
            "held": ["RN"],
            "expired": [],
            "in_progress": ["CCM"],
            "degrees": ["BSN", "MSN"],
            "experience_months": 96,
            "states": {"RN": ["OH"]},
            "name": "Jordan Avery",
            "email": "jordan.avery@example.com",
        }
    }
    _write(tmp_path, "labels.json", json.dumps(labels))
    result = CliRunner().invoke(resume, ["eval", str(tmp_path), "--as-of", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert "overall     1.000   1.000   1.000     1.000   1.000   1.000" in result.output
    assert "status accuracy: 1.000" in result.output
    assert "degrees: P 1.000 R 0.500" in result.output
    assert "experience within 3 months: 1.000 (1/1)" in result.output
    assert "a.txt: degrees ['BSN'] != ['BSN', 'MSN']" in result.output


def test_eval_without_labels_is_a_usage_error(tmp_path: Path) -> None:
    assert CliRunner().invoke(resume, ["eval", str(tmp_path)]).exit_code == 2


def test_catalog_check_passes_the_shipped_catalog_and_fails_a_broken_one(tmp_path: Path) -> None:
    ok = CliRunner().invoke(catalog, ["check"])
    assert ok.exit_code == 0 and "OK" in ok.output
    broken = _write(tmp_path, "broken.json", '{"credentials": []}')
    failed = CliRunner().invoke(catalog, ["check", str(broken)])
    assert failed.exit_code == 1
    assert "credentials must be a non-empty list" in failed.output


def test_help_explains_the_commands() -> None:
    output = CliRunner().invoke(resume, ["--help"]).output
    assert "parse" in output and "eval" in output
    assert "Exit status" in CliRunner().invoke(resume, ["parse", "--help"]).output
