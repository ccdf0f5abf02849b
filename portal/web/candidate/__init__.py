from .routes import bp

__all__ = ["bp"]
from . import applications  # noqa: E402,F401  (routes attached to bp)
from . import recommended  # noqa: E402,F401  (routes attached to bp)
