"""Certification-path rules: the data model and its validating loader.

The rules live in ``rules.json`` beside this module so that a wrong rule is fixed by editing data. Every path is a list
of routes (alternative tracks, e.g. CMAC track 1 or 2); a route holds requirements that must all be met, and a
requirement is met by any one of its options.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from portal.errors import CatalogError

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.json")

PATH_KINDS = ("certification", "license")
OPTION_KINDS = ("credential", "degree", "months", "supervisor_months", "unverifiable")


@dataclass(frozen=True)
class Option:
    """One way to meet a requirement: hold a credential or degree, reach a number of months, or an unverifiable fact."""

    kind: str
    codes: frozenset[str] = frozenset()
    months: int = 0
    supervised_by_ccm: bool = False
    text: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Hint:
    """Extra words for an unmet requirement when the person holds one of the listed codes (``{codes}`` names them)."""

    if_degree: frozenset[str]
    if_credential: frozenset[str]
    text: str


@dataclass(frozen=True)
class Requirement:
    """A prerequisite met by any one of its options; ``missing`` says what to get when none is met."""

    name: str
    missing: str
    any_of: tuple[Option, ...]
    hints: tuple[Hint, ...] = ()


@dataclass(frozen=True)
class Route:
    """One track to a credential: all requirements must be met; ``steps`` are exams left after eligibility."""

    rule: str
    source: str
    requirements: tuple[Requirement, ...]
    steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathRule:
    """The rules for one credential, with the page they were read from and when."""

    code: str
    name: str
    kind: str
    source: str
    as_of: date
    routes: tuple[Route, ...]


@dataclass(frozen=True)
class RuleSet:
    """Every path plus the vocabulary (degree codes, credential codes, aliases) a profile is checked against."""

    file: str
    paths: tuple[PathRule, ...]
    degrees: Mapping[str, str]
    credentials: Mapping[str, str]
    aliases: Mapping[str, str]
    eligibility_meaning: Mapping[str, str]

    def path(self, code: str) -> PathRule:
        """Return the path for a canonical code; KeyError when there is none."""
        for rule in self.paths:
            if rule.code == code:
                return rule
        raise KeyError(code)

    @property
    def path_codes(self) -> tuple[str, ...]:
        """Codes that have a path, in file order."""
        return tuple(rule.code for rule in self.paths)


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Load and validate the rule file (the packaged ``rules.json`` by default); CatalogError names file and field."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> RuleSet:
    return _load(DEFAULT_RULES_FILE)


def _load(path: Path) -> RuleSet:
    label = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{label}: cannot read the rule file ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    return _Parser(label).rule_set(raw)


class _Parser:
    """Turns raw JSON into dataclasses; the first fault raises CatalogError('<file>: <field path>: <problem>')."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.degrees: dict[str, str] = {}
        self.credentials: dict[str, str] = {}

    def fail(self, where: str, problem: str) -> CatalogError:
        return CatalogError(f"{self.label}: {where}: {problem}")

    def get(self, obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if key not in obj:
            raise self.fail(f"{where}.{key}" if where else key, "is required")
        value = obj[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"{where}.{key}" if where else key, f"must be {_kind_name(kind)}")
        return value

    def text(self, obj: Mapping[str, Any], key: str, where: str) -> str:
        value = self.get(obj, key, str, where)
        if not value.strip():
            raise self.fail(f"{where}.{key}", "must not be empty")
        return value

    def texts(self, obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        values = obj.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(f"{where}.{key}", "must be a list of non-empty strings")
        return tuple(values)

    def url(self, obj: Mapping[str, Any], key: str, where: str) -> str:
        value = self.text(obj, key, where)
        if not value.startswith(("http://", "https://")):
            raise self.fail(f"{where}.{key}", f"must be an http(s) URL, got {value!r}")
        return value

    def codes(
        self, obj: Mapping[str, Any], key: str, where: str, known: Mapping[str, str], what: str
    ) -> frozenset[str]:
        values = self.get(obj, key, list, where)
        if not values:
            raise self.fail(f"{where}.{key}", "must list at least one code")
        unknown = [v for v in values if v not in known]
        if unknown:
            raise self.fail(f"{where}.{key}", f"unknown {what} code(s): {', '.join(map(str, unknown))}")
        return frozenset(values)

    def mapping(self, raw: Mapping[str, Any], key: str) -> dict[str, str]:
        value = self.get(raw, key, dict, "")
        for name, meaning in value.items():
            if not isinstance(meaning, str) or not meaning.strip():
                raise self.fail(f"{key}.{name}", "must be a non-empty string")
        return dict(value)

    def rule_set(self, raw: Any) -> RuleSet:
        if not isinstance(raw, dict):
            raise self.fail("(top level)", "must be a JSON object")
        self.degrees = self.mapping(raw, "degrees")
        self.credentials = self.mapping(raw, "credentials")
        aliases = self.mapping(raw, "aliases")
        for alias, target in aliases.items():
            if target not in self.credentials:
                raise self.fail(f"aliases.{alias}", f"points at unknown credential code {target!r}")
        meaning = self.mapping(raw, "eligibility_meaning")
        for kind in PATH_KINDS:
            if kind not in meaning:
                raise self.fail(f"eligibility_meaning.{kind}", "is required")
        raw_paths = self.get(raw, "paths", list, "")
        paths = tuple(self.path_rule(item, f"paths[{i}]") for i, item in enumerate(raw_paths))
        seen: set[str] = set()
        for i, rule in enumerate(paths):
            if rule.code in seen:
                raise self.fail(f"paths[{i}].code", f"duplicate path code {rule.code!r}")
            seen.add(rule.code)
        return RuleSet(
            file=self.label,
            paths=paths,
            degrees=MappingProxyType(self.degrees),
            credentials=MappingProxyType(self.credentials),
            aliases=MappingProxyType(aliases),
            eligibility_meaning=MappingProxyType(meaning),
        )

    def path_rule(self, raw: Any, where: str) -> PathRule:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be an object")
        code = self.text(raw, "code", where)
        if code not in self.credentials:
            raise self.fail(f"{where}.code", f"{code!r} is not in credentials")
        kind = self.text(raw, "kind", where)
        if kind not in PATH_KINDS:
            raise self.fail(f"{where}.kind", f"must be one of {', '.join(PATH_KINDS)}")
        source = self.url(raw, "source", where)
        as_of_text = self.text(raw, "as_of", where)
        try:
            as_of = date.fromisoformat(as_of_text)
        except ValueError as exc:
            raise self.fail(f"{where}.as_of", f"must be a YYYY-MM-DD date, got {as_of_text!r}") from exc
        raw_routes = self.get(raw, "routes", list, where)
        if not raw_routes:
            raise self.fail(f"{where}.routes", "must list at least one route")
        routes = tuple(self.route(item, f"{where}.routes[{i}]", source) for i, item in enumerate(raw_routes))
        return PathRule(code=code, name=self.credentials[code], kind=kind, source=source, as_of=as_of, routes=routes)

    def route(self, raw: Any, where: str, default_source: str) -> Route:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be an object")
        raw_requirements = self.get(raw, "requirements", list, where)
        if not raw_requirements:
            raise self.fail(f"{where}.requirements", "must list at least one requirement")
        return Route(
            rule=self.text(raw, "rule", where),
            source=self.url(raw, "source", where) if "source" in raw else default_source,
            requirements=tuple(
                self.requirement(item, f"{where}.requirements[{i}]") for i, item in enumerate(raw_requirements)
            ),
            steps=self.texts(raw, "steps", where),
            notes=self.texts(raw, "notes", where),
        )

    def requirement(self, raw: Any, where: str) -> Requirement:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be an object")
        raw_options = self.get(raw, "any_of", list, where)
        if not raw_options:
            raise self.fail(f"{where}.any_of", "must list at least one option")
        raw_hints = raw.get("hints", [])
        if not isinstance(raw_hints, list):
            raise self.fail(f"{where}.hints", "must be a list")
        return Requirement(
            name=self.text(raw, "name", where),
            missing=self.text(raw, "missing", where),
            any_of=tuple(self.option(item, f"{where}.any_of[{i}]") for i, item in enumerate(raw_options)),
            hints=tuple(self.hint(item, f"{where}.hints[{i}]") for i, item in enumerate(raw_hints)),
        )

    def option(self, raw: Any, where: str) -> Option:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be an object")
        kinds = [k for k in OPTION_KINDS if k in raw]
        if len(kinds) != 1:
            raise self.fail(where, f"must have exactly one of {', '.join(OPTION_KINDS)}")
        kind = kinds[0]
        note = self.text(raw, "note", where) if "note" in raw else None
        if kind == "credential":
            return Option(kind, codes=self.codes(raw, kind, where, self.credentials, "credential"), note=note)
        if kind == "degree":
            return Option(kind, codes=self.codes(raw, kind, where, self.degrees, "degree"), note=note)
        if kind == "unverifiable":
            return Option(kind, text=self.text(raw, kind, where), note=note)
        months = self.get(raw, kind, int, where)
        if months <= 0:
            raise self.fail(f"{where}.{kind}", f"must be a positive whole number of months, got {months}")
        supervised = self.get(raw, "supervised_by_ccm", bool, where) if "supervised_by_ccm" in raw else False
        if supervised and kind != "months":
            raise self.fail(f"{where}.supervised_by_ccm", "only applies to a months option")
        return Option(kind, months=months, supervised_by_ccm=supervised, note=note)

    def hint(self, raw: Any, where: str) -> Hint:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be an object")
        if_degree = self.codes(raw, "if_degree", where, self.degrees, "degree") if "if_degree" in raw else frozenset()
        if_credential = (
            self.codes(raw, "if_credential", where, self.credentials, "credential")
            if "if_credential" in raw
            else frozenset()
        )
        if not if_degree and not if_credential:
            raise self.fail(where, "needs if_degree or if_credential")
        return Hint(if_degree=if_degree, if_credential=if_credential, text=self.text(raw, "text", where))


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)
