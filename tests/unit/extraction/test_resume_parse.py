"""parse_resume reads the candidate's own credentials, status, degrees, experience and contacts."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extraction import CredentialMention, collapse_statuses, parse_resume

AS_OF = date(2026, 11, 1)


def statuses(text: str) -> dict[str, str]:
    return parse_resume(text, AS_OF).credential_statuses()


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("- LVN, Texas Board of Nursing", "LPN"),
        ("- ACM-RN, American Case Management Association", "ACM"),
        ("- LCSW-C, Maryland Board of Social Work Examiners", "LCSW"),
        ("- LCSW-R, New York State Education Department", "LCSW"),
        ("- LISW-S, Ohio CSWMFT Board", "LISW"),
        ("- Registered Nurse, Ohio Board of Nursing", "RN"),
        ("- Licensed Clinical Social Worker, Illinois", "LCSW"),
        ("- Licensed Independent Clinical Social Worker, Minnesota", "LICSW"),
        ("- Certified Case Manager, CCMC", "CCM"),
        ("- Board-certified case manager since 2019", "CCM"),
        ("- Licensed Vocational Nurse, California", "LPN"),
        ("- C-SWCM (Certified Social Work Case Manager), NASW", "C-SWCM"),
    ],
)
def test_aliases_and_spelled_out_titles_become_catalog_codes(line: str, code: str) -> None:
    assert statuses(f"Pat Doe\n\nLICENSES\n{line}\n") == {code: "held"}


def test_any_order_of_credentials_after_the_name() -> None:
    parsed = parse_resume("Jane Doe, MSW, ACSW, LCSW, CCM\njane@example.com\n", AS_OF)
    assert parsed.name == "Jane Doe"
    assert parsed.credential_statuses() == {"LCSW": "held", "CCM": "held"}
    assert [d.code for d in parsed.degrees] == ["MSW"]


@pytest.mark.parametrize(
    "line",
    [
        "- RN license expired 2021",
        "- LSW - Kentucky (lapsed 2020)",
        "- Registered Nurse, license inactive since 2019",
        "- Former RN, now a community health worker",
        "- Previously held LCSW (California)",
        "- RN, Ohio, exp. 03/2024",
        "- RN | Ohio Board of Nursing | Expires: 10/31/2025",
    ],
)
def test_lapsed_words_or_a_past_expiry_date_mean_expired(line: str) -> None:
    assert set(statuses(f"Pat Doe\n\nLICENSES\n{line}\n").values()) == {"expired"}


@pytest.mark.parametrize(
    "line",
    [
        "- CCM eligible",
        "- CCM-eligible (exam window 2027)",
        "- CCM candidate, exam scheduled February 2027",
        "- Pursuing RN licensure",
        "- Licensed Social Worker (LSW) - license pending",
        "- Registered Nurse (NCLEX-RN scheduled for January 2027)",
        "- Studying for the CCM exam",
        "- C-ASWCM - applied October 2026",
        "- ACM-RN exam scheduled December 2026",
    ],
)
def test_not_yet_held_words_mean_in_progress(line: str) -> None:
    assert set(statuses(f"Pat Doe\n\nCERTIFICATIONS\n{line}\n").values()) == {"in_progress"}


def test_a_future_expiry_date_and_the_word_active_mean_held() -> None:
    parsed = parse_resume("Pat Doe\n\nLICENSES\n- RN, Ohio, #RN.418822, exp. 08/2027 (active)\n", AS_OF)
    (mention,) = parsed.credentials
    assert mention == CredentialMention(
        code="RN",
        status="held",
        states=("OH",),
        number="RN.418822",
        expires=date(2027, 8, 31),
        evidence="- RN, Ohio, #RN.418822, exp. 08/2027 (active)",
    )


def test_held_in_one_state_and_lapsed_in_another_is_held_overall() -> None:
    text = "Pat Doe\n\nLICENSES\nRN - Ohio (active)\nRN - Indiana (expired 2022)\n"
    parsed = parse_resume(text, AS_OF)
    assert sorted(m.status for m in parsed.credentials) == ["expired", "held"]
    assert collapse_statuses(parsed.credentials) == {"RN": "held"}
    assert parsed.held_codes() == {"RN"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Supervised a team of LCSWs and care coordinators.",
        "Worked with RNs and LPNs on the unit.",
        "Partners with RN case managers on complex discharges.",
        "Coordinated release plans with the LCSW of the jail health unit.",
        "Member, ACM (Association for Computing Machinery) since 2012.",
        "Published in Proceedings of the ACM SIGCHI Conference.",
        "CCM - Construction Management Association of America, 2019.",
        "Certified Construction Manager (CCM).",
        "Volunteer coordinator, chapter of ACMA (American Case Management Association).",
        "CCRN, American Association of Critical-Care Nurses.",
        "ACSW, National Association of Social Workers.",
        "Contact: pat.rn.lcsw@example.com",
        "Learned to TURN patients and EARN trust.",
        "Trained the unit's LPNs on documentation.",
        "Member of an interdisciplinary team including RN, LCSW and pharmacist.",
        "CRC (Clinical Research Coordinator), oncology trials.",
    ],
)
def test_other_people_other_meanings_and_letters_in_words_are_not_credentials(sentence: str) -> None:
    assert statuses(f"Pat Doe\n\nSUMMARY\n{sentence}\n") == {}


def test_a_license_number_is_not_a_second_credential() -> None:
    parsed = parse_resume("Pat Doe\n\nLICENSES\n- Compact RN License, Florida, #RN9876543\n", AS_OF)
    assert [(m.code, m.number, m.states) for m in parsed.credentials] == [("RN", "RN9876543", ("FL",))]


def test_one_letter_apart_licenses_stay_apart() -> None:
    text = "Pat Doe\n\nLICENSES\n- LSW, Ohio\n- LISW, Ohio (in progress)\n- LICSW, Massachusetts, expired 2020\n"
    assert statuses(text) == {"LSW": "held", "LISW": "in_progress", "LICSW": "expired"}


def test_pdf_line_wraps_keep_an_expiry_date_with_its_license() -> None:
    text = "Pat Doe\n\nLICENSURE\nRegistered Nurse, Washington State\nDepartment of Health, exp.\n11/2025\n"
    (mention,) = parse_resume(text, AS_OF).credentials
    assert (mention.status, mention.states, mention.expires) == ("expired", ("WA",), date(2025, 11, 30))


DEGREES = """Pat Doe

