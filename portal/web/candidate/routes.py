"""The job seeker's side: profile, resumes, credentials, applications, certification path."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("candidate", __name__, url_prefix="/me")
