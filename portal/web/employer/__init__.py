from .routes import bp

__all__ = ["bp"]
from . import applicants, reports  # noqa: E402,F401,I001  (applications team: routes attached to bp)
from . import jobs  # noqa: E402,F401  (the job builder's routes attach to bp)
