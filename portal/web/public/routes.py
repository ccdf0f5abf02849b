"""Pages anyone can open: the home page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template

from ...extensions import db
from ...models import Job, JobStatus

bp = Blueprint("public", __name__)


@bp.route("/")
def index() -> str:
    jobs = db.session.scalars(
        sa.select(Job).where(Job.status == JobStatus.PUBLISHED).order_by(Job.published_at.desc()).limit(10)
    ).all()
    return render_template("public/index.html", jobs=jobs)
