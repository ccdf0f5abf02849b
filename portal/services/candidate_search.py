"""The candidate ranking's Whoosh index kept in step with the database (to be filled in by the job-board work)."""

from __future__ import annotations


def rebuild_index() -> int:
    """Rebuild the candidates index from the candidates; return how many were indexed."""
    return 0


def check_index() -> list[str]:
    """Differences between the candidates index and the database."""
    return []
