"""Rejected uploads: a clear message, and nothing of the file left behind (no row, no file)."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models.candidates import CandidateCredential, Resume
from tests.web.test_profile_helpers import candidate_of, make_image_only_pdf, make_pdf, seeker, stored_files, upload


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _zip_with(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "not a resume")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.pdf", "The file is empty."),
        (b"   \n\n ", "blank.txt", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "photo.pdf", "not a PDF, a Word document or readable text"),
        (make_image_only_pdf(), "scan.pdf", "has no text layer"),
        (make_pdf()[:-600], "cut.pdf", "The PDF is incomplete"),
        (_zip_with("data.csv"), "resume.docx", "ZIP archive, not a Word (.docx) document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc", "Old Word (.doc) files are not supported"),
    ],
    ids=["empty", "whitespace", "binary-renamed-pdf", "scanned-pdf", "truncated-pdf", "zip-as-docx", "old-doc"],
)
def test_unreadable_file_is_refused_with_a_reason_and_leaves_nothing(
    client: FlaskClient, make_user, auth, app: Flask, data: bytes, filename: str, message: str
) -> None:
    user = seeker(make_user, auth)
    response = upload(client, data, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(Resume) == 0 and _count(CandidateCredential) == 0
    assert stored_files(app) == []
    assert candidate_of(user).experience_months is None


def test_a_rejected_upload_keeps_the_existing_profile_as_it_was(
    client: FlaskClient, make_user, auth, app: Flask
) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf(), "good.pdf")
    before = [(c.code, c.status) for c in candidate_of(user).credentials]
    files_before = stored_files(app)
    response = upload(client, make_image_only_pdf(), "scan.pdf")
    assert response.status_code == 422
    candidate = candidate_of(user)
    assert [r.original_filename for r in candidate.resumes] == ["good.pdf"]
    assert [(c.code, c.status) for c in candidate.credentials] == before
    assert stored_files(app) == files_before


def test_no_file_chosen_says_so(client: FlaskClient, make_user, auth) -> None:
    seeker(make_user, auth)
    response = client.post("/me/resumes", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file to upload." in response.get_data(as_text=True)


def test_too_large_upload_gets_the_413_page_and_stores_nothing(
    client: FlaskClient, make_user, auth, app: Flask
) -> None:
    seeker(make_user, auth)
    huge = b"%PDF-1.4\n" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    # The body is built by hand: the test client would spool it to a temporary file it never closes.
    body = (
        b'--b\r\nContent-Disposition: form-data; name="resume"; filename="huge.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + huge + b"\r\n--b--\r\n"
    )
    response = client.post("/me/resumes", data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert "That file is too large." in response.get_data(as_text=True)
    assert _count(Resume) == 0 and stored_files(app) == []


def test_a_storage_failure_leaves_no_row_and_no_file(
    client: FlaskClient, make_user, auth, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the database refuses the row after the file was written, the file is removed again."""
    from portal.services import candidates

    user = seeker(make_user, auth)

    def broken_apply(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(candidates, "apply_parsed", broken_apply)
    with pytest.raises(RuntimeError):
        candidates.add_resume(candidate_of(user), make_pdf(), "cv.pdf")
    db.session.rollback()
    assert stored_files(app) == [] and _count(Resume) == 0


def test_file_names_with_folders_are_reduced_to_the_name(client: FlaskClient, make_user, auth) -> None:
    user = seeker(make_user, auth)
    upload(client, make_pdf(), "../../home/jane/My CV.pdf")
    assert candidate_of(user).resumes[0].original_filename == "My CV.pdf"
