"""Word (.docx) resumes through python-docx: body paragraphs, tables and headers, after checking the ZIP is sane."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from docx.document import Document as DocxDocument
from docx.table import Table

from portal.documents.common import ExtractedText
from portal.errors import DocumentError

MAX_ENTRIES = 500
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_PARAGRAPHS = 20_000
_CHUNK = 1 << 20
_PARAGRAPH_TAG = re.compile(rb"<w:p[ />]")


def _check_archive(data: bytes) -> None:
    """Refuse zip bombs and monster documents before python-docx builds an XML tree from them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError("The Word file is damaged and cannot be read.") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DocumentError("The Word file contains too many parts to be a resume.")
        # zipfile never inflates past an entry's declared size, so the declared sizes are a real bound.
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
            raise DocumentError("The Word file is too large once unpacked (it may be a ZIP bomb).")
        paragraphs = 0
        tail = b""
        try:
            with archive.open("word/document.xml") as body:
                while chunk := body.read(_CHUNK):
                    # The 4-byte tail is shorter than a match, so a paragraph split across chunks is counted once.
                    paragraphs += len(_PARAGRAPH_TAG.findall(tail + chunk))
                    tail = chunk[-4:]
                    if paragraphs > MAX_PARAGRAPHS:
                        raise DocumentError(
                            f"The Word file has more than {MAX_PARAGRAPHS:,} paragraphs; "
                            "a resume should be much shorter."
                        )
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise DocumentError("The Word file is damaged and cannot be read.") from exc


def _table_lines(table: Table) -> list[str]:
    """One line per row; a header row's labels are repeated before each cell so "Expires: 06/2027" keeps its meaning."""
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
    if not rows:
        return []
    header = rows[0]
    has_header = len(rows) > 1 and all(h and not any(ch.isdigit() for ch in h) for h in header)
    lines = [" | ".join(header)]
    for row in rows[1:]:
        cells = [f"{h}: {c}" if has_header and c else c for h, c in zip(header, row, strict=False)]
        lines.append(" | ".join(cells))
    return lines


def _document_lines(document: DocxDocument) -> list[str]:
    lines: list[str] = []
    for section in document.sections:
        lines.extend(p.text for p in section.header.paragraphs if p.text.strip())
    # Walk the body in order so a table sits where the author put it.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return lines


def extract_docx_text(data: bytes) -> ExtractedText:
    """Return the text of a .docx (headers, paragraphs, tables in order); raise DocumentError when unreadable."""
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many unrelated types for broken packages
        raise DocumentError("The Word file is damaged and cannot be read.") from exc
    try:
        text = "\n".join(_document_lines(document))
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # a package that opens can still hold parts python-docx cannot walk
        raise DocumentError("The Word file is damaged and cannot be read.") from exc
    if not text.strip():
        raise DocumentError("The Word file contains no text.")
    return ExtractedText(text=text, kind="docx")
