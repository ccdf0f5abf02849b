"""PDF resumes through pdfminer.six with layout analysis, so sidebars and columns read in a sensible order."""

from __future__ import annotations

import io

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from portal.documents.common import ExtractedText
from portal.errors import DocumentError

MAX_PAGES = 20
DAMAGED = "The PDF is damaged and cannot be read. Save or export it again and re-upload."


def _open_document(data: bytes) -> PDFDocument:
    # pdfminer repairs a missing trailer by scanning, so a cut-off upload would quietly lose its end: refuse it.
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError("The PDF is incomplete (the file seems cut off). Save or export it again and re-upload.")
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError("The PDF is password-protected. Remove the password and upload it again.") from exc


def _pages(document: PDFDocument) -> list[PDFPage]:
    pages: list[PDFPage] = []
    for page in PDFPage.create_pages(document):
        pages.append(page)
        if len(pages) > MAX_PAGES:
            raise DocumentError(f"The PDF has more than {MAX_PAGES} pages; a resume should be much shorter.")
    return pages


def extract_pdf_text(data: bytes) -> ExtractedText:
    """Return the text of a PDF in reading order; raise DocumentError when it cannot be read."""
    try:
        return _read_pdf(data)
    except (DocumentError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # pdfminer raises its own syntax errors, zlib.error, KeyError... on damaged files
        raise DocumentError(DAMAGED) from exc


def _read_pdf(data: bytes) -> ExtractedText:
    document = _open_document(data)
    if not document.is_extractable:
        # The owner restricted copying; the text is still readable and a resume is meant to be read.
        pass
    pages = _pages(document)
    if not pages:
        raise DocumentError("The PDF has no pages.")
    manager = PDFResourceManager(caching=True)
    out = io.StringIO()
    # boxes_flow=0.5 (the default) lets pdfminer order text boxes column by column, which keeps a sidebar together.
    converter = TextConverter(manager, out, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, converter)
    for page in pages:
        interpreter.process_page(page)
    converter.close()
    text = out.getvalue().replace("\x0c", "\n")
    if not text.strip():
        raise DocumentError(
            "The PDF has no text layer (it is probably a scan or a picture). The portal does not read images: "
            "upload a PDF exported from a word processor, a DOCX or a text file."
        )
    return ExtractedText(text=text, kind="pdf", pages=len(pages))
