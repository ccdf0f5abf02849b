"""The credential catalog loads, normalises aliases, and reports every problem in a broken file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.catalog import check_catalog, load_catalog
from portal.catalog.catalog import CATALOG_PATH, load_catalog_file
from portal.errors import CatalogError


def test_catalog_ships_valid_and_is_cached() -> None:
    assert check_catalog() == []
    assert load_catalog() is load_catalog()


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("LVN", "LPN"),
        ("ACM-RN", "ACM"),
        ("ACM-SW", "ACM"),
        ("LCSW-C", "LCSW"),
        ("LCSW-R", "LCSW"),
        ("LISW-S", "LISW"),
        ("LISW-CP", "LISW"),
        ("R.N.", "RN"),
        ("registered nurse", "RN"),
        ("Licensed Clinical Social Worker", "LCSW"),
        ("Licensed Independent Clinical Social Worker", "LICSW"),
        ("board certified case manager", "CCM"),
        ("LGSW", "LMSW"),
        ("Master of Social Work", "MSW"),
        ("Ph.D.", "PhD"),
    ],
)
def test_aliases_and_spelled_out_titles_map_to_one_code(alias: str, code: str) -> None:
    assert load_catalog().canonical(alias) == code


@pytest.mark.parametrize("alias", ["CCRN", "ACSW", "ACMA", "", "Nurse"])
def test_unrelated_or_unknown_names_have_no_code(alias: str) -> None:
    assert load_catalog().canonical(alias) is None


def test_codes_by_kind_cover_the_issue_list() -> None:
    catalog = load_catalog()
    assert set(catalog.codes("license")) >= {"RN", "LPN", "LSW", "LMSW", "LISW", "LCSW", "LICSW"}
    assert set(catalog.codes("certification")) >= {"CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC", "CDMS", "CRC"}
    assert set(catalog.codes("degree")) == {"BSN", "ADN", "MSN", "BSW", "MSW", "DNP", "BA", "BS", "MA", "MS", "PhD"}
    with pytest.raises(ValueError):
        catalog.codes("diploma")


def test_every_entry_names_its_issuer_source_and_date() -> None:
    for code in load_catalog().codes():
        entry = load_catalog().get(code)
        assert entry.name and entry.issuer and entry.source and entry.as_of.year >= 2026


def _write(tmp_path: Path, mutate: object) -> Path:
    raw = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    mutate(raw)  # type: ignore[operator]
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_check_lists_each_problem_in_a_broken_catalog(tmp_path: Path) -> None:
    def break_it(raw: dict) -> None:
        raw["credentials"][0]["kind"] = "badge"
        del raw["credentials"][1]["source"]
        raw["credentials"][3]["as_of"] = "last spring"

    problems = check_catalog(_write(tmp_path, break_it))
    joined = "\n".join(problems)
    assert "kind 'badge'" in joined
    assert "source is required" in joined
    assert "not a YYYY-MM-DD date" in joined
    with pytest.raises(CatalogError, match="invalid"):
        load_catalog_file(_write(tmp_path, break_it))


def test_an_alias_claimed_by_two_codes_is_a_problem(tmp_path: Path) -> None:
    def clash(raw: dict) -> None:
        raw["credentials"][2]["aliases"].append("LVN")  # LVN belongs to LPN

    assert check_catalog(_write(tmp_path, clash)) == ["LSW: alias 'LVN' is also an alias of LPN"]


def test_check_reports_unreadable_json(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text("{not json", encoding="utf-8")
    assert "not valid JSON" in check_catalog(path)[0]
    assert "cannot read" in check_catalog(tmp_path / "missing.json")[0]
