"""Dates as resumes write them ("Jan 2019", "01/2019", "2019-01", "January 2019", "2019", "Present") and ranges."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
# Seasons read as the month they usually start a term or a job in; "Winter 2019" is taken as December 2019.
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter)"
)


def _date_pattern(prefix: str, *, short: bool = False) -> str:
    """A date; ``short`` also admits "06/19" (month/two-digit year), which only a range makes unambiguous."""
    p = prefix
    month_slash_yy = rf"|(?P<{p}mn5>0?[1-9]|1[0-2])/(?P<{p}yy5>\d{{2}})(?![\d/])" if short else ""
    return (
        rf"(?:(?P<{p}mw>{_MONTH_WORD})\.?,?\s+(?:[0-3]?\d(?:st|nd|rd|th)?,?\s+)?(?P<{p}y1>(?:19|20)\d{{2}})"
        # "Jan '19", "March ’21": an apostrophe marks a two-digit year.
        rf"|(?P<{p}mw6>{_MONTH_WORD})\.?,?\s*['’‘](?P<{p}yy6>\d{{2}})(?!\d)"
        rf"|(?P<{p}mn>0?[1-9]|1[0-2])[/.](?:[0-3]?\d/)?(?P<{p}y2>(?:19|20)\d{{2}})"
        rf"|(?P<{p}y3>(?:19|20)\d{{2}})[-/.](?P<{p}m3>0[1-9]|1[0-2])(?![\d])"
        rf"|(?P<{p}y4>(?:19|20)\d{{2}}){month_slash_yy})"
    )


def _full_year(two_digits: str) -> int:
    """Python's own %y rule: 69-99 are 1969-1999, 00-68 are 2000-2068."""
    value = int(two_digits)
    return 1900 + value if value >= 69 else 2000 + value


DATE = re.compile(r"(?<![\w/])" + _date_pattern("") + r"(?![\w/])", re.IGNORECASE)
_OPEN_END = r"(?P<open>present|current|currently|now|today|date|ongoing)"
RANGE = re.compile(
    r"(?<![\w/])"
    + _date_pattern("s_", short=True)
    + r"\s*(?:[-–—‒―]+|to|until|through|thru)\s*(?:"
    + _date_pattern("e_", short=True)
    + "|"
    + _OPEN_END
    + r")(?![\w/])",
    re.IGNORECASE,
)


# "Case Manager since March 2020": a position that has not ended. ("Mar 2021 –" alone is not read as open: a PDF
# often wraps the end date onto the next line.)
_OPEN_START = re.compile(
    r"\bsince\s+(?<![\w/])" + _date_pattern("") + r"(?![\w/])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MonthRange:
    """A span of months, as (year, month) pairs; the end is the month the position ended (or as_of)."""

    start: tuple[int, int]
    end: tuple[int, int]


def _month_of(match: re.Match[str], prefix: str) -> tuple[int, int] | None:
    g = match.groupdict()
    if g.get(f"{prefix}mw"):
        word = g[f"{prefix}mw"].lower()
        return int(g[f"{prefix}y1"]), _SEASONS.get(word) or _MONTHS[word[:3]]
    if g.get(f"{prefix}mn"):
        return int(g[f"{prefix}y2"]), int(g[f"{prefix}mn"])
    if g.get(f"{prefix}y3"):
        return int(g[f"{prefix}y3"]), int(g[f"{prefix}m3"])
    if g.get(f"{prefix}y4"):
        return int(g[f"{prefix}y4"]), 1  # a year alone is read as January of that year
    if g.get(f"{prefix}mw6"):
        word = g[f"{prefix}mw6"].lower()
        return _full_year(g[f"{prefix}yy6"]), _SEASONS.get(word) or _MONTHS[word[:3]]
    if g.get(f"{prefix}mn5"):
        return _full_year(g[f"{prefix}yy5"]), int(g[f"{prefix}mn5"])
    return None


def find_ranges(line: str, as_of: date) -> list[MonthRange]:
    """Return the date ranges in a line; open ends ("Present") become as_of's month, and later ends are clamped."""
    ranges: list[MonthRange] = []
    now = (as_of.year, as_of.month)
    for match in _OPEN_START.finditer(line):
        start = _month_of(match, "")
        if start is not None and start <= now:
            ranges.append(MonthRange(start, now))
    for match in RANGE.finditer(line):
        start = _month_of(match, "s_")
        end = now if match.group("open") else _month_of(match, "e_")
        if start is None or end is None:
            continue
        end = min(end, now)
        if start <= end:
            ranges.append(MonthRange(start, end))
    return ranges


def months_in_union(ranges: list[MonthRange]) -> int:
    """Months covered by the union of ranges, each counted as (end_year*12+end_month)-(start_year*12+start_month)."""
    spans = sorted((s[0] * 12 + s[1], e[0] * 12 + e[1]) for s, e in ((r.start, r.end) for r in ranges))
    total = 0
    current_start: int | None = None
    current_end = 0
    for start, end in spans:
        if current_start is None or start > current_end:
            if current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None:
        total += current_end - current_start
    return total


def parse_single_date(text: str, *, end_of_period: bool) -> date | None:
    """Parse the first date in text; with end_of_period a month means its last day and a year means 31 December."""
    match = DATE.search(text)
    if match is None:
        return None
    g = match.groupdict()
    year_month = _month_of(match, "")
    if year_month is None:
        return None
    year, month = year_month
    if g.get("y4"):
        return date(year, 12, 31) if end_of_period else date(year, 1, 1)
    full = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", match.group(0))
    if full:
        day = min(int(full.group(2)), calendar.monthrange(year, month)[1])
        return date(year, month, day)
    return date(year, month, calendar.monthrange(year, month)[1] if end_of_period else 1)
