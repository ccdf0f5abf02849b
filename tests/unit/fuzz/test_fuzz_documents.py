"""Property tests: the file readers answer any bytes with text or a DocumentError, never another exception.

The in-process readers are fuzzed directly (fast, and they are what runs inside the worker); the isolated
``extract_text`` gets the hand-made hostile files, so the worker's caps and error mapping are exercised too.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.documents import ExtractedText, detect_kind, extract_text, extract_text_in_process
from portal.documents.text import extract_plain_text
from portal.errors import DocumentError
from tests.unit.fuzz import hostile_files as hf

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD_PDF = hf.resume_pdf()
GOOD_DOCX = hf.resume_docx()


def read_or_refuse(data: bytes) -> ExtractedText | DocumentError:
    """The reader's answer: text, or the DocumentError it raised (anything else fails the test)."""
    try:
        return extract_text_in_process(data)
    except DocumentError as exc:
        return exc


def answer_of(result: ExtractedText | DocumentError) -> tuple[str, ...]:
    """A comparable form of an answer, so two runs on the same bytes can be checked for equality."""
    if isinstance(result, DocumentError):
        return ("error", str(result))
    return (result.kind, result.text, str(result.pages))


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_give_text_or_a_document_error(data: bytes) -> None:
    result = read_or_refuse(data)
    if isinstance(result, ExtractedText):
        assert result.kind in ("pdf", "docx", "text") and result.text.strip()
    else:
        assert str(result), "a refusal must say why"


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
def test_text_files_in_any_common_encoding_never_crash_and_keep_their_words(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    result = read_or_refuse(data)
    if isinstance(result, ExtractedText) and result.kind == "text" and encoding != "cp1252":
        # Decoded text keeps every word of a text file; only line endings are normalised.
        assert result.text.split() == text.replace("\r\n", "\n").replace("\r", "\n").split() or "\ufffd" in result.text


@FUZZ
@given(st.floats(min_value=0.0, max_value=0.999), st.sampled_from(["pdf", "docx"]))
def test_truncated_uploads_are_refused_or_read_never_crash(fraction: float, kind: str) -> None:
    base = GOOD_PDF if kind == "pdf" else GOOD_DOCX
    result = read_or_refuse(hf.truncated(base, fraction))
    if isinstance(result, ExtractedText):
        # Only a prefix that still is a whole file may be read (a DOCX's central directory sits at the end).
        assert result.kind in ("pdf", "docx", "text")


@FUZZ
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12), st.sampled_from(["pdf", "docx"]))
def test_bit_flipped_pdf_and_docx_give_text_or_a_document_error(positions: list[int], kind: str) -> None:
    base = GOOD_PDF if kind == "pdf" else GOOD_DOCX
    read_or_refuse(hf.bit_flipped(base, positions))


@FUZZ
@given(st.binary(min_size=1, max_size=2048), st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b""]))
def test_a_known_magic_number_on_junk_still_gives_a_document_error(tail: bytes, magic: bytes) -> None:
    read_or_refuse(magic + tail)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_the_same_bytes_always_give_the_same_answer(data: bytes) -> None:
    assert answer_of(read_or_refuse(data)) == answer_of(read_or_refuse(data))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=512))
def test_the_type_comes_from_the_content_alone(data: bytes) -> None:
    try:
        kind = detect_kind(data)
    except DocumentError:
        return
    assert kind in ("pdf", "docx", "text")
    if kind == "text":
        try:
            assert extract_plain_text(data).kind == "text"
        except DocumentError:
            pass


# Hand-made hostile files, through the isolated worker the upload path uses ------------------------------------


def test_zip_entries_named_to_escape_are_never_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = extract_text(hf.docx_with_traversal_names())
    # The resume inside is still read, and nothing was written next to, above or outside the working folder.
    assert result.kind == "docx" and "LCSW" in result.text
    assert not list(tmp_path.rglob("fuzz-*")) and not list(tmp_path.parent.parent.glob("fuzz-escaped.txt"))
    assert not Path("/tmp/fuzz-absolute.txt").exists()


def test_nested_zips_are_refused_as_not_a_word_file() -> None:
    with pytest.raises(DocumentError, match="ZIP archive, not a Word"):
        extract_text(hf.nested_zip(depth=8))


def test_a_word_file_whose_body_is_another_zip_is_refused() -> None:
    with pytest.raises(DocumentError, match="damaged"):
        extract_text(hf.docx_whose_body_is_a_zip())


def test_billion_laughs_in_the_word_body_is_refused_quickly_without_expansion() -> None:
    started = time.monotonic()
    try:
        result = extract_text(hf.docx_billion_laughs(), timeout=10)
    except DocumentError:
        pass
    else:
        # If a parser ever accepts the file, the entities must stay unexpanded.
        assert "lollollol" not in result.text
    assert time.monotonic() - started < 5


def test_external_entities_in_the_word_body_are_not_resolved() -> None:
    try:
        text = extract_text(hf.docx_external_entity()).text
    except DocumentError:
        return
    assert "root:" not in text and "Case Manager" in text


def test_a_pdf_with_a_javascript_action_is_read_as_text_and_the_script_is_ignored() -> None:
    result = extract_text(hf.pdf_with_javascript())
    assert result.kind == "pdf" and "Registered Nurse RN" in result.text
    assert "SECRET_JS_MARKER" not in result.text and "launchURL" not in result.text


def test_a_page_tree_that_contains_itself_ends_with_an_answer() -> None:
    started = time.monotonic()
    with pytest.raises(DocumentError):
        extract_text(hf.pdf_with_self_referencing_pages(), timeout=10)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_truncated_files_through_the_worker_get_a_clear_refusal_and_the_next_good_file_reads(
    kind: str, fraction: float
) -> None:
    base = GOOD_PDF if kind == "pdf" else GOOD_DOCX
    with pytest.raises(DocumentError) as refused:
        extract_text(hf.truncated(base, fraction))
    assert "Traceback" not in str(refused.value) and str(refused.value)
    assert "LCSW" in extract_text(base).text
