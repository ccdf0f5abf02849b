"""Months of paid experience from the dated work history."""

from __future__ import annotations

import re
from datetime import date

from portal.extraction.dates import MonthRange, find_ranges, months_in_union
from portal.extraction.sections import BULLET, CREDENTIALS, EDUCATION, EXPERIENCE, HEADER, OTHER, SUMMARY, UNPAID, Line

_UNPAID = re.compile(
    r"\b(volunteer\w*|unpaid|practicum|practica|interns?|internships?|externs?|externships?|field placements?|"
    r"field education|clinical rotations?|student placements?|student nurse|nursing student|pro bono)\b",
    re.IGNORECASE,
)


def _title_context(lines: list[Line], index: int) -> str:
    """The date line plus the heading-like line above it (the job title), where unpaid roles say so."""
    context = [lines[index].text]
    for previous in reversed(lines[max(0, index - 2) : index]):
        if previous.heading or not previous.text.strip():
            break
        if BULLET.match(previous.text) or find_ranges(previous.text, date.max):
            break  # a bullet or another dated line belongs to a different position
        context.append(previous.text)
    return " ".join(context)


def experience_months(lines: list[Line], as_of: date) -> int | None:
    """Months in the union of dated paid positions, or None when the resume has no dated work history."""
    has_experience_section = any(EXPERIENCE in line.kinds and UNPAID not in line.kinds for line in lines)
    ranges: list[MonthRange] = []
    for index, line in enumerate(lines):
        if line.heading:
            continue
        if has_experience_section:
            if EXPERIENCE not in line.kinds or UNPAID in line.kinds:
                continue
        elif line.kinds & {EDUCATION, CREDENTIALS, UNPAID, OTHER, SUMMARY} and HEADER not in line.kinds:
            continue
        found = find_ranges(line.text, as_of)
        if not found:
            continue
        if _UNPAID.search(_title_context(lines, index)):
            continue
        ranges.extend(found)
    if not ranges:
        return None
    return months_in_union(ranges)
