"""Property tests: parse_resume answers any text without raising, gives the same answer twice, and stays sane."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.catalog import load_catalog
from portal.extraction import STATUSES, ParsedResume, parse_resume

CATALOG = load_catalog()
AS_OF = date(2025, 6, 1)
FUZZ = settings(max_examples=150, deadline=None)

# Pieces of real resumes, so the generator reaches the credential, date and degree rules and not only noise.
FRAGMENTS = [
    "RN",
    "LPN",
    "LCSW",
    "LICSW",
    "LSW",
    "LISW",
    "CCM",
    "ACM",
    "C-SWCM",
    "C-ASWCM",
    "Registered Nurse",
    "Licensed Clinical Social Worker",
    "Certified Case Manager",
    "expires",
    "expired",
    "exp.",
    "in progress",
    "candidate",
    "eligible",
    "pending",
    "lapsed",
    "License No.",
    "#",
    "12345",
    "06/2027",
    "12/31/2019",
    "2031",
    "January 2015 - Present",
    "Mar 2010 – Dec 2012",
    "present",
    "current",
    "BSN",
    "MSW",
    "Master of Social Work",
    "Bachelor of Science in Nursing",
    "2012",
    "New York",
    "NY",
    "CA",
    "Ohio",
    "(555) 123-4567",
    "a@b.org",
    "EDUCATION",
    "LICENSES",
    "EXPERIENCE",
    "CERTIFICATIONS",
    "|",
    ",",
    ":",
    "(",
    ")",
    "-",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\u2022",
    "\u00a0",
    "\ufeff",
    "\x00",
    "Jane Doe",
]
resume_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=80).map(" ".join)
any_text = st.text(max_size=3000) | resume_like


def check_sane(parsed: ParsedResume) -> None:
    """What a service relies on when it stores a parse."""
    assert isinstance(parsed, ParsedResume)
    for mention in parsed.credentials:
        assert mention.status in STATUSES and mention.code
        assert all(len(state) == 2 for state in mention.states)
    for degree in parsed.degrees:
        assert degree.code and (degree.year is None or 1900 <= degree.year <= AS_OF.year + 10)
    months = parsed.experience_months
    assert months is None or 0 <= months <= 12 * 80
    parsed.held_codes()  # collapsing the statuses must not fail either


@FUZZ
@given(any_text)
def test_any_text_is_parsed_without_an_exception_into_sane_values(text: str) -> None:
    check_sane(parse_resume(text, AS_OF, CATALOG))


@FUZZ
@given(any_text)
def test_the_same_text_always_gives_the_same_answer(text: str) -> None:
    assert parse_resume(text, AS_OF, CATALOG) == parse_resume(text, AS_OF, CATALOG)


@settings(max_examples=80, deadline=None)
@given(resume_like, st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_any_as_of_date_is_accepted(text: str, as_of: date) -> None:
    parsed = parse_resume(text, as_of, CATALOG)
    assert all(m.status in STATUSES for m in parsed.credentials)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(FRAGMENTS[:10]), st.integers(min_value=1, max_value=400))
def test_long_repetitive_text_is_still_parsed_quickly(fragment: str, repeat: int) -> None:
    check_sane(parse_resume((fragment + " expires 06/2027\n") * repeat, AS_OF, CATALOG))
