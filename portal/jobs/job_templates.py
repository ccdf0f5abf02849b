"""Job-description templates: one JSON file per setting under templates/, loaded and validated as JobTemplate."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from portal.errors import CatalogError, InvalidInput
from portal.jobs._data import DATA_DIR, is_as_of, is_url, read_json_object
from portal.jobs.salary import load_benchmarks
from portal.jobs.vocabulary import WORK_SETTINGS, load_degrees

TEMPLATES_DIR = DATA_DIR / "templates"

MIN_DUTIES = 8
MAX_DUTIES = 12
MAX_EXPERIENCE_MONTHS = 600  # 50 years: anything above is a typing error

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^[A-Za-z][A-Za-z-]*$")
# O*NET-SOC code and title, e.g. "21-1022.00 Healthcare Social Workers"
_OCCUPATION = re.compile(r"^\d{2}-\d{4}\.\d{2} \S.*$")

_FIELDS = {
    "key",
    "title",
    "summary",
    "duties",
    "qualifications",
    "skills",
    "physical_demands",
    "required_credentials",
    "preferred_credentials",
    "min_experience_months",
    "degree",
    "work_settings",
    "salary_benchmarks",
    "occupational_category",
    "source",
    "source_note",
    "as_of",
}


@dataclass(frozen=True)
class JobTemplate:
    """A starting point for a case manager job description in one setting (hospital, legal, ...)."""

    key: str
    title: str
    summary: str
    duties: tuple[str, ...]
    qualifications: tuple[str, ...]
    skills: tuple[str, ...]
    physical_demands: tuple[str, ...]
    required_credentials: tuple[tuple[str, ...], ...]
    preferred_credentials: tuple[str, ...]
    min_experience_months: int
    degree: str | None
    work_settings: tuple[str, ...]
    salary_benchmarks: tuple[str, ...]
    occupational_category: str
    source: str
    source_note: str
    as_of: str

    @property
    def credential_codes(self) -> frozenset[str]:
        """Every credential code the template names, required or preferred."""
        return frozenset(code for group in self.required_credentials for code in group) | frozenset(
            self.preferred_credentials
        )


def load_templates(directory: Path | None = None) -> dict[str, JobTemplate]:
    """All templates keyed by key (cached); raises CatalogError naming the file and field of the first bad file."""
    return dict(_load_templates_cached((directory or TEMPLATES_DIR).resolve()))


def get_template(key: str, directory: Path | None = None) -> JobTemplate:
    """The template with this key; InvalidInput on field 'template' when there is none."""
    templates = load_templates(directory)
    if key not in templates:
        raise InvalidInput(f"unknown template {key!r}; choose one of {', '.join(sorted(templates))}", field="template")
    return templates[key]


def check_templates(directory: Path | None = None, known_codes: Collection[str] | None = None) -> list[str]:
    """Every problem in the template files, one message each naming file and field; empty when all is well."""
    folder = (directory or TEMPLATES_DIR).resolve()
    files = sorted(folder.glob("*.json"))
    if not files:
        return [f"{folder}: holds no template files (*.json)"]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            data = read_json_object(path)
        except CatalogError as exc:
            problems.append(str(exc))
            continue
        file_problems = _problems_in(data, path.name)
        problems.extend(file_problems)
        if file_problems:
            continue
        if data["key"] in seen:
            problems.append(f"{path.name}: field 'key' repeats {data['key']!r} from {seen[data['key']]}")
        seen[data["key"]] = path.name
        if known_codes is not None:
            problems.extend(_unknown_code_problems(_parse(data), path.name, known_codes))
    return problems


@cache
def _load_templates_cached(folder: Path) -> Mapping[str, JobTemplate]:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise CatalogError(f"{folder}: holds no template files (*.json)")
    templates: dict[str, JobTemplate] = {}
    for path in files:
        data = read_json_object(path)
        problems = _problems_in(data, path.name)
        if problems:
            raise CatalogError("; ".join(problems))
        template = _parse(data)
        if template.key in templates:
            raise CatalogError(f"{path.name}: field 'key' repeats {template.key!r}")
        templates[template.key] = template
    return templates


def _parse(data: dict[str, Any]) -> JobTemplate:
    return JobTemplate(
        key=data["key"],
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        duties=tuple(data["duties"]),
        qualifications=tuple(data["qualifications"]),
        skills=tuple(data["skills"]),
        physical_demands=tuple(data["physical_demands"]),
        required_credentials=tuple(tuple(group) for group in data["required_credentials"]),
        preferred_credentials=tuple(data["preferred_credentials"]),
        min_experience_months=data["min_experience_months"],
        degree=data["degree"],
        work_settings=tuple(data["work_settings"]),
        salary_benchmarks=tuple(data["salary_benchmarks"]),
        occupational_category=data["occupational_category"],
        source=data["source"],
        source_note=data.get("source_note", ""),
        as_of=data["as_of"],
    )


def _problems_in(data: dict[str, Any], file_name: str) -> list[str]:
    problems: list[str] = []

    def problem(field: str, text: str) -> None:
        problems.append(f"{file_name}: field '{field}' {text}")

    for field in sorted(set(data) - _FIELDS):
        problem(field, "is not a template field (misspelt?)")
    for field in sorted(_FIELDS - set(data) - {"source_note"}):
        problem(field, "is missing")

    key = data.get("key")
    if "key" in data and (not isinstance(key, str) or not _KEY.match(key)):
        problem("key", "must be lower-case letters, digits and underscores")
    elif isinstance(key, str) and key != Path(file_name).stem:
        problem("key", f"is {key!r} but the file is named {file_name}; they must match")

    for field in ("title", "summary"):
        if field in data and not _is_text(data[field]):
            problem(field, "must be a non-empty string")
    if "source_note" in data and not isinstance(data["source_note"], str):
        problem("source_note", "must be a string")

    if "duties" in data:
        duties = data["duties"]
        if not _is_text_list(duties):
            problem("duties", "must be a list of non-empty strings")
        elif not MIN_DUTIES <= len(duties) <= MAX_DUTIES:
            problem("duties", f"has {len(duties)} duties; a template needs {MIN_DUTIES} to {MAX_DUTIES}")
    for field in ("qualifications", "skills", "physical_demands"):
        if field in data and (not _is_text_list(data[field]) or not data[field]):
            problem(field, "must be a non-empty list of non-empty strings")

    if "required_credentials" in data:
        groups = data["required_credentials"]
        if not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
            problem("required_credentials", "must be a list of non-empty lists of credential codes")
        else:
            for index, group in enumerate(groups):
                if not all(isinstance(c, str) and _CODE.match(c) for c in group):
                    problem(f"required_credentials[{index}]", "must hold credential codes such as 'RN' or 'C-SWCM'")
    if "preferred_credentials" in data:
        codes = data["preferred_credentials"]
        if not isinstance(codes, list) or not all(isinstance(c, str) and _CODE.match(c) for c in codes):
            problem("preferred_credentials", "must be a list of credential codes such as 'CCM'")

    if "min_experience_months" in data:
        months = data["min_experience_months"]
        if isinstance(months, bool) or not isinstance(months, int) or not 0 <= months <= MAX_EXPERIENCE_MONTHS:
            problem("min_experience_months", f"must be a whole number from 0 to {MAX_EXPERIENCE_MONTHS}")
    if "degree" in data and data["degree"] is not None and data["degree"] not in load_degrees():
        problem("degree", f"must be null or one of {', '.join(load_degrees())}")

    if "work_settings" in data:
        settings = data["work_settings"]
        if not isinstance(settings, list) or not settings or not all(s in WORK_SETTINGS for s in settings):
            problem("work_settings", f"must be a non-empty list drawn from {', '.join(WORK_SETTINGS)}")
    if "salary_benchmarks" in data:
        keys = data["salary_benchmarks"]
        benchmarks = load_benchmarks()
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            problem("salary_benchmarks", "must be a non-empty list of benchmark keys")
        else:
            for missing in [k for k in keys if k not in benchmarks]:
                problem("salary_benchmarks", f"names {missing!r}, which is not in salary_benchmarks.json")

    if "occupational_category" in data and not (
        isinstance(data["occupational_category"], str) and _OCCUPATION.match(data["occupational_category"])
    ):
        problem(
            "occupational_category",
            "must be an O*NET-SOC code and title, e.g. '21-1022.00 Healthcare Social Workers'",
        )
    if "source" in data and not is_url(data["source"]):
        problem("source", "must be an http(s) URL")
    if "as_of" in data and not is_as_of(data["as_of"]):
        problem("as_of", "must be a date written YYYY-MM-DD")
    return problems


def _unknown_code_problems(template: JobTemplate, file_name: str, known_codes: Collection[str]) -> list[str]:
    known = set(known_codes)
    return [
        f"{file_name}: credential code {code!r} is not in the credential catalog"
        for code in sorted(template.credential_codes)
        if code not in known
    ]


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(_is_text(item) for item in value)
