"""The portal's own exceptions.

Domain code and services raise these; views turn them into a message and a 4xx, the CLI into a message and an exit
status. Nothing else should escape to a user.
"""

from __future__ import annotations


class PortalError(Exception):
    """Base class of every error the portal raises on purpose."""


class ConfigError(PortalError):
    """A setting is missing or has a value the portal cannot use."""


class CatalogError(PortalError):
    """A data file (credential catalog, template, rule set) failed validation."""


class DocumentError(PortalError):
    """A document could not be read; the message says why in words a user understands."""


class InvalidInput(PortalError):
    """Input from a user or a file is invalid. ``field`` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        base = super().__str__()
        return f"{self.field}: {base}" if self.field else base


class NotAllowed(PortalError):
    """The action is not allowed in the object's current state (e.g. a pipeline transition)."""


class IndexBusy(PortalError):
    """The search index stayed locked by another writer for longer than the retry budget."""
