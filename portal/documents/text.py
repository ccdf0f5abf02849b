"""Plain-text resumes: decode UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 / Latin-1."""

from __future__ import annotations

import codecs

from portal.documents.common import ExtractedText
from portal.errors import DocumentError

MAX_TEXT_CHARS = 2_000_000
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        # NUL bytes in a file that is not UTF-16 with a BOM mean binary data, not text.
        raise DocumentError("The file is not a PDF, a Word document or readable text.")
    try:
        # cp1252 is what Windows editors write; it differs from Latin-1 only in 0x80-0x9F (smart quotes, dashes).
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or ch == "\ufffd")
    return bad <= max(2, len(text) // 100)


def extract_plain_text(data: bytes) -> ExtractedText:
    """Decode a text file to a str, raising DocumentError when it is not text."""
    text = _decode(data)
    if not _looks_like_text(text):
        raise DocumentError("The file is not a PDF, a Word document or readable text.")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError("The text file is too long to be a resume.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ExtractedText(text=text, kind="text")
