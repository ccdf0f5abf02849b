"""Typed SQLAlchemy models, one module per aggregate."""

from .accounts import Invitation, LoginSession, Organization, Role, User
from .applications import Application, ApplicationEvent, CandidateLink, ResumeAccess, ScreeningNote, Shortlist
from .candidates import Candidate, CandidateCredential, CandidateDegree, DismissedCredential, ExpiryReminder, Resume
from .jobs import Job, JobStatus

__all__ = [
    "Application",
    "ApplicationEvent",
    "Candidate",
    "CandidateCredential",
    "CandidateDegree",
    "CandidateLink",
    "DismissedCredential",
    "ExpiryReminder",
    "Invitation",
    "Job",
    "LoginSession",
    "JobStatus",
    "Organization",
    "Resume",
    "ResumeAccess",
    "Role",
    "ScreeningNote",
    "Shortlist",
    "User",
]
