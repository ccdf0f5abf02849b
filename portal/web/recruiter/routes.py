"""The recruiter's side: ranked candidates for each job, screening, shortlist, pipeline."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("recruiter", __name__, url_prefix="/screening")
