"""The public job board (/jobs) and each published job's page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
