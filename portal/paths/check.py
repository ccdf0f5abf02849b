"""The eligibility check: a person's degrees, credentials and months of experience against the path rules.

What "eligible" means for certifications and licenses, and how ``earliest`` is found, is written in ``rules.json``
(``eligibility_meaning``, ``earliest_meaning``) so that the data and the answers explain the same thing.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from portal.errors import InvalidInput
from portal.paths.rules import Option, PathRule, Requirement, Route, RuleSet, load_rules

ALREADY_HELD = "already held"


@dataclass(frozen=True)
class PathProfile:
    """What a person brings: degree and credential codes (aliases allowed), months of case management experience."""

    degrees: frozenset[str] = frozenset()
    credentials: frozenset[str] = frozenset()
    months: int = 0
    supervised_by_ccm: bool = False
    supervisor_months: int = 0


@dataclass(frozen=True)
class PathResult:
    """The answer for one credential: eligible now, what is missing, the earliest date, and the rule behind it."""

    code: str
    name: str
    eligible: bool
    missing: tuple[str, ...]
    earliest: date | None
    rule: str
    source: str
    as_of: date
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _RouteOutcome:
    route: Route
    index: int
    eligible: bool
    missing: tuple[str, ...]
    earliest: date | None
    experience_date: date | None
    notes: tuple[str, ...]


def check_paths(
    profile: PathProfile,
    *,
    as_of: date,
    codes: Iterable[str] | None = None,
    rules: RuleSet | None = None,
) -> list[PathResult]:
    """Check a profile against every path (or only ``codes``) on ``as_of``; InvalidInput on bad codes or months."""
    rules = rules or load_rules()
    if not isinstance(as_of, date):
        raise InvalidInput("must be a date", field="as_of")
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    person = normalize_profile(profile, rules)
    wanted = normalize_path_codes(codes, rules) if codes is not None else rules.path_codes
    return [_check_one(rules.path(code), person, as_of) for code in wanted]


def normalize_profile(profile: PathProfile, rules: RuleSet | None = None) -> PathProfile:
    """Return the profile with canonical codes (aliases resolved, any case); InvalidInput names what is wrong."""
    rules = rules or load_rules()
    degrees = _canonical_codes(profile.degrees, {code.upper(): code for code in rules.degrees}, "degree", "degrees")
    credential_lookup = {code.upper(): code for code in rules.credentials}
    credential_lookup.update({alias.upper(): code for alias, code in rules.aliases.items()})
    credentials = _canonical_codes(profile.credentials, credential_lookup, "credential", "credentials")
    return PathProfile(
        degrees=degrees,
        credentials=credentials,
        months=_months(profile.months, "months"),
        supervised_by_ccm=bool(profile.supervised_by_ccm),
        supervisor_months=_months(profile.supervisor_months, "supervisor_months"),
    )


def normalize_path_codes(codes: Iterable[str], rules: RuleSet | None = None) -> tuple[str, ...]:
    """Return the canonical path codes asked for, in order and without repeats; InvalidInput names unknown ones."""
    rules = rules or load_rules()
    if isinstance(codes, str):
        codes = [codes]
    lookup = {code.upper(): code for code in rules.path_codes}
    lookup.update({alias.upper(): code for alias, code in rules.aliases.items() if code in rules.path_codes})
    wanted: list[str] = []
    unknown: list[str] = []
    for raw in codes:
        code = lookup.get(str(raw).strip().upper())
        if code is None:
            unknown.append(str(raw))
        elif code not in wanted:
            wanted.append(code)
    if unknown:
        raise InvalidInput(
            f"no certification path for {', '.join(unknown)}; paths exist for {', '.join(rules.path_codes)}",
            field="codes",
        )
    return tuple(wanted)


def add_months(start: date, months: int) -> date:
    """Return ``start`` plus whole months, keeping the day where the month allows (Jan 31 + 1 month = Feb 28/29)."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _canonical_codes(raw: Iterable[str], lookup: dict[str, str], what: str, field: str) -> frozenset[str]:
    if isinstance(raw, str):
        raw = [raw]
    found: set[str] = set()
    unknown: list[str] = []
    for value in raw:
        code = lookup.get(str(value).strip().upper())
        if code is None:
            unknown.append(str(value))
        else:
            found.add(code)
    if unknown:
        known = ", ".join(sorted(set(lookup.values())))
        raise InvalidInput(f"unknown {what} code(s): {', '.join(unknown)} (known: {known})", field=field)
    return frozenset(found)


