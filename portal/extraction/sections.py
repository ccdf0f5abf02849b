"""Split resume text into lines tagged with the section they sit under (experience, education, credentials...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER = "header"
SUMMARY = "summary"
CREDENTIALS = "credentials"
EXPERIENCE = "experience"
EDUCATION = "education"
UNPAID = "unpaid"
OTHER = "other"

# Every word of a heading must come from this vocabulary, so a line like "Vocational Nursing Certificate" is content.
_HEADING_VOCABULARY = set(
    """
    professional work relevant employment experience experiences history career education educational academic
    background licenses license licensure licences licence licensing certifications certification certificates
    credentials credential
    registration registrations skills skill core competencies key technical summary profile objective about me
    qualifications volunteer volunteering community service services involvement field clinical rotations rotation
    placements placement practicum practica internships internship externships externship training trainings
    continuing development
    presentations publications affiliations memberships membership associations committees committee projects languages
    language contact information info awards honors honours references interests activities additional and of other
    selected leadership research teaching related highlights personal details nursing social case management healthcare
    health care & / professional certs degrees degree & accomplishments achievements travel assignments assignment
    positions position held appointments board active current state national
    """.split()
)
_CORE_WORDS = (
    "experience history employment education licens licenc certif credential registration skill summary profile "
    "objective qualification volunteer rotation placement practicum internship externship training presentation "
    "publication "
    "affiliation membership association committee project language contact award honor honour reference interest "
    "activit involvement accomplishment achievement degree competenc highlight career assignment position appointment "
    "background"
).split()
# Words that are a heading only when they stand alone ("Work" is a heading, "Social Work" is a field).
_ALONE_HEADINGS = {"work": "work history"}

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        UNPAID,
        re.compile(
            r"volunteer|community service|field (education|placement|work)|practic(um|a)|internship|externship|rotation"
            r"|placement"
        ),
    ),
    (OTHER, re.compile(r"continuing education|professional development|training|course")),
    (CREDENTIALS, re.compile(r"licens|licenc|certif|credential|registration|certs")),
    (EDUCATION, re.compile(r"education|academic|degree")),
    (
        EXPERIENCE,
        re.compile(
            r"experience|employment|work history|career(?! (?:summary|profile|objective|highlights))"
            r"|professional history|position|assignment|(?:professional|employment|work|career) background"
        ),
    ),
    (SUMMARY, re.compile(r"summary|profile|objective|about")),
)

_DECORATION = re.compile(r"^[\s=\-_*~#.•·]+$")
BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—]|\d+[.)])\s+")


@dataclass(frozen=True)
class Line:
    """One line of a resume with the kinds of the section it belongs to."""

    number: int
    text: str
    kinds: frozenset[str]
    heading: bool


def heading_kinds(line: str) -> frozenset[str] | None:
    """Return the section kinds when the line is a section heading, else None."""
    stripped = line.strip().strip(":").strip("=-_#* ").strip(":").strip()
    if not stripped or len(stripped) > 60 or any(ch.isdigit() for ch in stripped) or BULLET.match(line):
        return None
    words = re.findall(r"[A-Za-z']+|&|/", stripped)
    if not words or len(words) > 6:
        return None
    lowered = [w.lower() for w in words]
    if not all(w in _HEADING_VOCABULARY for w in lowered):
        return None
    joined = _ALONE_HEADINGS.get(" ".join(lowered), " ".join(lowered))
    if not any(core in joined for core in _CORE_WORDS):
        return None
    kinds: set[str] = set()
    for kind, pattern in _RULES:
        if pattern.search(joined):
            kinds.add(kind)
            if kind in (UNPAID, OTHER):
                break
    return frozenset(kinds or {OTHER})


def split_lines(text: str) -> list[Line]:
    """Tag every line with its section; lines before the first heading belong to the header."""
    lines: list[Line] = []
    kinds: frozenset[str] = frozenset({HEADER})
    for number, raw in enumerate(text.splitlines()):
        line = raw.rstrip()
        if _DECORATION.match(line):
            line = ""
        found = heading_kinds(line) if line else None
        if found is not None:
            kinds = found
        lines.append(Line(number, line, kinds, found is not None))
    return lines
