"""Bad and hostile uploads give a clear DocumentError within the timeout, and the next good file still parses."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from portal.documents import extract_text
from portal.errors import DocumentError

from .document_samples import (
    docx_many_paragraphs,
    docx_zip_bomb,
    inflate_bomb_pdf,
    many_pages_pdf,
    picture_only_pdf,
    resume_docx,
    resume_pdf,
)

GOOD_PDF = resume_pdf()


def _truncated_pdf() -> bytes:
    return GOOD_PDF[: len(GOOD_PDF) // 2]


def _random_bytes_named_pdf() -> bytes:
    return b"\x00\x01binary" + os.urandom(4096)


CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty file", lambda: b"", "empty"),
    ("whitespace only", lambda: b"  \n\n ", "empty"),
    ("binary data renamed .pdf", _random_bytes_named_pdf, "not a PDF, a Word document or readable text"),
    ("truncated PDF", _truncated_pdf, "incomplete"),
    ("password-protected PDF", lambda: resume_pdf(password="s3cret"), "password"),
    ("PDF without a text layer", picture_only_pdf, "does not read images"),
    ("3,000-page PDF", lambda: many_pages_pdf(3000), "more than 20 pages"),
    ("DOCX zip bomb", lambda: docx_zip_bomb(200), "too large once unpacked"),
    ("DOCX with a million paragraphs", lambda: docx_many_paragraphs(1_000_000), "paragraphs"),
    ("ZIP that is not a DOCX", lambda: _plain_zip(), "not a Word"),
]


def _plain_zip() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(("label", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_a_clear_error_and_the_next_good_file_parses(
    label: str, make: Callable[[], bytes], message: str
) -> None:
    data = make()
    started = time.monotonic()
    with pytest.raises(DocumentError, match=message):
        extract_text(data, timeout=5)
    assert time.monotonic() - started < 5
    assert "Registered Nurse" in extract_text(GOOD_PDF).text


def test_stream_that_inflates_to_hundreds_of_megabytes_hits_the_memory_cap() -> None:
    bomb = inflate_bomb_pdf(300)
    assert len(bomb) < 2_000_000
    started = time.monotonic()
    with pytest.raises(DocumentError, match="more than 256 MB|longer than"):
        extract_text(bomb, timeout=5, memory_mb=256)
    assert time.monotonic() - started < 6
    assert "Registered Nurse" in extract_text(GOOD_PDF, memory_mb=256).text


def test_a_file_that_overruns_the_timeout_is_stopped_and_the_worker_replaced() -> None:
    with pytest.raises(DocumentError, match="longer than"):
        extract_text(resume_pdf(pages=20), timeout=0.001)
    assert extract_text(resume_docx()).kind == "docx"
    assert extract_text(GOOD_PDF).pages == 2


def test_files_over_the_upload_limit_are_refused_before_parsing() -> None:
    with pytest.raises(DocumentError, match="larger than 10 MB"):
        extract_text(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
