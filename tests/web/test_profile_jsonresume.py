"""JSON Resume on the profile page: download the profile, bring one in; a bad file changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from flask.testing import FlaskClient

from tests.web.test_profile_helpers import candidate_of, make_pdf, seeker, upload

# Their resumes' licenses expire on dates written out in full; read them on a day when they are current.
pytestmark = pytest.mark.usefixtures("resume_day")


def test_export_downloads_the_profile_with_credential_details(client: FlaskClient, make_user, auth) -> None:
    seeker(make_user, auth)
    upload(client, make_pdf())
    response = client.get("/me/resume.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(response.data)
    assert document["basics"]["name"] == "Jane Doe"
    details = {c["code"]: c for c in document["x-casemanager"]["credentials"]}
    assert details["RN"] == {
        "code": "RN",
        "status": "held",
        "states": ["NY"],
        "number": "123456",
        "expires": "2027-03-31",
    }


def test_import_replaces_credentials_and_is_confirmed(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf())
    document = {
        "basics": {"name": "Jane Q. Doe", "phone": "555-0100", "location": {"city": "Buffalo", "region": "NY"}},
        "x-casemanager": {
            "credentials": [
                {"code": "LCSW", "status": "held", "states": ["NY"], "number": "L-1", "expires": "2028-01-31"}
            ],
            "degrees": [{"code": "MSW", "field": "Social Work", "institution": "SUNY", "year": 2015}],
            "experience_months": 96,
        },
        "certificates": [{"name": "Forklift licence"}],
    }
    response = client.post(
        "/me/import",
        data={"file": (io.BytesIO(json.dumps(document).encode()), "resume.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    candidate = candidate_of(user)
    assert [(c.code, c.origin, c.confirmed, c.number) for c in candidate.credentials] == [
        ("LCSW", "entered", True, "L-1")
    ]
    assert [d.code for d in candidate.degrees] == ["MSW"]
    assert (candidate.name, candidate.location, candidate.experience_months) == ("Jane Q. Doe", "Buffalo, NY", 96)
    assert "Imported 1 credential and 1 degree." in client.get("/me/").get_data(as_text=True)


def test_a_pasted_malformed_json_resume_is_explained_and_changes_nothing(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf())
    before = [(c.code, c.status, c.expires) for c in candidate_of(user).credentials]
    bad = json.dumps({"x-casemanager": {"credentials": [{"code": "RN", "expires": "2027-02-30"}]}})
    response = client.post("/me/import", data={"text": bad})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was changed." in page and "not a real calendar date" in page
    assert [(c.code, c.status, c.expires) for c in candidate_of(user).credentials] == before

    assert client.post("/me/import", data={"text": "{oops"}).status_code == 422
    empty = client.post("/me/import", data={"text": ""})
    assert empty.status_code == 422 and "Choose a JSON Resume file or paste its text." in empty.get_data(as_text=True)
    assert [(c.code, c.status, c.expires) for c in candidate_of(user).credentials] == before
