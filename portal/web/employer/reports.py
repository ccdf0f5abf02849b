"""Employer reports: pipeline, time to fill, applicants, salary, open jobs; CSV and Excel export."""

from __future__ import annotations

from .routes import bp  # noqa: F401
