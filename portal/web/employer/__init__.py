"""The employer's blueprint: dashboard and team (routes), the job builder, applicants and reports attach to it."""

from . import applicants, jobs, reports  # noqa: F401  (importing attaches their routes to bp)
from .routes import bp

__all__ = ["bp"]
