"""Applications and their pipeline history; recruiters' shortlists and notes; who opened which resume."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .base import utcnow
from .candidates import Candidate, Resume
from .jobs import Job


class Application(db.Model):
    __tablename__ = "applications"
    __table_args__ = (sa.UniqueConstraint("job_id", "candidate_id", name="uq_applications_job_candidate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), index=True)
    resume_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resumes.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="applied", index=True)
    # How the person entered this job's pipeline: applied (themselves), sourced (the organisation's own import) or
    # discovered (a discoverable job seeker a recruiter added).
    source: Mapped[str] = mapped_column(sa.String(20), default="applied", server_default="applied")
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    job: Mapped[Job] = relationship()
    candidate: Mapped[Candidate] = relationship()
    resume: Mapped[Resume | None] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationEvent.created_at"
    )


class ApplicationEvent(db.Model):
    """One change of an application's status: who, when, from what, to what."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class CandidateLink(db.Model):
    """One person known twice to an organisation: a sourced record found to be the same as a job seeker who applied.

    The sourced record is kept (its notes and shortlist entries stay where they are) and points at the applicant, so
    pools and lists can show one person; ``matched_on`` says why they were taken for the same person.
    """

    __tablename__ = "candidate_links"
    __table_args__ = (sa.UniqueConstraint("sourced_candidate_id", name="uq_candidate_links_sourced_candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    sourced_candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    matched_on: Mapped[str] = mapped_column(sa.String(20))  # email or resume (same file sha256)
    linked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sourced_candidate: Mapped[Candidate] = relationship(foreign_keys=[sourced_candidate_id])
    candidate: Mapped[Candidate] = relationship(foreign_keys=[candidate_id])


class Shortlist(db.Model):
    __tablename__ = "shortlists"
    __table_args__ = (sa.UniqueConstraint("job_id", "candidate_id", name="uq_shortlists_job_candidate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScreeningNote(db.Model):
    __tablename__ = "screening_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class ResumeAccess(db.Model):
    """Every view or download of a resume file, shown to the candidate."""

    __tablename__ = "resume_accesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(sa.ForeignKey("resumes.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(20))  # view or download
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()
