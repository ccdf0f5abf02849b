"""Credentials with status, degrees, experience and contacts read from resume text (pure)."""

from portal.extraction.model import (
    EXPIRED,
    HELD,
    IN_PROGRESS,
    STATUSES,
    CredentialMention,
    DegreeMention,
    ParsedResume,
    collapse_statuses,
)
from portal.extraction.resume import parse_resume

__all__ = [
    "EXPIRED",
    "HELD",
    "IN_PROGRESS",
    "STATUSES",
    "CredentialMention",
    "DegreeMention",
    "ParsedResume",
    "collapse_statuses",
    "parse_resume",
]
