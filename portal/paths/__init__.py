"""Certification paths: rules as data (``rules.json``) and a pure eligibility check over them."""

from portal.paths.check import (
    ALREADY_HELD,
    PathProfile,
    PathResult,
    add_months,
    check_paths,
    normalize_path_codes,
    normalize_profile,
)
from portal.paths.rules import DEFAULT_RULES_FILE, PathRule, RuleSet, load_rules

__all__ = [
    "ALREADY_HELD",
    "DEFAULT_RULES_FILE",
    "PathProfile",
    "PathResult",
    "PathRule",
    "RuleSet",
    "add_months",
    "check_paths",
    "load_rules",
    "normalize_path_codes",
    "normalize_profile",
]
