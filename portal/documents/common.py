"""The result of text extraction and how a file's type is decided from its bytes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from portal.errors import DocumentError

KINDS = ("pdf", "docx", "text")


@dataclass(frozen=True)
class ExtractedText:
    """Plain text read from a document, with the format it was read as."""

    text: str
    kind: str
    pages: int | None = None


def detect_kind(data: bytes) -> str:
    """Decide 'pdf', 'docx' or 'text' from the content alone (never the file name); raise DocumentError otherwise."""
    if not data or not data.strip():
        raise DocumentError("The file is empty.")
    # A PDF header may sit after some junk bytes; readers accept it within the first KB.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise DocumentError("The file looks like a damaged ZIP or Word file and cannot be read.") from exc
        if "word/document.xml" in names:
            return "docx"
        raise DocumentError("The file is a ZIP archive, not a Word (.docx) document. Upload a PDF, DOCX or text file.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentError("Old Word (.doc) files are not supported. Save it as .docx or PDF and upload again.")
    return "text"
