"""The credential catalog: licenses, certifications and degrees as validated data (pure)."""

from portal.catalog.catalog import (
    KINDS,
    Catalog,
    CatalogEntry,
    DegreeFieldRule,
    check_catalog,
    load_catalog,
    parse_catalog,
)

__all__ = ["KINDS", "Catalog", "CatalogEntry", "DegreeFieldRule", "check_catalog", "load_catalog", "parse_catalog"]
