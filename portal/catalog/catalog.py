"""Load, validate and query the credential catalog kept in ``credentials.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from portal.errors import CatalogError

KINDS = ("license", "certification", "degree")
CATALOG_PATH = Path(__file__).with_name("credentials.json")

_REQUIRED_TEXT = ("code", "kind", "name", "issuer", "source", "as_of")
_OPTIONAL_LISTS = ("aliases", "titles", "exam_aliases", "other_meanings")


@dataclass(frozen=True)
class CatalogEntry:
    """One credential: a license, a certification or a degree, with where its facts come from."""

    code: str
    kind: str
    name: str
    issuer: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    exam_aliases: tuple[str, ...]
    other_meanings: tuple[str, ...]
    source: str
    as_of: date


@dataclass(frozen=True)
class DegreeFieldRule:
    """A generic degree in a named field is really a specific one (a BS in nursing is a BSN)."""

    degrees: tuple[str, ...]
    field_contains: str
    code: str


@dataclass(frozen=True)
class Catalog:
    """The whole catalog with lookups by code and by alias."""

    entries: tuple[CatalogEntry, ...]
    degree_field_rules: tuple[DegreeFieldRule, ...]
    source: str
    as_of: date

    def get(self, code: str) -> CatalogEntry:
        """Return the entry for a canonical code; raise KeyError when there is none."""
        for entry in self.entries:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def canonical(self, alias: str) -> str | None:
        """Return the canonical code for a code, abbreviation or spelled-out title, or None."""
        wanted = _fold(alias)
        if not wanted:
            return None
        for entry in self.entries:
            if _fold(entry.code) == wanted or any(_fold(a) == wanted for a in entry.aliases):
                return entry.code
        for entry in self.entries:
            if any(_fold(t) == wanted for t in entry.titles):
                return entry.code
        return None

    def codes(self, kind: str | None = None) -> tuple[str, ...]:
        """Return the canonical codes, optionally only those of one kind."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        return tuple(e.code for e in self.entries if kind is None or e.kind == kind)


def _fold(text: str) -> str:
    """Compare aliases ignoring case, dots, spaces and hyphens ("R.N." == "RN")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _parse_date(value: Any, where: str, problems: list[str]) -> date | None:
    if not isinstance(value, str):
        problems.append(f"{where}: as_of must be a YYYY-MM-DD string")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: as_of {value!r} is not a YYYY-MM-DD date")
        return None


def _parse_entry(raw: Any, index: int, problems: list[str]) -> CatalogEntry | None:
    where = f"credentials[{index}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be an object")
        return None
    if isinstance(raw.get("code"), str):
        where = f"{where} ({raw['code']})"
    before = len(problems)
    for key in _REQUIRED_TEXT:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: {key} is required and must be a non-empty string")
    for key in _OPTIONAL_LISTS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"{where}: {key} must be a list of non-empty strings")
    unknown = set(raw) - set(_REQUIRED_TEXT) - set(_OPTIONAL_LISTS)
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    if isinstance(raw.get("kind"), str) and raw["kind"] not in KINDS:
        problems.append(f"{where}: kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
    if len(problems) > before:
        return None
    as_of = _parse_date(raw["as_of"], where, problems)
    if as_of is None:
        return None
    return CatalogEntry(
        code=raw["code"],
        kind=raw["kind"],
        name=raw["name"],
        issuer=raw["issuer"],
        aliases=tuple(raw.get("aliases", [])),
        titles=tuple(raw.get("titles", [])),
        exam_aliases=tuple(raw.get("exam_aliases", [])),
        other_meanings=tuple(raw.get("other_meanings", [])),
        source=raw["source"],
        as_of=as_of,
    )


def _parse_rule(raw: Any, index: int, codes: set[str], problems: list[str]) -> DegreeFieldRule | None:
    where = f"degree_field_rules[{index}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be an object")
        return None
    degrees, field, code = raw.get("degrees"), raw.get("field_contains"), raw.get("code")
    if not isinstance(degrees, list) or not degrees or not all(isinstance(d, str) for d in degrees):
        problems.append(f"{where}: degrees must be a non-empty list of codes")
        return None
    if not isinstance(field, str) or not field.strip() or not isinstance(code, str):
        problems.append(f"{where}: field_contains and code must be non-empty strings")
        return None
    for name in [*degrees, code]:
        if name not in codes:
            problems.append(f"{where}: {name!r} is not a degree code in the catalog")
    return DegreeFieldRule(degrees=tuple(degrees), field_contains=field.casefold(), code=code)


def _cross_check(entries: list[CatalogEntry], problems: list[str]) -> None:
    """Codes must be unique and no alias may point at two codes, or normalisation would be ambiguous."""
    seen_codes: set[str] = set()
    owner: dict[str, str] = {}
    for entry in entries:
        if entry.code in seen_codes:
            problems.append(f"{entry.code}: code appears twice")
        seen_codes.add(entry.code)
        for alias in (entry.code, *entry.aliases, *entry.titles, *entry.exam_aliases):
            key = _fold(alias)
            if key in owner and owner[key] != entry.code:
                problems.append(f"{entry.code}: alias {alias!r} is also an alias of {owner[key]}")
            owner.setdefault(key, entry.code)


def parse_catalog(raw: Any) -> tuple[Catalog | None, list[str]]:
    """Validate decoded catalog JSON; return the catalog (None when invalid) and the list of problems."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        return None, ["the catalog must be a JSON object"]
    for key in ("source", "as_of"):
        if not isinstance(raw.get(key), str):
            problems.append(f"top level: {key} is required")
    raw_entries = raw.get("credentials")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append("top level: credentials must be a non-empty list")
        raw_entries = []
    entries = [e for i, r in enumerate(raw_entries) if (e := _parse_entry(r, i, problems)) is not None]
    _cross_check(entries, problems)
    degree_codes = {e.code for e in entries if e.kind == "degree"}
    raw_rules = raw.get("degree_field_rules", [])
    if not isinstance(raw_rules, list):
        problems.append("top level: degree_field_rules must be a list")
        raw_rules = []
    rules = [r for i, x in enumerate(raw_rules) if (r := _parse_rule(x, i, degree_codes, problems)) is not None]
    as_of = _parse_date(raw.get("as_of"), "top level", problems) if isinstance(raw.get("as_of"), str) else None
    if problems or as_of is None:
        return None, problems
    return Catalog(tuple(entries), tuple(rules), raw["source"], as_of), problems


def check_catalog(path: str | Path = CATALOG_PATH) -> list[str]:
    """Return the problems found in a catalog file (an empty list means it is valid)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        return [f"cannot read {path}: {exc.strerror or exc}"]
    except json.JSONDecodeError as exc:
        return [f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
    return parse_catalog(raw)[1]


def load_catalog_file(path: str | Path) -> Catalog:
    """Load and validate a catalog file; raise CatalogError listing every problem."""
    problems = check_catalog(path)
    if problems:
        raise CatalogError(f"credential catalog {path} is invalid: " + "; ".join(problems))
    catalog, _ = parse_catalog(json.loads(Path(path).read_text(encoding="utf-8")))
    assert catalog is not None
    return catalog


@cache
def load_catalog() -> Catalog:
    """Return the portal's credential catalog, validated once and cached."""
    return load_catalog_file(CATALOG_PATH)
