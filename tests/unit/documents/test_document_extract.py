"""Good files of every format come back as text, and the type is decided by content, not by name."""

from __future__ import annotations

import codecs

import pytest

from portal.documents import detect_kind, extract_text
from portal.errors import DocumentError

from .document_samples import resume_docx, resume_pdf


def test_pdf_text_is_read_in_the_isolated_worker() -> None:
    result = extract_text(resume_pdf())
    assert result.kind == "pdf"
    assert result.pages == 2
    assert "Registered Nurse, Ohio Board of Nursing" in result.text
    assert "Jan 2019 - Present" in result.text


def test_two_column_pdf_keeps_the_sidebar_apart_from_the_main_column() -> None:
    text = extract_text(resume_pdf(pages=1, two_columns=True)).text
    lines = [line for line in text.splitlines() if line.strip()]
    # The sidebar's lines stay together instead of being interleaved with the main column line by line.
    start = lines.index("CONTACT")
    assert lines[start : start + 5] == ["CONTACT", "Dayton, OH", "SKILLS", "Discharge planning", "InterQual"]
    assert "Jordan Avery, BSN, RN, CCM" in lines


def test_docx_paragraphs_tables_and_headers_are_read_in_order() -> None:
    result = extract_text(resume_docx(header="Jordan Avery - page header"))
    assert result.kind == "docx"
    lines = result.text.splitlines()
    assert lines[0] == "Jordan Avery - page header"
    assert "Bachelor of Science in Nursing (BSN)" in lines
    # Header labels are repeated in each row so the meaning of a bare date survives.
    assert "Credential: ACM-RN | Number: ACM-4411 | Expires: 04/2024" in lines


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café résumé – RN".encode(), "Café résumé – RN"),
        (codecs.BOM_UTF8 + "Zoë Ng, RN".encode(), "Zoë Ng, RN"),
        ("Zoë Ng, RN".encode("utf-16"), "Zoë Ng, RN"),
        ("Renée O’Brien – LCSW".encode("cp1252"), "Renée O’Brien – LCSW"),
        ("Ñuñez, LPN".encode("latin-1"), "Ñuñez, LPN"),
    ],
)
def test_text_files_in_common_encodings_decode_correctly(data: bytes, expected: str) -> None:
    result = extract_text(data)
    assert result.kind == "text"
    assert result.text == expected


def test_type_comes_from_content_so_a_pdf_named_txt_is_still_a_pdf() -> None:
    assert detect_kind(resume_pdf(pages=1)) == "pdf"
    assert detect_kind(resume_docx()) == "docx"
    assert detect_kind(b"Jordan Avery\nRN") == "text"


def test_windows_line_endings_are_normalised() -> None:
    assert extract_text(b"Jordan Avery\r\nRN\r\n").text == "Jordan Avery\nRN\n"


def test_old_binary_word_files_are_refused_with_advice() -> None:
    with pytest.raises(DocumentError, match=r"\.docx"):
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
