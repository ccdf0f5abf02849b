"""The candidate's name, e-mail address and phone number."""

from __future__ import annotations

import re

from portal.extraction.credentials import EMAIL
from portal.extraction.sections import HEADER, Line

_PHONE = re.compile(
    r"(?<![\w#])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?!\d)"
    r"|(?<![\w#])\+\d{1,3}(?:[\s.\-]\d{2,5}){2,4}(?!\d)"
)
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z][a-z]{1,2}[A-Z][a-z]+|[A-Z]\.?|[A-Z]['’][A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)$"
)
_PARTICLES = {"de", "del", "van", "von", "der", "da", "di", "la", "le", "bin", "al"}
# Words that make a capitalised line a heading, a skill or a place rather than a person's name.
_NOT_NAME_WORDS = set(
    """
    resume curriculum vitae cv contact profile summary experience education skills licenses certifications case manager
    management nurse nursing social work worker care health clinical coordinator services hospital center university
    college street avenue road suite epic cerner clarity medical behavioral community professional senior registered
    licensed certified director analyst specialist therapist counselor technician assistant officer supervisor program
    the and of for in at with english spanish french languages references available upon request page volunteer line
    crisis intern student team unit project
    """.split()
)


def find_email(text: str) -> str | None:
    """Return the first e-mail address in the text."""
    match = EMAIL.search(text)
    return match.group(0).rstrip(".") if match else None


def find_phone(text: str) -> str | None:
    """Return the first phone number in the text, as written."""
    match = _PHONE.search(text)
    return match.group(0).strip() if match else None


_TRAILING_CREDENTIALS = re.compile(r"(?:\s+[A-Z][A-Z.\-]{1,8}[A-Z.]?)+$")


def _name_from_line(text: str) -> str | None:
    candidate = re.split(r"\s*[,|–—•]\s*|\s+-\s+", text.strip())[0].strip()
    # "Lisa Tran RN BSN": credentials written after the name without commas.
    candidate = _TRAILING_CREDENTIALS.sub("", candidate) if not candidate.isupper() else candidate
    if candidate.isupper() and len(candidate) > 3:
        candidate = candidate.title()  # "MARIA L. GONZALEZ" -> "Maria L. Gonzalez"
    candidate = re.sub(r",?\s+(?:Jr\.?|Sr\.?|II|III|IV)$", "", candidate)
    words = candidate.split()
    if not 2 <= len(words) <= 4:
        return None
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or word.lower().strip(".") in _NOT_NAME_WORDS:
            return None
    return candidate


def find_name(lines: list[Line], email: str | None) -> tuple[str | None, int | None]:
    """Return the candidate's name and its line: a name-shaped line, preferring the top and words from the e-mail."""
    local = re.sub(r"[^a-z]", "", email.split("@")[0].lower()) if email else ""
    best: tuple[int, int] | None = None
    best_name: str | None = None
    for position, line in enumerate(lines):
        if line.heading or not line.text.strip():
            continue
        name = _name_from_line(line.text)
        if name is None:
            continue
        score = 0
        parts = [re.sub(r"[^a-z]", "", w.lower()) for w in name.split()]
        if local and any(len(p) >= 3 and p in local for p in parts):
            score += 4
        if HEADER in line.kinds:
            score += 3
        if position < 3:
            score += 1
        rank = (score, -position)
        if best is None or rank > best:
            best, best_name = rank, name
    if best is None:
        return None, None
    line_number = -best[1]
    return best_name, line_number
