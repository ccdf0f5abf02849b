"""Reading the package's JSON data files and checking the fields every data file shares."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from portal.errors import CatalogError

DATA_DIR = Path(__file__).resolve().parent

# "2026-11-26" or, for monthly statistics such as BLS May estimates, "2022-05".
_AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def read_json_object(path: Path) -> dict[str, Any]:
    """Parse a JSON data file that must hold one object, raising CatalogError that names the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise CatalogError(f"{path.name}: is not valid JSON ({where}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: must hold a JSON object at the top level")
    return data


def is_as_of(value: object) -> bool:
    """True when value is an as_of date written YYYY-MM-DD or YYYY-MM."""
    return isinstance(value, str) and bool(_AS_OF.match(value))


def is_source(value: object) -> bool:
    """True when value is a non-empty source reference (a URL or a named document)."""
    return isinstance(value, str) and bool(value.strip())


def is_url(value: object) -> bool:
    """True when value is an http(s) URL."""
    return isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) > 10
