"""The job seeker's recommended jobs: open jobs ranked for them by the screening rules, each with its explanation."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ...models import Role
from ...services import matching
from ..navigation import register_nav_link
from ..security import role_required
from .routes import bp

RECOMMENDED_LIMIT = 30

register_nav_link(Role.CANDIDATE, "candidate.recommended", "Recommended jobs")


@bp.route("/recommended")
@role_required(Role.CANDIDATE)
def recommended() -> str:
    candidate = matching.candidate_of(current_user)
    rows = matching.recommended_jobs(candidate, limit=RECOMMENDED_LIMIT) if candidate is not None else []
    has_resume = candidate is not None and candidate.primary_resume is not None
    return render_template("candidate/recommended.html", rows=rows, candidate=candidate, has_resume=has_resume)
