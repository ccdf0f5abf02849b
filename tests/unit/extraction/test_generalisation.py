"""Styles the development corpus does not use, each with the general rule that reads it (issue 3)."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extraction import parse_resume
from portal.extraction.dates import parse_single_date

AS_OF = date(2026, 11, 1)


def _months(heading: str, history: str) -> int | None:
    text = f"Pat Doe\n\n{heading}\n{history}\n\nEDUCATION\nBSN, Ohio University, 2010\n"
    return parse_resume(text, AS_OF).experience_months


@pytest.mark.parametrize(
    ("history", "months"),
    [
        ("Care Manager (Summer 2019 - Present)", 89),
        ("Case Manager, Fall 2018 – present", 98),
        ("ICU Nurse, 2012 – Fall 2018", 80),
        ("Aide, Spring 2020 - Winter 2020", 9),
        ("Aide, Autumn 2020 to Spring 2021", 6),
    ],
)
def test_seasons_are_read_as_the_month_a_term_starts(history: str, months: int) -> None:
    assert _months("EXPERIENCE", history) == months


def test_a_season_as_an_expiry_date_runs_to_the_end_of_its_month() -> None:
    assert parse_single_date("Summer 2027", end_of_period=True) == date(2027, 6, 30)


@pytest.mark.parametrize("heading", ["Career", "Work", "Travel Assignments & Employment", "Positions Held"])
def test_more_work_history_headings_start_an_experience_section(heading: str) -> None:
    text = f"Pat Doe\n\nCredentials\n- RN, Ohio\n\n{heading}\nStaff Nurse, Mercy Health, 2019 - 2021\n"
    assert parse_resume(text, AS_OF).experience_months == 24


def test_a_career_summary_is_not_work_history() -> None:
    text = "Pat Doe\n\nCareer Summary\nNurse since 2001 - 2026 in review\n\nExperience\nNurse, Mercy, 2019 - 2021\n"
    assert parse_resume(text, AS_OF).experience_months == 24


def test_social_work_alone_on_a_line_is_not_a_heading() -> None:
    text = "Pat Doe\n\nEXPERIENCE\nCase Manager, 2019 - 2021\nSocial Work\nCounselor, 2015 - 2016\n"
    assert parse_resume(text, AS_OF).experience_months == 36


def test_words_before_an_aside_stay_with_the_earlier_credential() -> None:
    text = "Pat Doe\n\nCredentials\nLicensed Social Worker (LSW), Illinois - expired 2016 (upgraded to LCSW)\n"
    assert parse_resume(text, AS_OF).credential_statuses() == {"LSW": "expired", "LCSW": "held"}


def test_an_expiry_column_in_a_text_table_dates_each_row() -> None:
    table = (
        "+------------+----------+------------+\n"
        "| Credential | State    | Expires    |\n"
        "+------------+----------+------------+\n"
        "| RN         | AZ       | 02/28/2027 |\n"
        "| CCM        | national | 09/30/2026 |\n"
        "+------------+----------+------------+\n"
    )
    parsed = parse_resume(f"Pat Doe\n\nLICENSURE\n{table}", AS_OF)
    assert parsed.credential_statuses() == {"RN": "held", "CCM": "expired"}
    assert [m.states for m in parsed.credentials if m.code == "RN"] == [("AZ",)]


def test_a_text_table_without_a_header_row_is_left_as_written() -> None:
    text = "Pat Doe\n\nCredentials\nLicensed Clinical Social Worker | Illinois | 149.021877 | exp. 11/30/2027\n"
    assert parse_resume(text, AS_OF).credential_statuses() == {"LCSW": "held"}


def test_an_ended_job_title_does_not_outrank_what_the_licenses_section_says() -> None:
    text = (
        "Pat Doe\n\nLICENSES\nRN, Washington, active\nL.P.N. (Washington), 2004 – 2010 — former\n\n"
        "EXPERIENCE\nCharge Nurse, 2010 – 2019\nProvidence — Licensed Practical Nurse, Oct. 2004 – Jul. 2010\n"
    )
    assert parse_resume(text, AS_OF).credential_statuses() == {"RN": "held", "LPN": "expired"}


def test_an_ended_job_title_alone_still_counts() -> None:
    text = "Pat Doe\n\nEXPERIENCE\nStaff RN, Mercy Health, 2012 – 2019\n"
    assert parse_resume(text, AS_OF).credential_statuses() == {"RN": "held"}


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ("Clark University — B.A. in Psychology, 2013", {"BA"}),
        ("University of Maryland, College Park, BA (2014)", {"BA"}),
        ("Tufts University | BS | 2012", {"BS"}),
        ("Boston University, Boston, MA, 2012", set()),
        ("Mississippi State University, Starkville, MS 2010", set()),
        ("Lesley University — MA in Counseling, 2015", {"MA"}),
    ],
)
def test_a_degree_after_a_separator_but_not_a_state_code(line: str, codes: set[str]) -> None:
    parsed = parse_resume(f"Pat Doe\n\nEDUCATION\n{line}\n", AS_OF)
    assert {d.code for d in parsed.degrees} == codes


@pytest.mark.parametrize("line", ["AAS Nursing, Cincinnati State, 2014", "A.A.S. in Nursing, Cuyahoga CC, 2011"])
def test_applied_associate_degrees_in_nursing_are_adn(line: str) -> None:
    assert [d.code for d in parse_resume(f"Pat Doe\n\nEDUCATION\n{line}\n", AS_OF).degrees] == ["ADN"]


@pytest.mark.parametrize("name", ["DeShawn Carter", "LaToya Banks", "Mary McIntyre"])
def test_names_with_a_capital_inside_a_word(name: str) -> None:
    assert parse_resume(f"{name}\nRN, BSN\npat@example.com\n", AS_OF).name == name


@pytest.mark.parametrize(
    ("history", "months"),
    [
        ("Case Manager since March 2020", 80),
        ("Nurse, 03.2018 – 05.2020", 26),
        ("Nurse, June 1, 2019 - Present", 89),
        ("Nurse, March 3rd, 2020 to January 15, 2021", 10),
    ],
)
def test_since_dotted_months_and_dates_with_a_day(history: str, months: int) -> None:
    assert _months("EXPERIENCE", history) == months


def test_professional_background_is_work_history() -> None:
    assert _months("Professional Background", "Nurse, Mercy, 2019 - 2021") == 24


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("- RN, Ohio, valid through March 31, 2025", "expired"),
        ("- RN, Ohio, valid through June 30, 2027", "held"),
        ("- RN, Ohio, exp. 06/25", "expired"),
        ("- RN, Ohio, exp. 06/27", "held"),
        ("- LSW (Kentucky) - allowed to lapse in 2019", "expired"),
        ("- LSW, Kentucky, no longer active", "expired"),
        ("- LSW, Kentucky - relinquished after moving", "expired"),
        ("- Plan to sit for the LSW exam in 2027", "in_progress"),
        ("- LSW: registered for the ASWB exam", "in_progress"),
        ("- LSW - seeking licensure in Ohio", "in_progress"),
    ],
)
def test_more_ways_of_writing_lapsed_and_not_yet(line: str, status: str) -> None:
    assert set(parse_resume(f"Pat Doe\n\nLICENSES\n{line}\n", AS_OF).credential_statuses().values()) == {status}


@pytest.mark.parametrize(
    "line",
    [
        "- Enrolled 300 patients in CCM (chronic care management) and RPM",
        "- Led a CCM program for Medicare patients with two or more chronic conditions",
        "- Managed an LPN and two medical assistants",
        "- Assisted the LCSW with family meetings",
        "- Referred patients to the LICSW for counseling",
    ],
)
def test_more_other_people_and_other_meanings(line: str) -> None:
    text = f"Pat Doe\n\nEXPERIENCE\nCare Coordinator, 2019 - 2021\n{line}\n"
    assert parse_resume(text, AS_OF).credential_statuses() == {}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Master's in Social Work, Ohio State University, 2015", "MSW"),
        ("Master of Social Welfare, UC Berkeley, 2015", "MSW"),
        ("Bachelor's degree in Nursing, Kent State University, 2012", "BSN"),
        ("Bachelors in Social Work, Ohio University, 2012", "BSW"),
    ],
)
def test_degrees_written_as_masters_in_or_bachelors_in(line: str, code: str) -> None:
    assert [d.code for d in parse_resume(f"Pat Doe\n\nEDUCATION\n{line}\n", AS_OF).degrees] == [code]


@pytest.mark.parametrize("heading", ["Board Certifications", "Active Licenses", "State Licensure"])
def test_more_credential_headings(heading: str) -> None:
    text = f"Pat Doe\n\nEXPERIENCE\nNurse, 2019 - 2021\n\n{heading}\nCCM, 2019 - 2029\n"
    parsed = parse_resume(text, AS_OF)
    assert parsed.credential_statuses() == {"CCM": "held"}
    assert parsed.experience_months == 24


@pytest.mark.parametrize(
    ("history", "months"),
    [
        ("Case Manager, Jan '19 – Present", 94),
        ("Case Manager, March ’21 to Feb ’23", 23),
        ("Staff Nurse, Aug. '98 - Dec. '02", 52),
        ("Case Manager  06/19 - 08/21", 26),
        ("Staff RN | 6/15 – present", 137),
    ],
)
def test_two_digit_years_with_an_apostrophe_or_in_a_month_slash_year_range(history: str, months: int) -> None:
    assert _months("EXPERIENCE", history) == months


def test_a_month_and_a_bare_two_digit_number_is_not_read_as_a_year() -> None:
    """ "Jan 19 - Mar 21" could be days of one month: better no figure than a wrong one."""
    assert _months("EXPERIENCE", "Case Manager, Jan 19 - Mar 21") is None


def test_an_apostrophe_year_as_an_expiry_date() -> None:
    assert parse_single_date("CCM, expires Jun '27", end_of_period=True) == date(2027, 6, 30)


@pytest.mark.parametrize(
    "title",
    ["Nursing Externship, Mercy Hospital", "Student Nurse Extern", "Clinical Rotations: Med-Surg and ICU"],
)
def test_externships_and_rotations_are_not_paid_work(title: str) -> None:
    history = f"Case Manager, Mercy Health, 2022 - 2024\n{title}, 2018 - 2020"
    assert _months("EXPERIENCE", history) == 24


def test_an_externships_section_is_not_work_history() -> None:
    text = (
        "Pat Doe\n\nEXPERIENCE\nCase Manager, Mercy Health, 2022 - 2024\n\n"
        "EXTERNSHIPS\nSummit Hospital, 2018 - 2020\n\nEDUCATION\nBSN, 2021\n"
    )
    assert parse_resume(text, AS_OF).experience_months == 24


def _states(line: str) -> dict[str, tuple[str, ...]]:
    return {m.code: m.states for m in parse_resume(f"Pat Doe\n\nLICENSES\n{line}\n", AS_OF).credentials}


def test_a_two_letter_column_label_is_not_a_state() -> None:
    line = "License: ACM-RN | Issuer: American Case Management Association | ID: ACM-40912 | Expiration: 12/31/2027"
    assert _states(line)["ACM"] == ()


def test_in_a_sentence_only_the_licensing_board_s_state_counts() -> None:
    line = (
        "Licensed Social Worker (LSW) - license pending: passed the ASWB exam in October 2026 while working in "
        "Kentucky; awaiting issuance by the Ohio Counselor, Social Worker and MFT Board"
    )
    assert _states(line)["LSW"] == ("OH",)