def _months(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"must be a whole number of months, got {value!r}", field=field)
    if value < 0:
        raise InvalidInput(f"cannot be negative, got {value}", field=field)
    return value


def _check_one(path: PathRule, person: PathProfile, as_of: date) -> PathResult:
    outcomes = [_evaluate_route(route, index, person, as_of) for index, route in enumerate(path.routes)]
    best = min(outcomes, key=_closeness)
    if path.code in person.credentials:
        return PathResult(
            code=path.code,
            name=path.name,
            eligible=True,
            missing=(),
            earliest=as_of,
            rule=best.route.rule,
            source=best.route.source,
            as_of=path.as_of,
            notes=(ALREADY_HELD,),
        )
    notes = best.notes
    if best.experience_date is not None:
        notes += (f"The experience alone would be met on {best.experience_date.isoformat()}.",)
    if not best.eligible:
        # The closest route is reported; the others are named so that nobody misses a track that suits them better.
        notes += tuple(
            f"Other route: {other.route.rule} Missing there: {'; '.join(other.missing)}."
            for other in outcomes
            if other is not best
        )
    return PathResult(
        code=path.code,
        name=path.name,
        eligible=best.eligible,
        missing=best.missing + best.route.steps,
        earliest=best.earliest,
        rule=best.route.rule,
        source=best.route.source,
        as_of=path.as_of,
        notes=notes + best.route.notes,
    )


def _closeness(outcome: _RouteOutcome) -> tuple[int, int, date, int, int]:
    # Eligible first; then a route that can be reached by time alone, soonest first; then fewest gaps; then file order.
    return (
        0 if outcome.eligible else 1,
        0 if outcome.earliest is not None else 1,
        outcome.earliest or date.max,
        len(outcome.missing),
        outcome.index,
    )


def _evaluate_route(route: Route, index: int, person: PathProfile, as_of: date) -> _RouteOutcome:
    missing: list[str] = []
    notes: list[str] = []
    shortfalls: list[int | None] = []
    for requirement in route.requirements:
        met_option, shortfall = _evaluate_requirement(requirement, person)
        if met_option is not None:
            if met_option.note:
                notes.append(met_option.note)
            continue
        missing.append(_missing_text(requirement, person, shortfall))
        shortfalls.append(shortfall)
    eligible = not missing
    time_only = all(s is not None for s in shortfalls)
    longest = max((s for s in shortfalls if s is not None), default=0)
    earliest = add_months(as_of, longest) if time_only else None
    experience_date = add_months(as_of, longest) if not time_only and longest > 0 else None
    return _RouteOutcome(
        route=route,
        index=index,
        eligible=eligible,
        missing=tuple(missing),
        earliest=earliest,
        experience_date=experience_date,
        notes=tuple(notes),
    )


def _evaluate_requirement(requirement: Requirement, person: PathProfile) -> tuple[Option | None, int | None]:
    """Return the first option met, or (None, months still needed by the quickest option reachable by time alone)."""
    shortfalls: list[int] = []
    for option in requirement.any_of:
        met, shortfall = _evaluate_option(option, person)
        if met:
            return option, 0
        if shortfall is not None:
            shortfalls.append(shortfall)
    return None, min(shortfalls) if shortfalls else None


def _evaluate_option(option: Option, person: PathProfile) -> tuple[bool, int | None]:
    if option.kind == "credential":
        return bool(option.codes & person.credentials), None
    if option.kind == "degree":
        return bool(option.codes & person.degrees), None
    if option.kind == "months":
        # A CCM-supervised route only counts down for someone who is supervised by a CCM now.
        if option.supervised_by_ccm and not person.supervised_by_ccm:
            return False, None
        shortfall = max(0, option.months - person.months)
        return shortfall == 0, shortfall
    if option.kind == "supervisor_months":
        # Only someone already supervising case managers is on this route; nobody is assumed to become a supervisor.
        if person.supervisor_months == 0:
            return False, None
        shortfall = max(0, option.months - person.supervisor_months)
        return shortfall == 0, shortfall
    return False, None  # unverifiable: an exam score or similar that a profile cannot show


def _missing_text(requirement: Requirement, person: PathProfile, shortfall: int | None) -> str:
    parts = [requirement.missing]
    for hint in requirement.hints:
        held = sorted((hint.if_degree & person.degrees) | (hint.if_credential & person.credentials))
        if held:
            parts.append(hint.text.replace("{codes}", " and ".join(held)))
    text = "; ".join(parts)
    if shortfall:
        text += f" ({shortfall} more month{'s' if shortfall != 1 else ''} needed)"
    return text
