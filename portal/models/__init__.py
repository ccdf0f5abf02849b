"""Typed SQLAlchemy models, one module per aggregate."""

from .accounts import Invitation, Organization, Role, User
from .applications import Application, ApplicationEvent, ResumeAccess, ScreeningNote, Shortlist
from .candidates import Candidate, CandidateCredential, CandidateDegree, Resume
from .jobs import Job, JobStatus

__all__ = [
    "Application",
    "ApplicationEvent",
    "Candidate",
    "CandidateCredential",
    "CandidateDegree",
    "Invitation",
    "Job",
    "JobStatus",
    "Organization",
    "Resume",
    "ResumeAccess",
    "Role",
    "ScreeningNote",
    "Shortlist",
    "User",
]
