"""Candidates (job seekers and sourced people), their resumes, credentials and degrees."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import Organization, User
from .base import utcnow


class Candidate(db.Model):
    """A case manager the portal knows: a job seeker with an account, or a person an employer sourced.

    ``user_id`` is set for job seekers; ``owner_org_id`` for people an organisation imported. The pool of a job is drawn
    from these two and from ``discoverable``.
    """

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    owner_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    discoverable: Mapped[bool] = mapped_column(default=False)
    experience_months: Mapped[int | None] = mapped_column()
    source_file: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User | None] = relationship()
    owner_org: Mapped[Organization | None] = relationship()
    resumes: Mapped[list[Resume]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="Resume.uploaded_at"
    )
    credentials: Mapped[list[CandidateCredential]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="CandidateCredential.code"
    )
    degrees: Mapped[list[CandidateDegree]] = relationship(back_populates="candidate", cascade="all, delete-orphan")
    dismissed_credentials: Mapped[list[DismissedCredential]] = relationship(cascade="all, delete-orphan")
    expiry_reminders: Mapped[list[ExpiryReminder]] = relationship(cascade="all, delete-orphan")

    @property
    def primary_resume(self) -> Resume | None:
        """The resume the candidate chose as primary, else the newest."""
        for resume in self.resumes:
            if resume.is_primary:
                return resume
        return self.resumes[-1] if self.resumes else None


class Resume(db.Model):
    __tablename__ = "resumes"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), index=True)
    storage_key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    original_filename: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[str] = mapped_column(sa.String(10))  # pdf, docx or txt: decided from the content
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    is_primary: Mapped[bool] = mapped_column(default=False)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="resumes")


class CandidateCredential(db.Model):
    """A license or certification; ``origin`` keeps whether the parser found it or the candidate entered it."""

    __tablename__ = "candidate_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20))  # held, expired, in_progress
    states: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    number: Mapped[str | None] = mapped_column(sa.String(60))
    expires: Mapped[date | None] = mapped_column()
    evidence: Mapped[str | None] = mapped_column(sa.Text)
    origin: Mapped[str] = mapped_column(sa.String(20), default="parsed")  # parsed or entered
    confirmed: Mapped[bool] = mapped_column(default=False)
    # What the parser said before the candidate corrected it, kept for audit and to measure the parser.
    parsed_status: Mapped[str | None] = mapped_column(sa.String(20))

    candidate: Mapped[Candidate] = relationship(back_populates="credentials")


class CandidateDegree(db.Model):
    __tablename__ = "candidate_degrees"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    field: Mapped[str | None] = mapped_column(sa.String(200))
    institution: Mapped[str | None] = mapped_column(sa.String(200))
    year: Mapped[int | None] = mapped_column()

    candidate: Mapped[Candidate] = relationship(back_populates="degrees")


class DismissedCredential(db.Model):
    """A credential code the candidate removed as wrongly read, so parsing a resume again does not bring it back."""

    __tablename__ = "dismissed_credentials"
    __table_args__ = (sa.UniqueConstraint("candidate_id", "code", name="uq_dismissed_credentials_candidate_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExpiryReminder(db.Model):
    """One expiry e-mail sent for a credential.

    Keyed by code and expiry date rather than by the credential row, because parsing a new resume replaces unconfirmed
    rows and must not make the same reminder go out again; a renewed credential (new expiry date) is reminded anew.
    """

    __tablename__ = "expiry_reminders"
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "code", "expires", "threshold_days", name="uq_expiry_reminders_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    expires: Mapped[date] = mapped_column()
    threshold_days: Mapped[int] = mapped_column()  # 90, 60 or 30
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
