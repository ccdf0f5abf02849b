"""Helpers (no tests here) for the profile tests: real PDF and DOCX resumes, a logged-in job seeker, the outbox."""

from __future__ import annotations

import io
from collections.abc import Callable
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from docx import Document
from flask import Flask
from fpdf import FPDF

from portal.extensions import db
from portal.models import Role, User
from portal.models.candidates import Candidate

RESUME_LINES = (
    "Jane Doe",
    "jane.doe@example.org | (555) 123-4567",
    "",
    "LICENSES AND CERTIFICATIONS",
    "Registered Nurse (RN), New York, License No. 123456, expires 03/31/2027",
    "Certified Case Manager (CCM), expires 12/31/2026",
    "",
    "EDUCATION",
    "Bachelor of Science in Nursing, Hunter College, 2012",
    "",
    "EXPERIENCE",
    "Case Manager, Mercy Hospital, January 2015 - Present",
    "Staff Nurse, City Hospital, June 2012 - December 2014",
)


def make_pdf(lines: tuple[str, ...] | list[str] = RESUME_LINES) -> bytes:
    """A real PDF with a text layer holding ``lines``."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    """A PDF whose page has only a drawing, no text: what a scanner produces, as far as text goes."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def make_docx(lines: tuple[str, ...] | list[str] = RESUME_LINES) -> bytes:
    """A real Word document with one paragraph per line."""
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seeker(make_user: Callable[..., User], auth: Any, *, email: str | None = None, name: str = "Jane Doe") -> User:
    """A job seeker, logged in."""
    user = make_user(Role.CANDIDATE, email=email, name=name)
    auth.login(user.email)
    return user


def candidate_of(user: User) -> Candidate:
    """The candidate profile of a job seeker, read fresh from the database."""
    db.session.expire_all()
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
    assert candidate is not None
    return candidate


def upload(client: Any, data: bytes, filename: str = "resume.pdf", *, make_primary: bool = True, **headers: str) -> Any:
    """Post a resume file the way the profile page's form does."""
    form: dict[str, Any] = {"resume": (io.BytesIO(data), filename)}
    if make_primary:
        form["make_primary"] = "y"
    return client.post("/me/resumes", data=form, content_type="multipart/form-data", headers=headers)


def stored_files(app: Flask) -> list[Path]:
    """Every file in the upload folder (hidden temporary files included: none may be left behind)."""
    return sorted(p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file())


def outbox(app: Flask) -> list[Message]:
    """The e-mails written to the outbox, oldest first."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def body_of(message: Message) -> str:
    """The plain-text body of an e-mail."""
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")
