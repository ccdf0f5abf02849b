"""The job seeker's profile: upload resumes, see what was read, confirm or correct it, choose who can find them."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import ResumeAccess, Role
from portal.models.candidates import CandidateCredential, Resume
from tests.conftest import statements_from_first_write
from tests.web.test_profile_helpers import (
    RESUME_LINES,
    candidate_of,
    make_docx,
    make_pdf,
    seeker,
    stored_files,
    upload,
)

# Their resumes' licenses expire on dates written out in full; read them on a day when they are current.
pytestmark = pytest.mark.usefixtures("resume_day")


def test_pdf_upload_fills_the_profile_with_what_was_read(client: FlaskClient, make_user, auth, app: Flask) -> None:
    user = seeker(make_user, auth)
    response = upload(client, make_pdf(), "Jane Doe CV.pdf")
    assert response.status_code == 302
    page = client.get("/me/").get_data(as_text=True)
    assert "Jane Doe CV.pdf" in page and "2 credentials on your profile" in page
    candidate = candidate_of(user)
    by_code = {c.code: c for c in candidate.credentials}
    assert set(by_code) == {"RN", "CCM"}
    rn = by_code["RN"]
    assert (rn.status, rn.states, rn.number, rn.expires.isoformat()) == ("held", ["NY"], "123456", "2027-03-31")
    assert rn.origin == "parsed" and not rn.confirmed and rn.parsed_status == "held"
    assert "License No. 123456" in rn.evidence
    assert [d.code for d in candidate.degrees] == ["BSN"]
    assert candidate.experience_months and candidate.experience_months > 12 * 10
    # The page shows the evidence line and asks the candidate to check it.
    assert "Read from your resume: please check" in page and "License No. 123456" in page
    resume = candidate.resumes[0]
    assert resume.kind == "pdf" and resume.is_primary and resume.original_filename == "Jane Doe CV.pdf"
    # Stored under a random name, outside static/.
    files = stored_files(app)
    assert [f.name for f in files] == [resume.storage_key]
    assert "Jane" not in resume.storage_key and "static" not in str(files[0])


def test_docx_upload_and_type_from_content_not_name(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    # A Word file called .txt is still read as Word.
    assert upload(client, make_docx(), "resume.txt").status_code == 302
    resume = candidate_of(user).resumes[0]
    assert resume.kind == "docx" and resume.original_filename == "resume.docx"
    assert {c.code for c in candidate_of(user).credentials} == {"RN", "CCM"}


def test_fetch_upload_answers_json_for_the_progress_script(client: FlaskClient, make_user, auth) -> None:
    seeker(make_user, auth)
    ok = upload(client, make_pdf(), **{"X-Requested-With": "fetch"})
    assert ok.status_code == 200 and ok.json["ok"] is True and ok.json["redirect"] == "/me/"
    bad = upload(client, b"", "empty.pdf", **{"X-Requested-With": "fetch"})
    assert bad.status_code == 422 and bad.json["ok"] is False and bad.json["message"]


def test_same_file_twice_is_kept_once(client: FlaskClient, make_user, auth, app: Flask) -> None:
    user = seeker(make_user, auth)
    data = make_pdf()
    upload(client, data, "first.pdf")
    response = upload(client, data, "renamed copy.pdf")
    assert response.status_code == 302
    assert "you uploaded first.pdf before; it is kept once" in client.get("/me/").get_data(as_text=True).lower()
    assert len(candidate_of(user).resumes) == 1 and len(stored_files(app)) == 1


def test_several_resumes_and_choosing_the_primary(client: FlaskClient, make_user, auth, app: Flask) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf(), "nurse.pdf")
    social = ["Sam Doe", "Licensed Clinical Social Worker (LCSW), New Jersey, expires 2028-01-31"]
    upload(client, make_docx(social), "social.docx", make_primary=False)
    candidate = candidate_of(user)
    assert [r.original_filename for r in candidate.resumes if r.is_primary] == ["nurse.pdf"]
    assert {c.code for c in candidate.credentials} == {"RN", "CCM"}

    social_resume = next(r for r in candidate.resumes if r.original_filename == "social.docx")
    client.post(f"/me/resumes/{social_resume.id}/primary")
    candidate = candidate_of(user)
    assert candidate.primary_resume.original_filename == "social.docx"
    assert {c.code for c in candidate.credentials} == {"LCSW"}

    client.post(f"/me/resumes/{social_resume.id}/delete")
    candidate = candidate_of(user)
    assert [r.original_filename for r in candidate.resumes] == ["nurse.pdf"] and candidate.resumes[0].is_primary
    assert [f.name for f in stored_files(app)] == [candidate.resumes[0].storage_key]


def test_an_upload_or_a_new_primary_reads_everything_before_its_first_write(
    client: FlaskClient, make_user, auth
) -> None:
    """Only writes between the first write and the commit (see statements_from_first_write)."""
    user = seeker(make_user, auth)
    upload(client, make_pdf(), "nurse.pdf")  # a profile with credentials and a degree, which the next ones replace
    social = ["Sam Doe", "Licensed Clinical Social Worker (LCSW), New Jersey, expires 2028-01-31"]
    with statements_from_first_write() as writes_of_upload:
        assert upload(client, make_docx(social), "social.docx").status_code == 302
    nurse = next(r for r in candidate_of(user).resumes if r.original_filename == "nurse.pdf")
    with statements_from_first_write() as writes_of_new_primary:
        client.post(f"/me/resumes/{nurse.id}/primary")
    for writes in (writes_of_upload, writes_of_new_primary):
        assert "INSERT" in writes and "DELETE" in writes  # new credentials in, the old parsed ones out
        assert "SELECT" not in writes, writes
    assert {c.code for c in candidate_of(user).credentials} == {"RN", "CCM"}


def test_confirm_correct_add_and_remove_credentials(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf())
    by_code = {c.code: c for c in candidate_of(user).credentials}

    client.post(f"/me/credentials/{by_code['CCM'].id}/confirm")
    response = client.post(
        f"/me/credentials/{by_code['RN'].id}",
        data={"code": "RN", "status": "expired", "states": "ny, nj", "number": "R-99", "expires": "2025-01-31"},
    )
    assert response.status_code == 302
    client.post("/me/credentials/new", data={"code": "ACM", "status": "in_progress", "states": "", "expires": ""})

    by_code = {c.code: c for c in candidate_of(user).credentials}
    assert by_code["CCM"].confirmed and by_code["CCM"].origin == "parsed"
    rn = by_code["RN"]
    assert (rn.status, rn.states, rn.number, rn.expires.isoformat()) == ("expired", ["NY", "NJ"], "R-99", "2025-01-31")
    assert rn.confirmed and rn.parsed_status == "held"  # what the parser said is kept
    assert by_code["ACM"].origin == "entered" and by_code["ACM"].confirmed and by_code["ACM"].status == "in_progress"
    page = client.get("/me/").get_data(as_text=True)
    assert "Entered by you" in page and "(read as held (current))" in page

    client.post(f"/me/credentials/{by_code['ACM'].id}/delete")
    assert "ACM" not in {c.code for c in candidate_of(user).credentials}


def test_reupload_keeps_confirmed_entries_and_removed_ones_stay_removed(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf())
    by_code = {c.code: c for c in candidate_of(user).credentials}
    client.post(
        f"/me/credentials/{by_code['RN'].id}",
        data={"code": "RN", "status": "held", "states": "NY", "number": "CORRECTED-1", "expires": "2027-03-31"},
    )
    client.post(f"/me/credentials/{by_code['CCM'].id}/delete")  # the candidate says CCM was read wrongly

    newer = [*RESUME_LINES, "Licensed Clinical Social Worker (LCSW), New York, expires 2028-05-31"]
    upload(client, make_docx(newer), "newer.docx")
    by_code = {c.code: c for c in candidate_of(user).credentials}
    assert set(by_code) == {"RN", "LCSW"}
    assert by_code["RN"].number == "CORRECTED-1" and by_code["RN"].confirmed
    assert by_code["LCSW"].origin == "parsed" and not by_code["LCSW"].confirmed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("expires", "31/31/2027", "is not a date; use YYYY-MM-DD"),
        ("expires", "0202-01-01", "Give a real expiry date"),
        ("states", "NY, XX", "XX is not a US state code"),
        ("status", "sort of", "Not a valid choice"),
        ("code", "MD", "Not a valid choice"),
    ],
)
def test_bad_credential_input_is_explained_and_changes_nothing(
    client: FlaskClient, make_user, auth, field: str, value: str, message: str
) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf())
    rn = next(c for c in candidate_of(user).credentials if c.code == "RN")
    data = {"code": "RN", "status": "held", "states": "NY", "number": "123456", "expires": "2027-03-31", field: value}
    response = client.post(f"/me/credentials/{rn.id}", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    rn = db.session.get(CandidateCredential, rn.id)
    assert (rn.status, rn.states, rn.expires.isoformat(), rn.confirmed) == ("held", ["NY"], "2027-03-31", False)


def test_discoverability_switch_explains_who_sees_the_profile(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    page = client.get("/me/").get_data(as_text=True)
    assert "employers and their recruiters who search the portal" in page
    assert "Hidden from employer searches" in page
    client.post("/me/discoverable", data={"discoverable": "y"})
    assert candidate_of(user).discoverable
    assert "Employers searching the portal can now find your profile." in client.get("/me/").get_data(as_text=True)
    client.post("/me/discoverable", data={})
    assert not candidate_of(user).discoverable


def test_owner_download_is_an_attachment_never_cached_and_logged(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    data = make_pdf()
    upload(client, data, "cv.pdf")
    resume = candidate_of(user).resumes[0]
    response = client.get(f"/me/resumes/{resume.id}/download")
    assert response.status_code == 200 and response.data == data
    assert (
        response.headers["Content-Disposition"].startswith("attachment")
        and "cv.pdf" in response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert "Case Manager, Mercy Hospital" in client.get(f"/me/resumes/{resume.id}").get_data(as_text=True)
    actions = db.session.scalars(sa.select(ResumeAccess.action).order_by(ResumeAccess.id)).all()
    assert actions == ["download", "view"]
    page = client.get("/me/").get_data(as_text=True)
    assert "Who opened my resume" in page and "Downloaded" in page and "Viewed" in page


def test_staff_access_recorded_by_the_service_is_listed_for_the_candidate(
    client: FlaskClient, make_user, make_org, auth
) -> None:
    from portal.services.candidates import record_resume_access

    user = seeker(make_user, auth)
    upload(client, make_pdf())
    recruiter = make_user(Role.RECRUITER, organization=make_org("Mercy Health"), name="Rita Recruiter")
    record_resume_access(candidate_of(user).resumes[0], recruiter, "view")
    db.session.commit()
    page = client.get("/me/").get_data(as_text=True)
    assert "Rita Recruiter, Mercy Health" in page


def test_another_candidates_resume_and_credentials_answer_404(client: FlaskClient, make_user, auth) -> None:
    owner = seeker(make_user, auth)
    upload(client, make_pdf())
    resume = candidate_of(owner).resumes[0]
    credential = candidate_of(owner).credentials[0]
    auth.logout()
    seeker(make_user, auth, name="Other Person")
    for url in (
        f"/me/resumes/{resume.id}",
        f"/me/resumes/{resume.id}/download",
        f"/me/credentials/{credential.id}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/me/resumes/{resume.id}/primary",
        f"/me/resumes/{resume.id}/delete",
        f"/me/credentials/{credential.id}/confirm",
        f"/me/credentials/{credential.id}/delete",
    ):
        assert client.post(url).status_code == 404, url
    assert db.session.get(Resume, resume.id) is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResumeAccess)) == 0


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.EMPLOYER])
def test_staff_cannot_open_me_pages(client: FlaskClient, make_user, make_org, auth, role: Role) -> None:
    staff = make_user(role, organization=make_org())
    auth.login(staff.email)
    for url in ("/me/", "/me/resume.json", "/me/import", "/me/delete", "/me/credentials/new"):
        assert client.get(url).status_code == 403, url
    assert upload(client, make_pdf()).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient) -> None:
    for url in ("/me/", "/me/resume.json", "/me/resumes/1/download"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    response = client.post("/me/resumes", data={"resume": (io.BytesIO(make_pdf()), "cv.pdf")})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_candidates_see_the_profile_link(client: FlaskClient, make_user, auth) -> None:
    seeker(make_user, auth)
    page = client.get("/me/").get_data(as_text=True)
    assert 'href="/me/"' in page and "My profile" in page
    assert "No resume yet" in page and "No credentials yet" in page
