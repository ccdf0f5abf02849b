"""The eligibility answers a recruiter or candidate relies on, rule by rule."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.errors import InvalidInput
from portal.paths import ALREADY_HELD, PathProfile, PathResult, add_months, check_paths, load_rules

AS_OF = date(2026, 3, 15)


def check(
    code: str,
    *,
    degrees: tuple[str, ...] = (),
    credentials: tuple[str, ...] = (),
    months: int = 0,
    ccm: bool = False,
    supervisor: int = 0,
) -> PathResult:
    profile = PathProfile(frozenset(degrees), frozenset(credentials), months, ccm, supervisor)
    [result] = check_paths(profile, as_of=AS_OF, codes=[code])
    return result


def exam_steps(result: PathResult) -> list[str]:
    return [item for item in result.missing if item.startswith("pass the ")]


def gaps(result: PathResult) -> list[str]:
    """What is missing besides the licensing exam (which stays listed while the person is eligible to sit it)."""
    return [item for item in result.missing if not item.startswith("pass the ")]


# --- eligible now -------------------------------------------------------------------------------------------------

ELIGIBLE = [
    ("CCM", dict(credentials=("RN",), months=12, ccm=True)),
    ("CCM", dict(credentials=("LCSW",), months=24)),
    ("CCM", dict(credentials=("LICSW",), supervisor=12)),
    ("CCM", dict(credentials=("LISW",), months=30)),
    ("CCM", dict(degrees=("BSN",), months=24)),
    ("CCM", dict(degrees=("MSN",), months=12, ccm=True)),
    ("CCM", dict(degrees=("DNP",), months=24)),
    ("CCM", dict(degrees=("BSW",), months=24)),
    ("CCM", dict(degrees=("MSW",), supervisor=13)),
    ("CCM", dict(credentials=("CRC",), months=24)),
    ("CCM", dict(credentials=("CDMS",), months=12, ccm=True)),
    ("ACM", dict(credentials=("RN",), months=12)),
    ("ACM", dict(credentials=("LSW",), months=12)),
    ("ACM", dict(credentials=("LMSW",), months=20)),
    ("ACM", dict(credentials=("LCSW",), months=12)),
    ("ACM", dict(credentials=("LICSW",), months=12)),
    ("ACM", dict(credentials=("LISW",), months=12)),
    ("C-SWCM", dict(degrees=("BSW",), credentials=("LSW",), months=36)),
    ("C-ASWCM", dict(degrees=("MSW",), credentials=("LMSW",), months=24)),
    ("C-ASWCM", dict(degrees=("MSW",), credentials=("LCSW",), months=24)),
    ("C-ASWCM", dict(degrees=("MSW",), credentials=("LICSW",), months=30)),
    ("C-ASWCM", dict(degrees=("MSW",), credentials=("LISW",), months=24)),
    ("CMAC", dict(credentials=("ACM",), months=24)),
    ("CMAC", dict(degrees=("MSW",), months=36)),
    ("CMAC", dict(degrees=("MSN",), months=40)),
    ("CMAC", dict(degrees=("MA",), months=36)),
    ("RN", dict(degrees=("BSN",))),
    ("RN", dict(degrees=("ADN",))),
    ("LPN", dict(degrees=("ADN",))),
    ("LSW", dict(degrees=("BSW",))),
    ("LSW", dict(degrees=("MSW",))),
    ("LCSW", dict(degrees=("MSW",), months=24)),
    ("LICSW", dict(degrees=("MSW",), months=24)),
    ("LISW", dict(degrees=("MSW",), months=26)),
]


@pytest.mark.parametrize(("code", "person"), ELIGIBLE)
def test_eligible_now(code: str, person: dict) -> None:
    result = check(code, **person)
    assert result.eligible is True
    assert gaps(result) == []
    assert result.earliest == AS_OF


@pytest.mark.parametrize("code", ["CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC"])
def test_certification_eligible_has_nothing_missing(code: str) -> None:
    person = dict(ELIGIBLE[[c for c, _ in ELIGIBLE].index(code)][1])
    assert check(code, **person).missing == ()


@pytest.mark.parametrize(
    ("code", "degree", "exam"),
    [
        ("RN", "BSN", "NCLEX-RN"),
        ("LPN", "ADN", "NCLEX-PN"),
        ("LSW", "BSW", "ASWB Bachelors"),
        ("LCSW", "MSW", "ASWB Clinical"),
        ("LICSW", "MSW", "ASWB Clinical"),
        ("LISW", "MSW", "ASWB Advanced Generalist or Clinical"),
    ],
)
def test_license_exam_stays_listed_as_the_remaining_step(code: str, degree: str, exam: str) -> None:
    result = check(code, degrees=(degree,), months=24)
    assert result.eligible is True
    [step] = exam_steps(result)
    assert exam in step


def test_lsw_with_only_an_msw_is_eligible_but_says_it_is_the_ohio_route() -> None:
    result = check("LSW", degrees=("MSW",))
    assert result.eligible
    assert any("Ohio" in note for note in result.notes)


def test_c_aswcm_notes_the_continuing_education_it_cannot_check() -> None:
    result = check("C-ASWCM", degrees=("MSW",), credentials=("LCSW",), months=24)
    assert any("20 contact hours" in note for note in result.notes)


def test_cmac_names_the_track_applied() -> None:
    assert "track 1" in check("CMAC", credentials=("ACM",), months=24).rule
    assert "track 2" in check("CMAC", degrees=("MSW",), months=36).rule


# --- not eligible: each way of missing a rule ---------------------------------------------------------------------

NOT_ELIGIBLE = [
    # (code, person, words expected in missing, earliest offset in months or None)
    ("CCM", dict(credentials=("LPN",), months=24), ["independent practice", "LPN"], None),
    ("CCM", dict(credentials=("LSW",), months=24), ["independent practice", "LSW"], None),
    ("CCM", dict(degrees=("BA",), months=24), ["health or human services", "BA"], None),
    ("CCM", dict(degrees=("MS", "PhD"), months=24), ["MS and PhD", "health or human services"], None),
    ("CCM", dict(credentials=("RN",), months=12), ["employment", "12 more months"], 12),
    ("CCM", dict(credentials=("RN",), months=6, ccm=True), ["employment", "6 more months"], 6),
    ("CCM", dict(credentials=("RN",), supervisor=8), ["employment", "4 more months"], 4),
    ("CCM", dict(months=30), ["education"], None),
    ("ACM", dict(credentials=("LPN",), months=12), ["RN or social-work license", "LPN"], None),
    ("ACM", dict(degrees=("BSW", "BSN"), months=24), ["RN or social-work license"], None),
    ("ACM", dict(credentials=("RN",), months=11), ["12 months", "1 more month needed"], 1),
    ("ACM", dict(credentials=("CCM",), months=40), ["RN or social-work license"], None),
    ("C-SWCM", dict(degrees=("BSW",), months=36), ["LSW", "ASWB Bachelors"], None),
    ("C-SWCM", dict(degrees=("MSW",), credentials=("LSW",), months=36), ["BSW", "C-ASWCM"], None),
    ("C-SWCM", dict(degrees=("BSW",), credentials=("LSW",), months=30), ["36 months", "6 more months"], 6),
    ("C-SWCM", dict(degrees=("BSW",), credentials=("LCSW",), months=36), ["LSW"], None),
    ("C-ASWCM", dict(degrees=("MSW",), months=24), ["MSW-level license", "ASWB Masters"], None),
    ("C-ASWCM", dict(degrees=("MSW",), credentials=("LSW",), months=24), ["bachelor-level", "LSW"], None),
    ("C-ASWCM", dict(degrees=("MSW",), credentials=("LCSW",), months=20), ["24 months", "4 more months"], 4),
    ("C-ASWCM", dict(degrees=("BSW",), credentials=("LCSW",), months=24), ["an MSW"], None),
    ("CMAC", dict(credentials=("ACM",), months=20), ["24 months", "4 more months"], 4),
    ("CMAC", dict(degrees=("MSN",), months=30), ["36 months", "6 more months"], 6),
    ("CMAC", dict(degrees=("BSW",), months=36), ["ACM"], None),
    ("CMAC", dict(degrees=("PhD",), months=36), ["ACM"], None),
    ("RN", dict(degrees=("MSN",)), ["BSN or ADN", "MSN", "NCLEX-RN"], None),
    ("RN", dict(degrees=("BSW",), credentials=("LPN",)), ["BSN or ADN", "NCLEX-RN"], None),
    ("LPN", dict(degrees=("BSW",)), ["practical nursing", "NCLEX-PN"], None),
    ("LSW", dict(degrees=("BA",)), ["BSW", "ASWB Bachelors"], None),
    ("LCSW", dict(degrees=("MSW",), months=10), ["24 months", "14 more months", "ASWB Clinical"], 14),
    ("LCSW", dict(degrees=("BSW",), months=24), ["an MSW"], None),
    ("LICSW", dict(degrees=("MSW",), months=23), ["24 months", "1 more month needed"], 1),
    ("LICSW", dict(credentials=("LCSW",), months=30), ["an MSW"], None),
    ("LISW", dict(degrees=("MSW",)), ["3,000 to 4,000 hours", "24 more months"], 24),
    ("LISW", dict(degrees=("BA",), months=30), ["an MSW"], None),
]


@pytest.mark.parametrize(("code", "person", "words", "offset"), NOT_ELIGIBLE)
def test_not_eligible_says_what_is_missing_and_when(
    code: str, person: dict, words: list[str], offset: int | None
) -> None:
    result = check(code, **person)
    assert result.eligible is False
    text = " | ".join(result.missing)
    for word in words:
        assert word in text
    assert result.earliest == (None if offset is None else add_months(AS_OF, offset))


def test_ccm_takes_the_quickest_employment_route() -> None:
    # 20 unsupervised months: 4 to the 24-month route beats 6 to the supervisor route.
    assert check("CCM", credentials=("RN",), months=20, supervisor=6).earliest == add_months(AS_OF, 4)
    # CCM supervision makes 12 months enough.
    assert check("CCM", credentials=("RN",), months=10, ccm=True).earliest == add_months(AS_OF, 2)


def test_months_supervising_do_not_count_as_months_of_case_management() -> None:
    assert check("ACM", credentials=("RN",), supervisor=24).eligible is False


def test_cmac_reports_the_track_reachable_soonest() -> None:
    result = check("CMAC", degrees=("MSN",), credentials=("ACM",), months=20)
    assert "track 1" in result.rule
    assert result.earliest == add_months(AS_OF, 4)


def test_cmac_names_the_other_track_and_what_it_lacks() -> None:
    result = check("CMAC", degrees=("PhD",), months=36)
    [other] = [note for note in result.notes if note.startswith("Other route: CMAC track 2")]
    assert "master's" in other and "PhD" in other


def test_missing_degree_and_months_gives_no_date_but_notes_the_experience_date() -> None:
    result = check("LCSW", degrees=("BSW",), months=12)
    assert result.earliest is None
    assert any(add_months(AS_OF, 12).isoformat() in note for note in result.notes)


# --- already held and aliases ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "code"),
    [
        ("CCM", "CCM"),
        ("acm-rn", "ACM"),
        ("ACM-SW", "ACM"),
        ("LVN", "LPN"),
        ("lcsw-c", "LCSW"),
        ("LCSW-R", "LCSW"),
        ("LISW-S", "LISW"),
        ("LISW-CP", "LISW"),
        ("lisw-ap", "LISW"),
        ("RN", "RN"),
        ("c-swcm", "C-SWCM"),
    ],
)
def test_held_credential_is_eligible_with_nothing_missing(held: str, code: str) -> None:
    result = check(code, credentials=(held,))
    assert (result.eligible, result.missing, result.notes) == (True, (), (ALREADY_HELD,))


def test_aliases_count_as_the_credential_they_name() -> None:
    assert check("C-ASWCM", degrees=("msw",), credentials=("LGSW",), months=24).eligible
    assert check("CMAC", credentials=("ACM-RN",), months=24).eligible
    assert check("CCM", credentials=("lcsw-c",), months=24).eligible
    assert check("ACM", credentials=("LISW-CP",), months=12).eligible


def test_codes_are_case_insensitive() -> None:
    assert check("rn", degrees=("bsn",)).code == "RN"
    assert check("CCM", degrees=("phd", "msw"), months=24).eligible


# --- every answer carries its rule -----------------------------------------------------------------------------------


def test_all_paths_are_answered_in_file_order_with_rule_source_and_date() -> None:
    results = check_paths(PathProfile(), as_of=AS_OF)
    assert [r.code for r in results] == ["CCM", "ACM", "C-SWCM", "C-ASWCM", "CMAC"] + [
        "RN",
        "LPN",
        "LSW",
        "LCSW",
        "LICSW",
        "LISW",
    ]
    for result in results:
        assert result.rule and result.name
        assert result.source.startswith(("http://", "https://"))
        assert isinstance(result.as_of, date)


def test_codes_restrict_and_keep_the_order_asked() -> None:
    results = check_paths(PathProfile(), as_of=AS_OF, codes=["lisw", "ACM-RN", "CCM", "acm"])
    assert [r.code for r in results] == ["LISW", "ACM", "CCM"]


# --- bad input --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "field", "named"),
    [
        (PathProfile(degrees=frozenset({"BSN", "MBA", "xyz"})), "degrees", ["MBA", "xyz"]),
        (PathProfile(credentials=frozenset({"RN", "CCRN"})), "credentials", ["CCRN"]),
        (PathProfile(degrees=frozenset({"RN"})), "degrees", ["RN"]),
        (PathProfile(months=-1), "months", ["negative"]),
        (PathProfile(supervisor_months=-3), "supervisor_months", ["negative"]),
    ],
)
def test_bad_profile_is_refused_with_a_message_naming_it(profile: PathProfile, field: str, named: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_paths(profile, as_of=AS_OF)
    assert caught.value.field == field
    for word in named:
        assert word in str(caught.value)


def test_months_must_be_a_whole_number() -> None:
    with pytest.raises(InvalidInput):
        check_paths(PathProfile(months=1.5), as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        check_paths(PathProfile(months=True), as_of=AS_OF)


@pytest.mark.parametrize("code", ["LMSW", "CCRN", "XYZ"])
def test_unknown_path_code_is_refused(code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_paths(PathProfile(), as_of=AS_OF, codes=[code])
    assert caught.value.field == "codes"
    assert code in str(caught.value)


# --- dates and monotonicity ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
        (date(2026, 10, 5), 14, date(2027, 12, 5)),
    ],
)
def test_add_months_keeps_a_real_calendar_date(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_earliest_counts_from_the_as_of_date() -> None:
    profile = PathProfile(credentials=frozenset({"RN"}), months=11)
    [result] = check_paths(profile, as_of=date(2026, 1, 31), codes=["ACM"])
    assert result.earliest == date(2026, 2, 28)


RULES = load_rules()
DEGREES = sorted(RULES.degrees)
CREDENTIALS = sorted(RULES.credentials)


@given(
    degrees=st.frozensets(st.sampled_from(DEGREES)),
    credentials=st.frozensets(st.sampled_from(CREDENTIALS)),
    months=st.integers(0, 60),
    extra=st.integers(1, 24),
    ccm=st.booleans(),
    supervisor=st.integers(0, 30),
)
def test_more_experience_never_takes_eligibility_away(
    degrees: frozenset[str], credentials: frozenset[str], months: int, extra: int, ccm: bool, supervisor: int
) -> None:
    before = check_paths(PathProfile(degrees, credentials, months, ccm, supervisor), as_of=AS_OF)
    after = check_paths(PathProfile(degrees, credentials, months + extra, ccm, supervisor), as_of=AS_OF)
    for old, new in zip(before, after, strict=True):
        assert new.eligible or not old.eligible
        if old.earliest is not None and not old.eligible:
            # Waiting is the only gap, so more months bring the date closer (or make the person eligible now).
            assert new.earliest is not None and new.earliest <= old.earliest
        assert old.eligible == (old.earliest == AS_OF)
