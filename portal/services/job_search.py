"""The job board's Whoosh index kept in step with the database (to be filled in by the job-board work)."""

from __future__ import annotations


def rebuild_index() -> int:
    """Rebuild the jobs index from the published jobs; return how many were indexed."""
    return 0


def check_index() -> list[str]:
    """Differences between the jobs index and the database."""
    return []
