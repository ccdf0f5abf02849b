"""The certification-path checker: a short form for visitors, the profile for signed-in candidates."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("paths", __name__, url_prefix="/certification-path")
