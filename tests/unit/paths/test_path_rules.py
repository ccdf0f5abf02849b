"""The rule file: the packaged one is complete and sourced; a broken edit is refused naming file and field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from portal.errors import CatalogError
from portal.paths import DEFAULT_RULES_FILE, load_rules

PATH_CODES = ["CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC", "RN", "LPN", "LSW", "LCSW", "LICSW", "LISW"]


def test_packaged_rules_cover_every_path_with_a_source_and_date() -> None:
    rules = load_rules()
    assert list(rules.path_codes) == PATH_CODES
    for path in rules.paths:
        assert path.source.startswith(("http://", "https://"))
        assert path.as_of.year >= 2026
        assert all(route.rule for route in path.routes)


def test_packaged_rules_say_what_eligible_means() -> None:
    meaning = load_rules().eligibility_meaning
    assert "exam" in meaning["license"]
    assert "exam" in meaning["certification"]


def test_vocabulary_matches_the_documented_codes() -> None:
    rules = load_rules()
    assert set(rules.degrees) == {"BSN", "ADN", "MSN", "DNP", "BSW", "MSW", "BA", "BS", "MA", "MS", "PhD"}
    assert set(rules.credentials) == {
        *["RN", "LPN", "LSW", "LMSW", "LISW", "LCSW", "LICSW"],
        *["CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC", "CDMS", "CRC"],
    }
    assert rules.aliases["LVN"] == "LPN"
    assert rules.aliases["LGSW"] == "LMSW"


def test_licenses_list_their_exam_as_a_step_and_certifications_do_not() -> None:
    for path in load_rules().paths:
        steps = [step for route in path.routes for step in route.steps]
        assert bool(steps) == (path.kind == "license"), path.code


def _packaged() -> dict[str, Any]:
    return json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))


def _first_route(data: dict[str, Any]) -> dict[str, Any]:
    return data["paths"][0]["routes"][0]


BREAKAGES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("no source", lambda d: d["paths"][0].pop("source"), "paths[0].source"),
    ("source not a URL", lambda d: d["paths"][1].update(source="acmaweb.org"), "paths[1].source"),
    ("bad as_of", lambda d: d["paths"][2].update(as_of="26/11/2026"), "paths[2].as_of"),
    ("no as_of", lambda d: d["paths"][3].pop("as_of"), "paths[3].as_of"),
    ("unknown path code", lambda d: d["paths"][0].update(code="CCRN"), "paths[0].code"),
    ("bad kind", lambda d: d["paths"][0].update(kind="diploma"), "paths[0].kind"),
    (
        "unknown credential in an option",
        lambda d: _first_route(d)["requirements"][0]["any_of"][0].update(credential=["RN", "XRN"]),
        "paths[0].routes[0].requirements[0].any_of[0].credential",
    ),
    (
        "negative months",
        lambda d: _first_route(d)["requirements"][1]["any_of"][1].update(months=-24),
        "paths[0].routes[0].requirements[1].any_of[1].months",
    ),
    (
        "months as text",
        lambda d: _first_route(d)["requirements"][1]["any_of"][1].update(months="24"),
        "paths[0].routes[0].requirements[1].any_of[1].months",
    ),
    (
        "option with no kind",
        lambda d: _first_route(d)["requirements"][1]["any_of"].append({"years": 2}),
        "paths[0].routes[0].requirements[1].any_of[3]",
    ),
    ("empty rule sentence", lambda d: _first_route(d).update(rule=" "), "paths[0].routes[0].rule"),
    ("alias to nothing", lambda d: d["aliases"].update({"RN-BC": "RNBC"}), "aliases.RN-BC"),
    ("duplicate path", lambda d: d["paths"].append(copy.deepcopy(d["paths"][0])), "duplicate path code"),
    ("no license meaning", lambda d: d["eligibility_meaning"].pop("license"), "eligibility_meaning.license"),
]


@pytest.mark.parametrize(("label", "breakage", "named"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_rule_file_is_refused_naming_file_and_field(
    tmp_path: Path, label: str, breakage: Callable[[dict[str, Any]], None], named: str
) -> None:
    data = _packaged()
    breakage(data)
    target = tmp_path / "edited_rules.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_rules(target)
    assert "edited_rules.json" in str(caught.value)
    assert named in str(caught.value)


def test_unreadable_json_is_refused_with_the_line(tmp_path: Path) -> None:
    target = tmp_path / "rules.json"
    target.write_text('{"paths": [\n  oops\n]}', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"rules\.json: not valid JSON \(line 2"):
        load_rules(target)


def test_a_corrected_rule_takes_effect_without_code_changes(tmp_path: Path) -> None:
    from datetime import date

    from portal.paths import PathProfile, check_paths

    data = _packaged()
    acm = next(p for p in data["paths"] if p["code"] == "ACM")
    acm["routes"][0]["requirements"][1]["any_of"][0]["months"] = 24
    target = tmp_path / "rules.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    profile = PathProfile(credentials=frozenset({"RN"}), months=12)
    [result] = check_paths(profile, as_of=date(2026, 1, 1), codes=["ACM"], rules=load_rules(target))
    assert result.eligible is False
    assert result.earliest == date(2027, 1, 1)
