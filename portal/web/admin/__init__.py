"""The site administrator's pages: the portal in figures, and every account with suspend and restore."""

from .routes import bp

__all__ = ["bp"]
