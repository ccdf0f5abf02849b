"""JSON Resume (jsonresume.org) import and export of a candidate profile (pure: no Flask, no database).

The schema has no place for what a case-management employer checks first (credential code, status, states, license
number, expiry), so those travel in the ``x-casemanager`` extension key; other JSON Resume tools ignore it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.catalog import Catalog
from portal.errors import InvalidInput
from portal.extraction import STATUSES
from portal.extraction.states import STATE_CODES

EXTENSION_KEY = "x-casemanager"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
MAX_IMPORT_BYTES = 1024 * 1024
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class CredentialEntry:
    """A license or certification as the profile keeps it."""

    code: str
    status: str
    states: tuple[str, ...] = ()
    number: str | None = None
    expires: date | None = None


@dataclass(frozen=True)
class DegreeEntry:
    """A completed degree."""

    code: str
    field: str | None = None
    institution: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class ProfileDocument:
    """The part of a profile JSON Resume carries, checked and ready to store; ``skipped`` says what was left out."""

    name: str
    email: str | None
    phone: str | None
    location: str
    credentials: tuple[CredentialEntry, ...]
    degrees: tuple[DegreeEntry, ...]
    experience_months: int | None
    skipped: tuple[str, ...] = ()


def to_jsonresume(profile: ProfileDocument, catalog: Catalog) -> dict[str, Any]:
    """The profile as a JSON Resume document with the credential details in ``x-casemanager``."""
    certificates = []
    for credential in profile.credentials:
        entry = _catalog_entry(catalog, credential.code)
        certificate: dict[str, Any] = {"name": entry.name if entry else credential.code}
        if entry:
            certificate["issuer"] = entry.issuer
        certificates.append(certificate)
    education = []
    for degree in profile.degrees:
        entry = _catalog_entry(catalog, degree.code)
        item: dict[str, Any] = {"studyType": entry.name if entry else degree.code}
        if degree.field:
            item["area"] = degree.field
        if degree.institution:
            item["institution"] = degree.institution
        if degree.year:
            item["endDate"] = str(degree.year)
        education.append(item)
    basics: dict[str, Any] = {"name": profile.name}
    if profile.email:
        basics["email"] = profile.email
    if profile.phone:
        basics["phone"] = profile.phone
    if profile.location:
        basics["location"] = _location_to_json(profile.location)
    return {
        "$schema": SCHEMA_URL,
        "basics": basics,
        "work": [],
        "education": education,
        "certificates": certificates,
        EXTENSION_KEY: {
            "version": 1,
            "experience_months": profile.experience_months,
            "credentials": [
                {
                    "code": c.code,
                    "status": c.status,
                    "states": list(c.states),
                    "number": c.number,
                    "expires": c.expires.isoformat() if c.expires else None,
                }
                for c in profile.credentials
            ],
            "degrees": [
                {"code": d.code, "field": d.field, "institution": d.institution, "year": d.year}
                for d in profile.degrees
            ],
        },
    }


def from_jsonresume(raw: str | bytes, catalog: Catalog, *, as_of: date) -> ProfileDocument:
    """Read and check a JSON Resume document; raise InvalidInput (saying what and where) when any part is wrong."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise InvalidInput("The file is larger than 1 MB; a JSON Resume is much smaller.")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("The file is not UTF-8 text, so it cannot be a JSON Resume.") from None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    if not isinstance(document, dict):
        raise InvalidInput('A JSON Resume is a JSON object with a "basics" section; this file is not.')
    basics = _object(document.get("basics", {}), "basics")
    extension = _object(document.get(EXTENSION_KEY, {}), EXTENSION_KEY)
    skipped: list[str] = []

    if EXTENSION_KEY in document and "credentials" in extension:
        credentials = tuple(
            _credential_from_extension(item, f"{EXTENSION_KEY}.credentials[{i}]", catalog)
            for i, item in enumerate(_array(extension["credentials"], f"{EXTENSION_KEY}.credentials"))
        )
    else:
        credentials = _credentials_from_certificates(document.get("certificates", []), catalog, skipped)

    if EXTENSION_KEY in document and "degrees" in extension:
        degrees = tuple(
            _degree_from_extension(item, f"{EXTENSION_KEY}.degrees[{i}]", catalog, as_of)
            for i, item in enumerate(_array(extension["degrees"], f"{EXTENSION_KEY}.degrees"))
        )
    else:
        degrees = _degrees_from_education(document.get("education", []), catalog, as_of, skipped)

    experience = extension.get("experience_months")
    if experience is not None:
        if not isinstance(experience, int) or isinstance(experience, bool) or not 0 <= experience <= 12 * 70:
            raise InvalidInput(
                "must be a whole number of months between 0 and 840", field=f"{EXTENSION_KEY}.experience_months"
            )
    else:
        experience = _months_from_work(document.get("work", []), as_of)

    return ProfileDocument(
        name=_text(basics.get("name"), "basics.name", 200) or "",
        email=_text(basics.get("email"), "basics.email", 254),
        phone=_text(basics.get("phone"), "basics.phone", 50),
        location=_location_from_json(basics.get("location")),
        credentials=credentials,
        degrees=degrees,
        experience_months=experience,
        skipped=tuple(skipped),
    )


def parse_iso_date(value: object, where: str, *, as_of: date | None = None) -> date:
    """A JSON Resume date (YYYY, YYYY-MM or YYYY-MM-DD) as a date (first day of a month or year when not given)."""
    if not isinstance(value, str) or not (match := _ISO_DATE.match(value.strip())):
        raise InvalidInput(f"{value!r} is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY", field=where)
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a real calendar date", field=where) from None
    if not 1900 <= parsed.year <= 2200:
        raise InvalidInput(f"{value!r} is outside the years 1900 to 2200", field=where)
    return parsed


