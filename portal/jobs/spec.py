"""JobSpec: the job an employer publishes, built from a template or imported from a JSON file, and its JSON form."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.errors import InvalidInput
from portal.jobs.job_templates import MAX_EXPERIENCE_MONTHS, JobTemplate, get_template, load_templates
from portal.jobs.salary import benchmark_for_template, format_money, to_yearly
from portal.jobs.sanitize import description_text, sanitize_description
from portal.jobs.vocabulary import EMPLOYMENT_TYPES, SALARY_UNITS, WORK_SETTINGS, load_currencies, load_degrees

MAX_TITLE_CHARS = 150
MAX_DESCRIPTION_CHARS = 20_000
MAX_LIST_ITEMS = 40
MAX_ITEM_CHARS = 500

REQUIRED_KEYS = (
    "title",
    "template",
    "required_credentials",
    "preferred_credentials",
    "min_experience_months",
    "location",
    "employment_type",
    "salary",
    "description",
    "duties",
    "skills",
)
OPTIONAL_KEYS = ("qualifications", "degree", "remote", "valid_through", "work_settings")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Location:
    """Where the job is: city, region (state, province) and ISO 3166-1 alpha-2 country code."""

    city: str
    region: str
    country: str


@dataclass(frozen=True)
class SalaryRange:
    """The posted pay range in one currency per YEAR, MONTH or HOUR."""

    currency: str
    min: float
    max: float
    unit: str

    @property
    def yearly_min(self) -> float:
        """The minimum as a yearly equivalent (2,080 hours, 12 months)."""
        return to_yearly(self.min, self.unit)

    @property
    def yearly_max(self) -> float:
        """The maximum as a yearly equivalent (2,080 hours, 12 months)."""
        return to_yearly(self.max, self.unit)


@dataclass(frozen=True)
class JobSpec:
    """A case manager job as the employer states it; `description` is kept as written, use `description_html`."""

    title: str
    template: str
    required_credentials: tuple[tuple[str, ...], ...]
    preferred_credentials: tuple[str, ...]
    min_experience_months: int
    degree: str | None
    location: Location
    remote: bool
    employment_type: str
    salary: SalaryRange | None
    description: str
    duties: tuple[str, ...]
    qualifications: tuple[str, ...]
    skills: tuple[str, ...]
    valid_through: date | None
    work_settings: tuple[str, ...]

    @property
    def setting(self) -> str:
        """The template key, which names the setting (hospital_utilization_review, legal, ...)."""
        return self.template

    @property
    def description_html(self) -> str:
        """The description as safe HTML, ready to render without escaping."""
        return sanitize_description(self.description)

    @property
    def credential_codes(self) -> frozenset[str]:
        """Every credential code the job names, required or preferred."""
        return frozenset(c for group in self.required_credentials for c in group) | frozenset(
            self.preferred_credentials
        )


def spec_from_json(
    data: Mapping[str, Any],
    known_codes: Collection[str],
    today: date,
    *,
    templates: Mapping[str, JobTemplate] | None = None,
) -> JobSpec:
    """Validate an imported job file and build its JobSpec; InvalidInput names the offending field."""
    if not isinstance(data, Mapping):
        raise InvalidInput("the job file must hold a JSON object")
    allowed = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
    for key in data:
        if key not in allowed:
            raise InvalidInput(f"{key!r} is not a job field; the fields are {', '.join(sorted(allowed))}", field=key)
    if not _has_text(data.get("title")):
        raise InvalidInput("a job title is required", field="title")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise InvalidInput(f"{key} is required", field=key)

    catalog = templates if templates is not None else load_templates()
    template_key = data["template"]
    if not isinstance(template_key, str) or template_key not in catalog:
        raise InvalidInput(
            f"unknown template {template_key!r}; choose one of {', '.join(sorted(catalog))}", field="template"
        )
    codes = _CodeBook(known_codes)
    required = _credential_groups(data["required_credentials"], codes)
    preferred = _preferred_codes(data["preferred_credentials"], codes, required)
    remote = data.get("remote", False)
    if not isinstance(remote, bool):
        raise InvalidInput("remote must be true or false", field="remote")
    work_settings = data.get("work_settings")
    return JobSpec(
        title=_title(data["title"]),
        template=template_key,
        required_credentials=required,
        preferred_credentials=preferred,
        min_experience_months=_experience(data["min_experience_months"]),
        degree=_degree(data.get("degree")),
        location=_location(data["location"], remote),
        remote=remote,
        employment_type=_employment_type(data["employment_type"]),
        salary=_salary(data["salary"]),
        description=_description(data["description"]),
        duties=_text_list(data["duties"], "duties", required_items=True),
        qualifications=_text_list(data.get("qualifications", []), "qualifications"),
        skills=_text_list(data["skills"], "skills"),
        valid_through=_valid_through(data.get("valid_through"), today),
        work_settings=(catalog[template_key].work_settings if work_settings is None else _work_settings(work_settings)),
    )


def spec_to_json(spec: JobSpec) -> dict[str, Any]:
    """The JSON import shape for a spec, every key spelt out, so that spec_from_json reads it back unchanged."""
    salary = spec.salary
    return {
        "title": spec.title,
        "template": spec.template,
        "required_credentials": [list(group) for group in spec.required_credentials],
        "preferred_credentials": list(spec.preferred_credentials),
        "min_experience_months": spec.min_experience_months,
        "degree": spec.degree,
        "location": {"city": spec.location.city, "region": spec.location.region, "country": spec.location.country},
        "remote": spec.remote,
        "employment_type": spec.employment_type,
        "salary": (
            None
            if salary is None
            else {"currency": salary.currency, "min": salary.min, "max": salary.max, "unit": salary.unit}
        ),
        "description": spec.description,
        "duties": list(spec.duties),
        "qualifications": list(spec.qualifications),
        "skills": list(spec.skills),
        "valid_through": spec.valid_through.isoformat() if spec.valid_through else None,
        "work_settings": list(spec.work_settings),
    }


def spec_from_template(template: JobTemplate | str, *, currency: str = "USD", country: str = "US") -> JobSpec:
    """A draft JobSpec with the template's defaults for the job builder; location and salary still need checking.

    The salary is prefilled from the template's benchmark in `currency` (its 25th-75th percentile when known,
    otherwise the median for both ends) and is None when the template has no benchmark in that currency.
    """
    chosen = get_template(template) if isinstance(template, str) else template
    benchmark = benchmark_for_template(chosen.key, currency)
    salary = None
    if benchmark is not None:
        low = benchmark.percentile_25 or benchmark.median
        high = benchmark.percentile_75 or benchmark.median
        salary = SalaryRange(currency=currency, min=low.amount, max=high.amount, unit=benchmark.unit)
    return JobSpec(
        title=chosen.title,
        template=chosen.key,
        required_credentials=chosen.required_credentials,
        preferred_credentials=chosen.preferred_credentials,
        min_experience_months=chosen.min_experience_months,
        degree=chosen.degree,
        location=Location(city="", region="", country=country),
        remote=False,
        employment_type="FULL_TIME",
        salary=salary,
        description=_template_description(chosen),
        duties=chosen.duties,
        qualifications=chosen.qualifications,
        skills=chosen.skills,
        valid_through=None,
        work_settings=chosen.work_settings,
    )


def _template_description(template: JobTemplate) -> str:
    demands = "".join(f"<li>{html.escape(item)}</li>" for item in template.physical_demands)
    return f"<p>{html.escape(template.summary)}</p><h4>Physical demands</h4><ul>{demands}</ul>"


class _CodeBook:
    """Known credential codes matched without regard to case, giving back the catalog's spelling."""

    def __init__(self, known_codes: Collection[str]) -> None:
        self._by_upper = {code.upper(): code for code in known_codes}

    def canonical(self, value: object, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput("a credential code must be a non-empty string such as 'RN'", field=field)
        code = self._by_upper.get(value.strip().upper())
        if code is None:
            known = ", ".join(sorted(self._by_upper.values()))
            raise InvalidInput(f"unknown credential code {value!r}; known codes: {known}", field=field)
        return code


def _credential_groups(value: object, codes: _CodeBook) -> tuple[tuple[str, ...], ...]:
    field = "required_credentials"
    if not isinstance(value, list):
        raise InvalidInput(
            'must be a list of groups, each met by any one of its codes, e.g. [["RN"], ["CCM", "ACM"]]', field=field
        )
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for g, group in enumerate(value):
        if not isinstance(group, list) or not group:
            raise InvalidInput("each group must be a non-empty list of credential codes", field=f"{field}[{g}]")
        members: list[str] = []
        for c, raw in enumerate(group):
            code = codes.canonical(raw, f"{field}[{g}][{c}]")
            if code in seen:
                raise InvalidInput(f"{code} is listed more than once", field=f"{field}[{g}][{c}]")
            seen.add(code)
            members.append(code)
        groups.append(tuple(members))
    return tuple(groups)


def _preferred_codes(value: object, codes: _CodeBook, required: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    field = "preferred_credentials"
    if not isinstance(value, list):
        raise InvalidInput('must be a list of credential codes, e.g. ["CCM"]', field=field)
    required_codes = {c for group in required for c in group}
    preferred: list[str] = []
    for i, raw in enumerate(value):
        code = codes.canonical(raw, f"{field}[{i}]")
        if code in required_codes:
            raise InvalidInput(f"{code} is already a required credential; list it once", field=f"{field}[{i}]")
        if code in preferred:
            raise InvalidInput(f"{code} is listed more than once", field=f"{field}[{i}]")
        preferred.append(code)
    return tuple(preferred)


def _title(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("a job title is required", field="title")
    title = value.strip()
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidInput(f"the title is {len(title)} characters; keep it to {MAX_TITLE_CHARS}", field="title")
    return title


def _experience(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("must be a whole number of months, e.g. 24", field="min_experience_months")
    if value < 0:
        raise InvalidInput("cannot be negative", field="min_experience_months")
    if value > MAX_EXPERIENCE_MONTHS:
        raise InvalidInput(
            f"{value} months is over {MAX_EXPERIENCE_MONTHS // 12} years; give the experience in months",
            field="min_experience_months",
        )
    return value


def _degree(value: object) -> str | None:
    if value is None:
        return None
    degrees = load_degrees()
    by_upper = {code.upper(): code for code in degrees}
    if not isinstance(value, str) or value.strip().upper() not in by_upper:
        raise InvalidInput(f"unknown degree {value!r}; use one of {', '.join(degrees)} or null", field="degree")
    return by_upper[value.strip().upper()]


def _location(value: object, remote: bool) -> Location:
    if not isinstance(value, Mapping):
        raise InvalidInput('must be an object: {"city": ..., "region": ..., "country": ...}', field="location")
    for key in value:
        if key not in ("city", "region", "country"):
            raise InvalidInput(f"{key!r} is not a location field (city, region, country)", field=f"location.{key}")
    parts: dict[str, str] = {}
    for key in ("city", "region", "country"):
        part = value.get(key, "")
        if not isinstance(part, str):
            raise InvalidInput("must be text", field=f"location.{key}")
        parts[key] = part.strip()
    country = parts["country"].upper()
    if not _COUNTRY.match(country):
        raise InvalidInput("use the two-letter ISO country code, e.g. US or NG", field="location.country")
    if not remote and not parts["city"]:
        raise InvalidInput("a city is required for a job that is not remote", field="location.city")
    return Location(city=parts["city"], region=parts["region"], country=country)


def _employment_type(value: object) -> str:
    if value not in EMPLOYMENT_TYPES:
        raise InvalidInput(
            f"employment type must be one of {', '.join(EMPLOYMENT_TYPES)}, not {value!r}", field="employment_type"
        )
    assert isinstance(value, str)
    return value


def _salary(value: object) -> SalaryRange:
    if not isinstance(value, Mapping):
        raise InvalidInput(
            'must be an object: {"currency": "USD", "min": 50000, "max": 60000, "unit": "YEAR"}', field="salary"
        )
    for key in value:
        if key not in ("currency", "min", "max", "unit"):
            raise InvalidInput(f"{key!r} is not a salary field (currency, min, max, unit)", field=f"salary.{key}")
    currencies = load_currencies()
    currency = value.get("currency")
    if not isinstance(currency, str) or currency.strip().upper() not in currencies:
        raise InvalidInput(
            f"currency must be one of {', '.join(currencies)}, not {currency!r}", field="salary.currency"
        )
    currency = currency.strip().upper()
    unit = value.get("unit")
    if unit not in SALARY_UNITS:
        raise InvalidInput(f"unit must be one of {', '.join(SALARY_UNITS)}, not {unit!r}", field="salary.unit")
    assert isinstance(unit, str)
    amounts: dict[str, float] = {}
    for key in ("min", "max"):
        amount = value.get(key)
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
            raise InvalidInput("must be a number, e.g. 52000", field=f"salary.{key}")
        if amount <= 0:
            raise InvalidInput(f"must be more than zero, not {amount}", field=f"salary.{key}")
        amounts[key] = amount
    low, high = amounts["min"], amounts["max"]
    if low > high:
        raise InvalidInput(
            f"the minimum ({format_money(low, currency)}) is above the maximum ({format_money(high, currency)})",
            field="salary.min",
        )
    rule = currencies[currency]
    if unit == "HOUR" and high > rule.max_hourly:
        raise InvalidInput(
            f"{format_money(high, currency)} an hour is implausibly high "
            f"(limit {format_money(rule.max_hourly, currency)}); is the unit right?",
            field="salary.max",
        )
    if to_yearly(high, unit) > rule.max_yearly:
        raise InvalidInput(
            f"{format_money(high, currency)} per {unit.lower()} is over {format_money(rule.max_yearly, currency)} "
            "a year; check for extra zeros or the wrong unit",
            field="salary.max",
        )
    return SalaryRange(currency=currency, min=low, max=high, unit=unit)


def _description(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("a description is required", field="description")
    if len(value) > MAX_DESCRIPTION_CHARS:
        raise InvalidInput(
            f"the description is {len(value):,} characters; keep it to {MAX_DESCRIPTION_CHARS:,}", field="description"
        )
    if not description_text(sanitize_description(value)):
        raise InvalidInput("the description has no readable text once unsafe HTML is removed", field="description")
    return value


def _text_list(value: object, field: str, *, required_items: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidInput("must be a list of short texts", field=field)
    if required_items and not value:
        raise InvalidInput("list at least one", field=field)
    if len(value) > MAX_LIST_ITEMS:
        raise InvalidInput(f"has {len(value)} entries; keep it to {MAX_LIST_ITEMS}", field=field)
    items: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise InvalidInput("must be non-empty text", field=f"{field}[{i}]")
        if len(item) > MAX_ITEM_CHARS:
            raise InvalidInput(f"is {len(item)} characters; keep each entry to {MAX_ITEM_CHARS}", field=f"{field}[{i}]")
        items.append(item.strip())
    return tuple(items)


def _valid_through(value: object, today: date) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise InvalidInput("the closing date must be written YYYY-MM-DD", field="valid_through")
    try:
        closing = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value} is not a real date", field="valid_through") from None
    if closing < today:
        raise InvalidInput(
            f"the closing date {closing.isoformat()} is in the past (today is {today.isoformat()})",
            field="valid_through",
        )
    return closing


def _work_settings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise InvalidInput("must be a list of work-setting keys", field="work_settings")
    for i, setting in enumerate(value):
        if setting not in WORK_SETTINGS:
            raise InvalidInput(
                f"unknown work setting {setting!r}; use {', '.join(WORK_SETTINGS)}", field=f"work_settings[{i}]"
            )
    if len(set(value)) != len(value):
        raise InvalidInput("lists a work setting more than once", field="work_settings")
    return tuple(value)


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
