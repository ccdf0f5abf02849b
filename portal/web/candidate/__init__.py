"""The job seeker's blueprint: the profile (routes), applications and recommended jobs attach their routes to it."""

from . import applications, recommended  # noqa: F401  (importing attaches their routes to bp)
from .routes import bp

__all__ = ["bp"]