def _catalog_entry(catalog: Catalog, code: str) -> Any:
    try:
        return catalog.get(code)
    except KeyError:
        return None


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput("must be a JSON object", field=where)
    return value


def _array(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput("must be a JSON array", field=where)
    return value


def _text(value: object, where: str, max_length: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=where)
    value = value.strip()
    if len(value) > max_length:
        raise InvalidInput(f"is longer than {max_length} characters", field=where)
    return value or None


def _location_to_json(location: str) -> dict[str, str]:
    city, _, region = location.rpartition(",")
    if city and region.strip().upper() in STATE_CODES:
        return {"city": city.strip(), "region": region.strip().upper(), "countryCode": "US"}
    return {"city": location}


def _location_from_json(value: object) -> str:
    if value is None:
        return ""
    location = _object(value, "basics.location")
    parts = [_text(location.get(key), f"basics.location.{key}", 100) for key in ("city", "region")]
    return ", ".join(part for part in parts if part)


def _credential_codes(catalog: Catalog) -> set[str]:
    return set(catalog.codes("license")) | set(catalog.codes("certification"))


def _credential_from_extension(item: object, where: str, catalog: Catalog) -> CredentialEntry:
    data = _object(item, where)
    code = catalog.canonical(str(data.get("code") or ""))
    if code not in _credential_codes(catalog):
        raise InvalidInput(
            f"{data.get('code')!r} is not a license or certification the portal knows", field=f"{where}.code"
        )
    status = data.get("status", "held")
    if status not in STATUSES:
        raise InvalidInput(f"must be one of {', '.join(STATUSES)}", field=f"{where}.status")
    states = _array(data.get("states") or [], f"{where}.states")
    bad_states = [s for s in states if not isinstance(s, str) or s.upper() not in STATE_CODES]
    if bad_states:
        raise InvalidInput(f"{bad_states[0]!r} is not a US state code", field=f"{where}.states")
    expires = data.get("expires")
    return CredentialEntry(
        code=code,
        status=status,
        states=tuple(dict.fromkeys(s.upper() for s in states)),
        number=_text(data.get("number"), f"{where}.number", 60),
        expires=parse_iso_date(expires, f"{where}.expires") if expires else None,
    )


def _credentials_from_certificates(value: object, catalog: Catalog, skipped: list[str]) -> tuple[CredentialEntry, ...]:
    found: dict[str, CredentialEntry] = {}
    for i, item in enumerate(_array(value, "certificates")):
        data = _object(item, f"certificates[{i}]")
        name = _text(data.get("name"), f"certificates[{i}].name", 200) or ""
        code = catalog.canonical(name)
        if code in _credential_codes(catalog):
            found.setdefault(code, CredentialEntry(code=code, status="held"))
        elif name:
            skipped.append(f"certificate {name!r} (not a credential the portal knows)")
    return tuple(found.values())


def _degree_from_extension(item: object, where: str, catalog: Catalog, as_of: date) -> DegreeEntry:
    data = _object(item, where)
    code = catalog.canonical(str(data.get("code") or ""))
    if code not in catalog.codes("degree"):
        raise InvalidInput(f"{data.get('code')!r} is not a degree the portal knows", field=f"{where}.code")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= as_of.year + 6):
        raise InvalidInput("must be a year such as 2015", field=f"{where}.year")
    return DegreeEntry(
        code=code,
        field=_text(data.get("field"), f"{where}.field", 200),
        institution=_text(data.get("institution"), f"{where}.institution", 200),
        year=year,
    )


def _degrees_from_education(
    value: object, catalog: Catalog, as_of: date, skipped: list[str]
) -> tuple[DegreeEntry, ...]:
    degrees: list[DegreeEntry] = []
    for i, item in enumerate(_array(value, "education")):
        where = f"education[{i}]"
        data = _object(item, where)
        study = _text(data.get("studyType"), f"{where}.studyType", 200) or ""
        code = catalog.canonical(study)
        end = data.get("endDate")
        year = parse_iso_date(end, f"{where}.endDate").year if end else None
        if code not in catalog.codes("degree"):
            if study:
                skipped.append(f"education {study!r} (not a degree the portal knows)")
            continue
        if year is not None and year > as_of.year:
            skipped.append(f"education {study!r} (not finished yet)")
            continue
        degrees.append(
            DegreeEntry(
                code=code,
                field=_text(data.get("area"), f"{where}.area", 200),
                institution=_text(data.get("institution"), f"{where}.institution", 200),
                year=year,
            )
        )
    return tuple(degrees)


def _months_from_work(value: object, as_of: date) -> int | None:
    spans: list[tuple[int, int]] = []
    for i, item in enumerate(_array(value, "work")):
        where = f"work[{i}]"
        data = _object(item, where)
        if not data.get("startDate"):
            continue
        start = parse_iso_date(data["startDate"], f"{where}.startDate")
        end = parse_iso_date(data["endDate"], f"{where}.endDate") if data.get("endDate") else as_of
        if end < start:
            raise InvalidInput("ends before it starts", field=f"{where}.endDate")
        spans.append((start.year * 12 + start.month, min(end, as_of).year * 12 + min(end, as_of).month))
    if not spans:
        return None
    # Overlapping jobs count once: merge the month ranges before adding them up.
    total, current_start, current_end = 0, None, None
    for start_month, end_month in sorted(spans):
        if current_end is None or start_month > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = start_month, end_month
        else:
            current_end = max(current_end, end_month)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total