EDUCATION
Master of Social Work (MSW)
Boston College | 2014
BA, Psychology and Spanish
University of Massachusetts Amherst | 2012
BSc (Hons) Adult Nursing
University of Manchester | 2010
Master of Science in Nursing - expected 2027
Associate Degree in Nursing (ADN) - in progress
Bachelor of Science in Criminal Justice, University of Toledo, 2008
MBA, Ohio State University, 2016
"""


def test_completed_degrees_with_field_institution_and_year() -> None:
    degrees = {d.code: d for d in parse_resume(DEGREES, AS_OF).degrees}
    assert set(degrees) == {"MSW", "BA", "BSN", "BS"}
    assert (degrees["MSW"].institution, degrees["MSW"].year) == ("Boston College", 2014)
    assert degrees["BA"].field == "Psychology and Spanish"
    assert degrees["BSN"].field == "Adult Nursing"
    assert (degrees["BS"].field, degrees["BS"].institution) == ("Criminal Justice", "University of Toledo")


def test_state_abbreviations_in_an_address_are_not_degrees() -> None:
    text = "Pat Doe\n\nEDUCATION\nMaster of Arts in Psychology\nSalem State University, Salem, MA | 2012\n"
    assert [d.code for d in parse_resume(text, AS_OF).degrees] == ["MA"]


def _months(history: str) -> int | None:
    return parse_resume(f"Pat Doe\n\nPROFESSIONAL EXPERIENCE\n{history}\n", AS_OF).experience_months


@pytest.mark.parametrize(
    ("dates", "months"),
    [
        ("Jan 2019 - Mar 2020", 14),
        ("01/2019 - 03/2020", 14),
        ("2019-01 to 2020-03", 14),
        ("January 2019 – March 2020", 14),
        ("Sept 2019 — Present", 86),
        ("2019 - Current", 94),
        ("2012 – 2020", 96),
        ("Jun 2022 to Aug 2024", 26),
    ],
)
def test_date_formats_in_the_work_history(dates: str, months: int) -> None:
    assert _months(f"Case Manager\nRiverbend Hospital | {dates}") == months


def test_overlapping_positions_count_once_and_unpaid_work_is_left_out() -> None:
    history = """Case Manager
Lakeshore Hospital | Apr 2018 - Present
PRN Social Worker (per diem)
North Shore Rehab | Jan 2019 - Jun 2022
Case Worker
Westside Aging Services | Jun 2013 - Aug 2015
MSW Field Intern (unpaid practicum)
Central Hospice | Aug 2012 - May 2013

VOLUNTEER
Crisis line volunteer | 2010 - 2012

COMMITTEES
- Co-chair, Readmission Committee (2022 - present)"""
    assert _months(history) == (2026 * 12 + 11) - (2018 * 12 + 4) + 26


def test_no_dated_history_means_no_experience_figure() -> None:
    assert _months("Case Manager, Riverbend Hospital") is None
    assert parse_resume("Pat Doe\nRN\n", AS_OF).experience_months is None


def test_name_email_and_phone_from_the_header_or_a_sidebar() -> None:
    text = "CONTACT\nSeattle, WA\n(206) 555-0117\nsam.lee@example.com\nSKILLS\nEpic Clarity\nSam Lee\nData Analyst\n"
    parsed = parse_resume(text, AS_OF)
    assert (parsed.name, parsed.email, parsed.phone) == ("Sam Lee", "sam.lee@example.com", "(206) 555-0117")
    assert parse_resume("MARIA L. GONZALEZ, MSW\nmaria@example.org\n", AS_OF).name == "Maria L. Gonzalez"
    assert parse_resume("Lisa Tran RN BSN\n555.123.4567\n", AS_OF).name == "Lisa Tran"
