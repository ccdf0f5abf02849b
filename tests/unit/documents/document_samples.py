"""Documents the tests build themselves: real PDFs (fpdf2), DOCX (python-docx) and hostile files (zipfile, zlib)."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from fpdf import FPDF

RESUME_LINES = [
    "Jordan Avery, BSN, RN, CCM",
    "Dayton, OH | (937) 555-0100 | jordan.avery@example.com",
    "LICENSES & CERTIFICATIONS",
    "- Registered Nurse, Ohio Board of Nursing, #RN.123456, exp. 08/2028",
    "- Certified Case Manager (CCM), CCMC, exp. 2029",
    "PROFESSIONAL EXPERIENCE",
    "RN Case Manager",
    "Miami Valley Hospital, Dayton, OH | Jan 2019 - Present",
    "- Completed discharge planning for a 30-bed unit.",
    "Staff Nurse",
    "Miami Valley Hospital, Dayton, OH | Jun 2014 - Dec 2018",
    "EDUCATION",
    "Bachelor of Science in Nursing (BSN)",
    "Wright State University | 2014",
]


def resume_pdf(pages: int = 2, *, two_columns: bool = False, password: str | None = None) -> bytes:
    """A real resume PDF; with two_columns a sidebar sits to the left of the main column."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    for page in range(pages):
        pdf.add_page()
        if two_columns and page == 0:
            pdf.set_xy(10, 20)
            pdf.multi_cell(50, 5, "CONTACT\nDayton, OH\nSKILLS\nDischarge planning\nInterQual")
            pdf.set_xy(80, 20)
            pdf.multi_cell(120, 5, "\n".join(RESUME_LINES))
            continue
        for line in RESUME_LINES if page == 0 else [f"Page {page + 1} continued"] + RESUME_LINES[5:]:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def picture_only_pdf() -> bytes:
    """A PDF whose page has drawing but no text, like a scan."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def raw_pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered PDF objects (1..n, object 1 the catalog) into a file with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def many_pages_pdf(count: int) -> bytes:
    """A PDF with ``count`` pages that all share one small content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * count
    return raw_pdf(objects)


def inflate_bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream is a few hundred KB on disk and ``megabytes`` MB once inflated."""
    compressor = zlib.compressobj(1)
    block = b" " * (1 << 20)
    stream = b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ]
    )


def resume_docx(*, with_table: bool = True, header: str | None = None) -> bytes:
    """A real resume DOCX: paragraphs, an optional credentials table with a header row, an optional page header."""
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for line in RESUME_LINES:
        document.add_paragraph(line)
    if with_table:
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ["Credential", "Number", "Expires"], strict=True):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, ["ACM-RN", "ACM-4411", "04/2024"], strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_zip_bomb(megabytes: int) -> bytes:
    """A .docx-shaped ZIP whose document.xml inflates to ``megabytes`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b"<" * (1 << 20)
            for _ in range(megabytes):
                entry.write(block)
    return out.getvalue()


def docx_many_paragraphs(count: int) -> bytes:
    """A .docx-shaped ZIP whose body has ``count`` paragraphs."""
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * count
        + b"</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", body)
    return out.getvalue()
