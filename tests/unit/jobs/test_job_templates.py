"""Templates load, carry what an employer needs, and a broken file is reported by file and field."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portal.errors import CatalogError, InvalidInput
from portal.jobs import (
    WORK_SETTINGS,
    check_templates,
    get_template,
    load_benchmarks,
    load_templates,
    spec_from_json,
    spec_from_template,
    spec_to_json,
)
from portal.jobs.job_templates import TEMPLATES_DIR

SETTINGS = (
    "general",
    "hospital_utilization_review",
    "mental_health",
    "community_social_services",
    "insurance_preauthorization",
    "education_iep",
    "legal",
)


def test_every_setting_has_a_template() -> None:
    assert set(load_templates()) == set(SETTINGS)


def test_shipped_templates_have_no_problems(known_codes: list[str]) -> None:
    assert check_templates(known_codes=known_codes) == []


@pytest.mark.parametrize("key", SETTINGS)
def test_template_content_is_complete(key: str) -> None:
    template = get_template(key)
    assert 8 <= len(template.duties) <= 12
    assert template.qualifications and template.skills and template.physical_demands
    assert re.match(r"^\d{2}-\d{4}\.\d{2} \S", template.occupational_category)
    assert template.source.startswith("https://") and date.fromisoformat(template.as_of)
    assert set(template.work_settings) <= set(WORK_SETTINGS)
    assert any(load_benchmarks()[k].currency == "USD" for k in template.salary_benchmarks)


@pytest.mark.parametrize("key", SETTINGS)
def test_template_defaults_form_a_valid_job_once_a_city_is_added(key: str, known_codes: list[str], today: date) -> None:
    draft = spec_from_template(key)
    document = spec_to_json(draft)
    document["location"]["city"] = "Dayton"
    spec = spec_from_json(document, known_codes, today)
    assert spec.required_credentials == get_template(key).required_credentials
    assert spec.duties == get_template(key).duties
    assert spec_to_json(spec) == document


def test_general_template_states_physical_demands_and_core_duties() -> None:
    general = get_template("general")
    assert any("50 to 80%" in line for line in general.physical_demands)
    duties = " ".join(general.duties).lower()
    for task in ("care plan", "negotiate", "assign", "close", "risk", "statistics", "advocate", "liaison", "monitor"):
        assert task in duties, task


def test_education_and_legal_templates_fit_their_settings() -> None:
    education = get_template("education_iep")
    assert all(need in education.summary for need in ("autism", "Down syndrome", "dyslexia"))
    assert "schools" in education.work_settings
    assert {"law_firms", "courts"} <= set(get_template("legal").work_settings)
    assert get_template("hospital_utilization_review").required_credentials == (("RN",),)


def test_draft_from_template_prefills_benchmark_salary_and_physical_demands() -> None:
    draft = spec_from_template("hospital_utilization_review")
    assert draft.salary is not None
    assert (draft.salary.min, draft.salary.max, draft.salary.unit) == (60110, 90760, "YEAR")
    assert "Physical demands" in draft.description_html
    assert spec_from_template("education_iep", currency="NGN").salary is None
    lagos = spec_from_template("general", currency="NGN", country="NG")
    assert lagos.salary is not None and (lagos.salary.min, lagos.salary.unit) == (88000, "MONTH")


def test_unknown_template_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as error:
        get_template("astronaut")
    assert error.value.field == "template"


def test_load_templates_returns_a_fresh_dict_each_call() -> None:
    first = load_templates()
    first.pop("general")
    assert "general" in load_templates()


# ---- broken template files ------------------------------------------------------------------------------------


@pytest.fixture
def template_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write one template file built from the shipped general template with changes applied; return its folder."""

    def write(remove: tuple[str, ...] = (), **changes: Any) -> Path:
        data = json.loads((TEMPLATES_DIR / "general.json").read_text(encoding="utf-8"))
        for field in remove:
            data.pop(field)
        data.update(changes)
        folder = tmp_path / "templates"
        folder.mkdir(exist_ok=True)
        (folder / "general.json").write_text(json.dumps(data), encoding="utf-8")
        return folder

    return write


@pytest.mark.parametrize(
    ("changes", "remove", "field"),
    [
        ({}, ("duties",), "duties"),
        ({"duties": ["Only one duty."]}, (), "duties"),
        ({"duties": ["ok"] * 7 + [""]}, (), "duties"),
        ({"title": ""}, (), "title"),
        ({"degree": "MBA"}, (), "degree"),
        ({"min_experience_months": -3}, (), "min_experience_months"),
        ({"required_credentials": ["RN"]}, (), "required_credentials"),
        ({"required_credentials": [[]]}, (), "required_credentials"),
        ({"work_settings": ["space_station"]}, (), "work_settings"),
        ({"salary_benchmarks": ["moon_pay"]}, (), "salary_benchmarks"),
        ({"occupational_category": "Case Manager"}, (), "occupational_category"),
        ({"source": "a friend"}, (), "source"),
        ({"as_of": "last year"}, (), "as_of"),
        ({"key": "generic"}, (), "key"),
        ({"dutys": []}, (), "dutys"),
    ],
)
def test_broken_template_names_file_and_field(
    template_dir: Callable[..., Path], changes: dict[str, Any], remove: tuple[str, ...], field: str
) -> None:
    folder = template_dir(remove=remove, **changes)
    with pytest.raises(CatalogError) as error:
        load_templates(folder)
    message = str(error.value)
    assert "general.json" in message and f"field '{field}'" in message
    assert any(f"field '{field}'" in problem for problem in check_templates(folder))


def test_template_that_is_not_json_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "legal.json").write_text('{"key": "legal",\n  "title": }', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"legal\.json: is not valid JSON \(line 2"):
        load_templates(tmp_path)


def test_empty_template_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no template files"):
        load_templates(tmp_path)
    assert check_templates(tmp_path) == [f"{tmp_path.resolve()}: holds no template files (*.json)"]


def test_check_templates_flags_codes_missing_from_the_catalog(template_dir: Callable[..., Path]) -> None:
    folder = template_dir(preferred_credentials=["CCM", "XYZ"])
    assert load_templates(folder)["general"].preferred_credentials == ("CCM", "XYZ")  # shape is fine
    problems = check_templates(folder, known_codes=["RN", "LSW", "LMSW", "LCSW", "LISW", "LICSW", "CCM"])
    assert problems == ["general.json: credential code 'XYZ' is not in the credential catalog"]


def test_check_templates_lists_every_problem_not_just_the_first(template_dir: Callable[..., Path]) -> None:
    folder = template_dir(title="", degree="MBA", as_of="soon")
    problems = check_templates(folder)
    assert len(problems) == 3
