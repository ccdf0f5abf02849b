"""JSON Resume export and import of a profile (pure: no app, no database)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from portal.catalog import load_catalog
from portal.errors import InvalidInput
from portal.services.jsonresume import (
    EXTENSION_KEY,
    CredentialEntry,
    DegreeEntry,
    ProfileDocument,
    from_jsonresume,
    parse_iso_date,
    to_jsonresume,
)

AS_OF = date(2026, 6, 1)
CATALOG = load_catalog()

PROFILE = ProfileDocument(
    name="Jane Doe",
    email="jane@example.org",
    phone="(555) 123-4567",
    location="Albany, NY",
    credentials=(
        CredentialEntry("RN", "held", ("NY", "NJ"), "123456", date(2027, 3, 31)),
        CredentialEntry("CCM", "in_progress"),
    ),
    degrees=(DegreeEntry("BSN", "Nursing", "Hunter College", 2012),),
    experience_months=130,
)


def test_export_follows_the_schema_and_keeps_details_in_the_extension() -> None:
    document = to_jsonresume(PROFILE, CATALOG)
    assert document["basics"] == {
        "name": "Jane Doe",
        "email": "jane@example.org",
        "phone": "(555) 123-4567",
        "location": {"city": "Albany", "region": "NY", "countryCode": "US"},
    }
    assert document["certificates"][0]["name"] == "Registered Nurse"
    assert document["education"] == [
        {
            "studyType": "Bachelor of Science in Nursing",
            "area": "Nursing",
            "institution": "Hunter College",
            "endDate": "2012",
        }
    ]
    assert document[EXTENSION_KEY]["credentials"][0] == {
        "code": "RN",
        "status": "held",
        "states": ["NY", "NJ"],
        "number": "123456",
        "expires": "2027-03-31",
    }
    json.dumps(document)  # plain JSON all the way down


def test_export_then_import_gives_the_same_profile() -> None:
    text = json.dumps(to_jsonresume(PROFILE, CATALOG))
    assert from_jsonresume(text, CATALOG, as_of=AS_OF) == PROFILE


def test_a_plain_json_resume_from_another_tool_is_understood() -> None:
    document = {
        "basics": {"name": "Sam Roe", "email": "sam@example.org", "location": {"city": "Newark", "region": "NJ"}},
        "work": [
            {"name": "Mercy", "position": "Case Manager", "startDate": "2020-01", "endDate": "2022-01"},
            {"name": "Overlap", "position": "Per diem", "startDate": "2021-01-15", "endDate": "2021-06-30"},
            {"name": "Now", "position": "Care Coordinator", "startDate": "2024-06"},
        ],
        "education": [
            {
                "institution": "Rutgers",
                "area": "Social Work",
                "studyType": "Master of Social Work",
                "endDate": "2019-05",
            },
            {"institution": "Somewhere", "studyType": "Certificate in Pottery"},
        ],
        "certificates": [{"name": "Licensed Clinical Social Worker"}, {"name": "CCM"}, {"name": "Forklift licence"}],
    }
    profile = from_jsonresume(json.dumps(document).encode(), CATALOG, as_of=AS_OF)
    assert profile.location == "Newark, NJ"
    assert {c.code for c in profile.credentials} == {"LCSW", "CCM"}
    assert all(c.status == "held" for c in profile.credentials)
    assert profile.degrees == (DegreeEntry("MSW", "Social Work", "Rutgers", 2019),)
    assert profile.experience_months == 24 + 24  # overlapping jobs counted once; the current job runs to as_of
    assert any("Forklift" in item for item in profile.skipped) and any("Pottery" in item for item in profile.skipped)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        ('{"basics": "Jane"}', "basics: must be a JSON object"),
        ('{"basics": {"name": 5}}', "basics.name: must be text"),
        ('{"x-casemanager": {"credentials": [{"code": "XYZ"}]}}', "x-casemanager.credentials[0].code"),
        (
            '{"x-casemanager": {"credentials": [{"code": "RN", "status": "maybe"}]}}',
            "x-casemanager.credentials[0].status",
        ),
        ('{"x-casemanager": {"credentials": [{"code": "RN", "states": ["ZZ"]}]}}', "'ZZ' is not a US state code"),
        ('{"x-casemanager": {"credentials": [{"code": "RN", "expires": "2027-02-30"}]}}', "not a real calendar date"),
        ('{"x-casemanager": {"credentials": [{"code": "RN", "expires": "31/12/2027"}]}}', "write it as YYYY-MM-DD"),
        ('{"x-casemanager": {"experience_months": -3}}', "whole number of months"),
        ('{"work": [{"startDate": "2022-01", "endDate": "2021-01"}]}', "work[0].endDate: ends before it starts"),
        ('{"certificates": {"name": "RN"}}', "certificates: must be a JSON array"),
    ],
)
def test_malformed_documents_are_refused_with_where_and_why(raw: str | bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        from_jsonresume(raw, CATALOG, as_of=AS_OF)
    assert message in str(caught.value)


def test_partial_dates_mean_the_start_of_the_period() -> None:
    assert parse_iso_date("2019", "x") == date(2019, 1, 1)
    assert parse_iso_date("2019-07", "x") == date(2019, 7, 1)
    with pytest.raises(InvalidInput):
        parse_iso_date("1850-01-01", "x")


def test_an_oversized_file_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidInput, match="larger than 1 MB"):
        from_jsonresume(b" " * (1024 * 1024 + 1), CATALOG, as_of=AS_OF)
