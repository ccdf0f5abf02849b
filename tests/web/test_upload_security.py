"""Upload hardening, proved through the profile page: size limit, type from content, random names outside static/,
parsing in the isolated worker, and nothing of a refused upload left behind."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.documents import worker
from portal.extensions import db
from portal.models.candidates import CandidateCredential, Resume
from tests.unit.fuzz import hostile_files as hf
from tests.web.test_profile_helpers import candidate_of, make_docx, make_pdf, seeker, stored_files

# A Windows program: "MZ" header, DOS stub and a PE signature, as a renamed .exe starts.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00"
EXE += b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 64 + b"PE\x00\x00L\x01" + bytes(range(256)) * 8
# The same program with every byte printable except the NULs a PE header cannot avoid.
ASCII_EXE = b"MZ" + b"\x00" * 58 + b"@\x00\x00\x00" + b"PE\x00\x00" + b"echo pwned " * 200


def _rows(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def post_file(client: FlaskClient, data: bytes, filename: str, content_type: str | None = None) -> Any:
    """Post one file as a browser would, with the Content-Type the browser claims for it."""
    part: tuple[Any, ...] = (io.BytesIO(data), filename)
    if content_type is not None:
        part = (*part, content_type)
    return client.post("/me/resumes", data={"resume": part, "make_primary": "y"}, content_type="multipart/form-data")


def assert_nothing_left(app: Flask) -> None:
    """No resume row, no parsed credential, and no file (not even a hidden temporary one) in the upload folder."""
    db.session.expire_all()
    assert _rows(Resume) == 0 and _rows(CandidateCredential) == 0
    assert stored_files(app) == []


# Size -------------------------------------------------------------------------------------------------------------


def test_an_upload_over_the_limit_gets_a_413_page_that_says_what_to_do(
    client: FlaskClient, make_user, auth, app: Flask
) -> None:
    seeker(make_user, auth)
    # Flask reads the limit on every request, so a 1 MB limit here is the same code path as the default 10 MB.
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    body = (
        b'--b\r\nContent-Disposition: form-data; name="resume"; filename="big.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + make_pdf() + b"0" * (1024 * 1024) + b"\r\n--b--\r\n"
    )
    # Built by hand: the test client would spool a big file to a temporary file it never closes.
    response = client.post("/me/resumes", data=body, content_type="multipart/form-data; boundary=b")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "That file is too large." in page and "Traceback" not in page
    assert_nothing_left(app)
    # Just under the limit the same resume is accepted.
    assert post_file(client, make_pdf(), "cv.pdf").status_code == 302


# Type from the content ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "claimed", "kind"),
    [
        (make_docx(), "resume.pdf", "application/pdf", "docx"),
        (make_pdf(), "resume.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf"),
        (make_pdf(), "resume.txt", "text/plain", "pdf"),
        (
            "\n".join(["Jane Doe", "Registered Nurse (RN), expires 03/2027"]).encode(),
            "cv.pdf",
            "application/pdf",
            "txt",
        ),
        (make_docx(), "resume", "application/octet-stream", "docx"),
    ],
    ids=["docx-named-pdf", "pdf-named-docx", "pdf-claimed-text", "text-named-pdf", "no-extension"],
)
def test_the_type_is_decided_from_the_bytes_not_the_name_or_the_browsers_content_type(
    client: FlaskClient, make_user, auth, data: bytes, filename: str, claimed: str, kind: str
) -> None:
    user = seeker(make_user, auth)
    assert post_file(client, data, filename, claimed).status_code == 302
    resume = candidate_of(user).resumes[0]
    assert resume.kind == kind
    # The download name carries the real type, so the file opens in the right program.
    assert resume.original_filename.endswith(f".{kind}")
    assert "RN" in {c.code for c in candidate_of(user).credentials}
    download = client.get(f"/me/resumes/{resume.id}/download")
    assert (
        download.headers["Content-Type"].split(";")[0]
        == {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "txt": "text/plain",
        }[kind]
    )


@pytest.mark.parametrize("claimed", ["application/pdf", "text/plain", None])
@pytest.mark.parametrize("program", [EXE, ASCII_EXE], ids=["exe", "ascii-exe"])
def test_a_program_renamed_pdf_is_refused_whatever_the_browser_claims(
    client: FlaskClient, make_user, auth, app: Flask, program: bytes, claimed: str | None
) -> None:
    seeker(make_user, auth)
    response = post_file(client, program, "resume.pdf", claimed)
    assert response.status_code == 422
    assert "not a PDF, a Word document or readable text" in response.get_data(as_text=True)
    assert_nothing_left(app)


# Where and how the file is stored -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    ["../../x.pdf", "..\\..\\..\\x.pdf", "/etc/passwd", "static/x.pdf", "x.pdf\x00.exe", "<script>x</script>.pdf"],
)
def test_stored_under_a_random_name_outside_static_whatever_the_uploaded_name(
    client: FlaskClient, make_user, auth, app: Flask, filename: str
) -> None:
    user = seeker(make_user, auth)
    before = {p for p in Path(app.root_path).parent.rglob("x.pdf")}
    assert post_file(client, make_pdf(), filename).status_code == 302
    resume = candidate_of(user).resumes[0]
    files = stored_files(app)
    assert [f.name for f in files] == [resume.storage_key]
    assert re.fullmatch(r"[0-9a-f]{32}", resume.storage_key)
    upload_dir = Path(app.config["UPLOAD_DIR"]).resolve()
    assert files[0].resolve().parent == upload_dir
    assert not upload_dir.is_relative_to(Path(app.static_folder or "static").resolve())
    # Nothing appeared where the name pointed, and the name kept for downloads has no folder and no markup path.
    assert {p for p in Path(app.root_path).parent.rglob("x.pdf")} == before
    assert "/" not in resume.original_filename and "\\" not in resume.original_filename
    assert resume.original_filename.endswith(".pdf") and "\x00" not in resume.original_filename
    # The file is readable by its owner only, and no static URL serves it.
    assert files[0].stat().st_mode & 0o077 == 0
    assert client.get(f"/static/{resume.storage_key}").status_code == 404
    assert client.get("/static/../instance/uploads/" + resume.storage_key).status_code == 404


def test_the_upload_page_escapes_a_hostile_file_name(client: FlaskClient, make_user, auth) -> None:
    seeker(make_user, auth)
    post_file(client, make_pdf(), '"><img src=x onerror=alert(1)>.pdf')
    page = client.get("/me/").get_data(as_text=True)
    assert "<img src=x" not in page


# Parsed in the isolated worker -------------------------------------------------------------------------------------


def test_the_file_is_parsed_in_the_worker_process_not_in_the_web_process(
    client: FlaskClient, make_user, auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = seeker(make_user, auth)
    asked: list[int] = []
    original_ask = worker._Worker.ask

    def spy(self: worker._Worker, data: bytes, timeout: float) -> dict[str, object]:
        asked.append(self.process.pid)
        return original_ask(self, data, timeout)

    def in_web_process(_data: bytes) -> Any:
        raise AssertionError("a PDF was parsed inside the web process")

    monkeypatch.setattr(worker._Worker, "ask", spy)
    # The web process's own readers are broken on purpose: the upload still works because they never run here.
    monkeypatch.setattr(worker, "extract_text_in_process", in_web_process)
    assert post_file(client, make_pdf(), "cv.pdf").status_code == 302
    assert post_file(client, make_docx(), "cv.docx").status_code == 302
    assert len(asked) == 2 and all(pid != os.getpid() for pid in asked)
    assert {c.code for c in candidate_of(user).credentials} >= {"RN", "CCM"}


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (hf.docx_billion_laughs, "damaged"),
        (hf.nested_zip, "ZIP archive, not a Word"),
        (hf.docx_whose_body_is_a_zip, "damaged"),
        (lambda: hf.bit_flipped(make_pdf(), [8 * 400 + 3, 8 * 900 + 1, 8 * 1200]), ""),
    ],
    ids=["billion-laughs", "nested-zip", "zip-in-docx", "bit-flipped-pdf"],
)
def test_hostile_files_are_refused_with_a_message_and_leave_nothing(
    client: FlaskClient, make_user, auth, app: Flask, make_file: Any, message: str
) -> None:
    seeker(make_user, auth)
    response = post_file(client, make_file(), "resume.docx")
    page = response.get_data(as_text=True)
    if response.status_code == 302:
        # A flipped bit may hit a byte no reader looks at; the resume is then simply read.
        return
    assert response.status_code == 422 and message in page and "Traceback" not in page
    assert_nothing_left(app)


def test_a_file_that_overruns_the_time_limit_leaves_nothing_and_the_next_upload_works(
    client: FlaskClient, make_user, auth, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeker(make_user, auth)

    def too_slow(self: worker._Worker, data: bytes, timeout: float) -> dict[str, object]:
        raise worker._Timeout

    with monkeypatch.context() as patch:
        patch.setattr(worker._Worker, "ask", too_slow)
        response = post_file(client, make_pdf(), "slow.pdf")
    assert response.status_code == 422 and "took longer than" in response.get_data(as_text=True)
    assert_nothing_left(app)
    assert post_file(client, make_pdf(), "cv.pdf").status_code == 302
    assert len(stored_files(app)) == 1
