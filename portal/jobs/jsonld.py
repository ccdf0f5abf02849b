"""schema.org JobPosting JSON-LD for a JobSpec, and a serialiser that is safe inside a <script> element."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from portal.jobs.job_templates import JobTemplate, get_template
from portal.jobs.spec import JobSpec
from portal.jobs.vocabulary import load_degrees

PROFESSIONAL_CERTIFICATE = "professional certificate"

# Characters that could end the <script> element or open an HTML comment / entity if left as they are;
# U+2028 and U+2029 are line terminators in older JavaScript parsers.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def jobposting_jsonld(
    spec: JobSpec,
    *,
    organization_name: str,
    organization_url: str | None,
    date_posted: date,
    url: str,
    identifier: str,
    credential_names: Mapping[str, str] | None = None,
    template: JobTemplate | None = None,
    closes_at: datetime | None = None,
) -> dict[str, Any]:
    """A schema.org JobPosting for search engines; credential_names spells out codes ('RN' -> 'Registered Nurse').

    ``closes_at``, the aware last moment of the closing date where the portal is, makes validThrough that moment
    with its UTC offset; without it validThrough is the bare date, which leaves the zone to the reader."""
    chosen = template or get_template(spec.template)
    names = credential_names or {}
    organization: dict[str, Any] = {"@type": "Organization", "name": organization_name}
    if organization_url:
        organization["sameAs"] = organization_url
        organization["url"] = organization_url
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": spec.title,
        "description": spec.description_html,
        "datePosted": date_posted.isoformat(),
        "employmentType": spec.employment_type,
        "hiringOrganization": organization,
        "identifier": {"@type": "PropertyValue", "name": organization_name, "value": identifier},
        "url": url,
        "occupationalCategory": chosen.occupational_category,
        "experienceRequirements": {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": spec.min_experience_months,
        },
        "responsibilities": list(spec.duties),
    }
    if closes_at is not None:
        posting["validThrough"] = closes_at.isoformat(timespec="seconds")
    elif spec.valid_through is not None:
        posting["validThrough"] = spec.valid_through.isoformat()
    posting.update(_location_properties(spec))
    if spec.salary is not None:
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": spec.salary.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": spec.salary.min,
                "maxValue": spec.salary.max,
                "unitText": spec.salary.unit,
            },
        }
    education = _education_requirements(spec, names)
    if education:
        posting["educationRequirements"] = education
    qualifications = list(spec.qualifications) + _credential_lines(spec, names)
    if qualifications:
        posting["qualifications"] = qualifications
    if spec.skills:
        posting["skills"] = list(spec.skills)
    return posting


def jsonld_dumps(data: Mapping[str, Any]) -> str:
    """JSON text that cannot close or break out of the <script> element it is placed in."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def jsonld_script_tag(data: Mapping[str, Any]) -> str:
    """A complete <script type="application/ld+json"> element holding data, safe to emit unescaped."""
    return f'<script type="application/ld+json">{jsonld_dumps(data)}</script>'


def _location_properties(spec: JobSpec) -> dict[str, Any]:
    where = spec.location
    if spec.remote:
        # Google reads applicantLocationRequirements as "applicants must be able to work from here".
        area: dict[str, Any]
        if where.region:
            country = {"@type": "Country", "name": where.country}
            area = {"@type": "State", "name": where.region, "containedInPlace": country}
        else:
            area = {"@type": "Country", "name": where.country}
        return {"jobLocationType": "TELECOMMUTE", "applicantLocationRequirements": area}
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": where.city, "addressCountry": where.country}
    if where.region:
        address["addressRegion"] = where.region
    return {"jobLocation": {"@type": "Place", "address": address}}


def _education_requirements(spec: JobSpec, names: Mapping[str, str]) -> list[dict[str, Any]]:
    requirements: list[dict[str, Any]] = []
    if spec.degree is not None:
        degree = load_degrees()[spec.degree]
        requirements.append(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": degree.credential_category,
                "name": degree.name,
            }
        )
    for group in spec.required_credentials:
        requirements.append(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": PROFESSIONAL_CERTIFICATE,
                "name": " or ".join(_spelled(code, names) for code in group),
            }
        )
    return requirements


def _credential_lines(spec: JobSpec, names: Mapping[str, str]) -> list[str]:
    lines = []
    if spec.required_credentials:
        groups = "; ".join(" or ".join(_spelled(c, names) for c in group) for group in spec.required_credentials)
        lines.append(f"Required credentials: {groups}.")
    if spec.preferred_credentials:
        lines.append(f"Preferred credentials: {', '.join(_spelled(c, names) for c in spec.preferred_credentials)}.")
    return lines


def _spelled(code: str, names: Mapping[str, str]) -> str:
    name = names.get(code)
    return f"{name} ({code})" if name and name != code else code
