"""The closed vocabularies a job posting uses: employment types, salary units, work settings, degrees, currencies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from portal.errors import CatalogError
from portal.jobs._data import DATA_DIR, is_as_of, is_source, read_json_object

# schema.org / Google JobPosting employmentType values the portal offers.
EMPLOYMENT_TYPES: tuple[str, ...] = ("FULL_TIME", "PART_TIME", "CONTRACT")

# Google JobPosting unitText values the portal offers.
SALARY_UNITS: tuple[str, ...] = ("YEAR", "MONTH", "HOUR")

WORK_SETTINGS: Mapping[str, str] = MappingProxyType(
    {
        "hospitals": "Hospitals",
        "health_care_providers": "Health care providers",
        "government_institutions": "Government institutions",
        "social_service_centers": "Social service centers",
        "law_enforcement_agencies": "Law enforcement agencies",
        "insurance_firms": "Insurance firms",
        "ngos": "Non-governmental organizations (NGOs)",
        "schools": "Schools and education services",
        "law_firms": "Law firms",
        "courts": "Courts",
    }
)


@dataclass(frozen=True)
class Degree:
    """A degree code the portal knows, with its name and schema.org credential category."""

    code: str
    name: str
    credential_category: str


@dataclass(frozen=True)
class CurrencyRule:
    """Display symbol and the sanity ceilings that catch a salary typed wrongly in one currency."""

    code: str
    symbol: str
    max_yearly: float
    max_hourly: float


_CREDENTIAL_CATEGORIES = {"associate degree", "bachelor degree", "postgraduate degree", "high school"}


@cache
def load_degrees() -> Mapping[str, Degree]:
    """Degree codes from degrees.json, keyed by code (validated on load)."""
    path = DATA_DIR / "degrees.json"
    data = read_json_object(path)
    _check_provenance(data, path.name)
    raw = data.get("degrees")
    if not isinstance(raw, dict) or not raw:
        raise CatalogError(f"{path.name}: field 'degrees' must be a non-empty object")
    degrees: dict[str, Degree] = {}
    for code, entry in raw.items():
        field = f"degrees.{code}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise CatalogError(f"{path.name}: field '{field}.name' must be a non-empty string")
        category = entry.get("credential_category")
        if category not in _CREDENTIAL_CATEGORIES:
            raise CatalogError(
                f"{path.name}: field '{field}.credential_category' must be one of {sorted(_CREDENTIAL_CATEGORIES)}"
            )
        degrees[code] = Degree(code=code, name=entry["name"], credential_category=category)
    return MappingProxyType(degrees)


@cache
def load_currencies() -> Mapping[str, CurrencyRule]:
    """Currencies a salary may be posted in, from currencies.json (validated on load)."""
    path = DATA_DIR / "currencies.json"
    data = read_json_object(path)
    _check_provenance(data, path.name)
    raw = data.get("currencies")
    if not isinstance(raw, dict) or not raw:
        raise CatalogError(f"{path.name}: field 'currencies' must be a non-empty object")
    rules: dict[str, CurrencyRule] = {}
    for code, entry in raw.items():
        field = f"currencies.{code}"
        if len(code) != 3 or not code.isupper():
            raise CatalogError(f"{path.name}: field '{field}' must be a three-letter ISO 4217 code")
        if not isinstance(entry, dict) or not isinstance(entry.get("symbol"), str):
            raise CatalogError(f"{path.name}: field '{field}.symbol' must be a string")
        for limit in ("max_yearly", "max_hourly"):
            value = entry.get(limit)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise CatalogError(f"{path.name}: field '{field}.{limit}' must be a positive number")
        rules[code] = CurrencyRule(
            code=code, symbol=entry["symbol"], max_yearly=entry["max_yearly"], max_hourly=entry["max_hourly"]
        )
    return MappingProxyType(rules)


def _check_provenance(data: dict[str, object], file_name: str) -> None:
    if not is_source(data.get("source")):
        raise CatalogError(f"{file_name}: field 'source' must be a non-empty string")
    if not is_as_of(data.get("as_of")):
        raise CatalogError(f"{file_name}: field 'as_of' must be a date written YYYY-MM-DD or YYYY-MM")
