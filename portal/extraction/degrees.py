"""Completed degrees from the education section: code, field, institution and year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from portal.catalog import Catalog
from portal.extraction.dates import DATE, parse_single_date
from portal.extraction.model import DegreeMention
from portal.extraction.sections import BULLET, EDUCATION, Line

# Two-letter degree abbreviations are also state codes and words ("MA", "MS", "BA"): count them only where a degree
# is written, at the start of an education line or in the list after a name.
_AMBIGUOUS = {"BA", "BS", "MA", "MS", "BSc", "MSc", "B.A.", "B.S.", "M.A.", "M.S.", "B.Sc.", "M.Sc.", "AB"}
_NOT_COMPLETED = re.compile(
    r"\b(expected|anticipated|in progress|pursuing|candidate|currently enrolled|enrolled|ongoing|to be completed|"
    r"coursework toward|incomplete|in process)\b",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"\b(university|college|institute|school|academy|polytechnic|universidad|université|CC|community)\b", re.I
)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class _DegreeMatcher:
    regex: re.Pattern[str]
    codes: dict[str, str]
    ambiguous: frozenset[str]


@lru_cache(maxsize=4)
def _matcher(catalog: Catalog) -> _DegreeMatcher:
    alternatives: list[tuple[int, str, str, bool]] = []
    for entry in catalog.entries:
        if entry.kind != "degree":
            continue
        for alias in {entry.code, *entry.aliases}:
            pattern = r"(?<![A-Za-z0-9@/#.\-])" + re.escape(alias) + r"(?![A-Za-z0-9@]|-[A-Za-z]|\.[A-Za-z])"
            alternatives.append((len(alias), pattern, entry.code, alias in _AMBIGUOUS))
        for title in entry.titles:
            words = [re.escape(w) for w in re.split(r"[\s\-]+", title)]
            pattern = r"(?<![A-Za-z])(?i:" + r"[\s\-]+".join(words) + r")(?![A-Za-z])"
            alternatives.append((len(title), pattern, entry.code, False))
    alternatives.sort(key=lambda item: -item[0])
    parts, codes, ambiguous = [], {}, set()
    for index, (_, pattern, code, is_ambiguous) in enumerate(alternatives):
        parts.append(f"(?P<d{index}>{pattern})")
        codes[f"d{index}"] = code
        if is_ambiguous:
            ambiguous.add(f"d{index}")
    return _DegreeMatcher(re.compile("|".join(parts)), codes, frozenset(ambiguous))


_SEPARATOR_BEFORE = re.compile(r"(?:[,|;]|\s[-–—])\s*$")
_STATE_LIKE = {"MA", "MS"}


def _after_separator(text: str, match: re.Match[str]) -> bool:
    """ "Clark University — B.A. in Psychology", "College Park, BA (2014)": a degree after a separator.

    "MA" and "MS" there are far more often states ("Boston, MA"), so they count only before "in <field>".
    """
    if not _SEPARATOR_BEFORE.search(text[: match.start()]):
        return False
    if match.group(0) in _STATE_LIKE:
        return bool(re.match(r"\s+in\s+[A-Z]", text[match.end() :]))
    return True


def _field(after: str) -> str | None:
    """The field of study written after the degree: "in Psychology", ", Health Informatics", "(Hons) Adult Nursing"."""
    text = re.sub(r"^\s*\((?:hons?|honours|honors)\.?\)", "", after, flags=re.IGNORECASE)
    text = re.sub(r"^\s*\([^)]*\)", "", text)
    match = re.match(r"\s*(?:,|in\b|of\b|[-–—:]|\s)\s*([A-Za-z][A-Za-z&/' ,\-]*)", text)
    if not match:
        return None
    field = re.split(r"\s*(?:[|,;(]|\s[-–—]\s)", match.group(1))[0]
    field = field.strip(" ,-")
    if not field or _INSTITUTION.search(field) or _NOT_COMPLETED.search(field):
        return None
    return field


def _refine(code: str, field: str | None, catalog: Catalog) -> str:
    if not field:
        return code
    lowered = field.casefold()
    for rule in catalog.degree_field_rules:
        if code in rule.degrees and rule.field_contains in lowered:
            return rule.code
    return code


def _institution(texts: list[str]) -> str | None:
    for text in texts:
        for part in re.split(r"\s*[|,;]\s*|\s[-–—]\s", text):
            if _INSTITUTION.search(part):
                cleaned = _YEAR.sub("", part).strip(" ,|-–—")
                return cleaned or None
    return None


def _is_completed(texts: list[str], as_of: date) -> bool:
    joined = " ".join(texts)
    if _NOT_COMPLETED.search(joined):
        return False
    for match in DATE.finditer(joined):
        when = parse_single_date(match.group(0), end_of_period=False)
        if when is not None and when > as_of:
            return False
    return True


def _degree_lines(lines: list[Line]) -> list[int]:
    education = [i for i, line in enumerate(lines) if EDUCATION in line.kinds and not line.heading]
    return education


def find_degrees(lines: list[Line], catalog: Catalog, as_of: date, name_line: int | None = None) -> list[DegreeMention]:
    """Completed degrees from education lines (and the credentials after the name), one per code."""
    matcher = _matcher(catalog)
    candidates = _degree_lines(lines)
    if name_line is not None:
        candidates = sorted({*candidates, name_line})
    found: dict[str, DegreeMention] = {}
    for index in candidates:
        raw = lines[index].text
        text = BULLET.sub("", raw, count=1)
        for match in matcher.regex.finditer(text):
            group = match.lastgroup
            assert group is not None
            at_start = not text[: match.start()].strip()
            in_name_list = index == name_line and "," in text[: match.start()]
            if group in matcher.ambiguous and not (at_start or in_name_list or _after_separator(text, match)):
                continue
            if index == name_line and not in_name_list:
                continue
            window = [text]
            for following in lines[index + 1 : index + 3]:
                # The lines below belong to this degree only until its year is known (institution | year).
                if _YEAR.search(" ".join(window)) or not following.text.strip() or following.heading:
                    break
                if BULLET.match(following.text) or matcher.regex.search(following.text):
                    break
                window.append(following.text)
            if not _is_completed(window[:1] + window[1:], as_of):
                continue
            field = None if in_name_list else _field(text[match.end() :])
            code = _refine(matcher.codes[group], field, catalog)
            years = [int(y) for w in window for y in _YEAR.findall(w)]
            mention = DegreeMention(
                code=code,
                field=field,
                institution=None if in_name_list else _institution(window),
                year=years[-1] if years else None,
            )
            if code not in found or (found[code].institution is None and mention.institution):
                found[code] = mention
    return list(found.values())
