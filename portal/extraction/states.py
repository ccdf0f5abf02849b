"""US states named in a credential line, as two-letter codes."""

from __future__ import annotations

import re

STATE_NAMES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA", "Colorado": "CO",
    "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY",
    "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH",
    "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY", "North Carolina": "NC", "North Dakota": "ND",
    "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI",
    "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip
STATE_CODES = set(STATE_NAMES.values())
STATE_NAME_BY_CODE = {code: name for name, code in STATE_NAMES.items()}

# Longest names first so "West Virginia" is not read as "Virginia".
_NAMES = "|".join(sorted((re.escape(n) for n in STATE_NAMES), key=len, reverse=True))
_NAME_PATTERN = re.compile(rf"\b({_NAMES})\b")
# A bare two-letter code counts only where a state code is written: after ", ", "- ", "(", "| " or ": "; one followed
# by a colon is a field's label ("| ID: ACM-40912"), not a state.
_CODE_PATTERN = re.compile(r"(?:(?<=, )|(?<=- )|(?<=\()|(?<=\| )|(?<=: )|(?<=– ))([A-Z]{2})(?![\w-])(?!\s*:)")
# In a sentence, a state counts only as the name of a licensing board: "awaiting issuance by the Ohio CSWMFT Board",
# "the Ohio Counselor, Social Worker and Marriage and Family Therapist Board", "the Tennessee Board of Nursing".
_BOARD_PATTERN = re.compile(rf"\b({_NAMES})\s+(?:(?:[A-Z][\w&-]*,?|and|of|&)\s+){{0,8}}Board\b")


def states_in(text: str) -> tuple[str, ...]:
    """Return the states named in text, in order of appearance, without repeats."""
    found: list[tuple[int, str]] = []
    for match in _NAME_PATTERN.finditer(text):
        name = match.group(1)
        if name == "Washington" and re.match(r"\s*,?\s*D\.?C\.?\b", text[match.end() :]):
            found.append((match.start(), "DC"))
            continue
        found.append((match.start(), STATE_NAMES[name]))
    for match in _CODE_PATTERN.finditer(text):
        if match.group(1) in STATE_CODES:
            found.append((match.start(), match.group(1)))
    ordered: list[str] = []
    for _, code in sorted(found):
        if code not in ordered:
            ordered.append(code)
    return tuple(ordered)


def board_states_in(text: str) -> tuple[str, ...]:
    """The states named as licensing boards in a sentence ("issued by the Ohio CSWMFT Board"), in order."""
    return tuple(dict.fromkeys(STATE_NAMES[match.group(1)] for match in _BOARD_PATTERN.finditer(text)))
