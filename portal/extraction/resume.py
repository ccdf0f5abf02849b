"""parse_resume: everything the portal reads from a resume's text."""

from __future__ import annotations

from datetime import date

from portal.catalog import Catalog, load_catalog
from portal.extraction.contacts import find_email, find_name, find_phone
from portal.extraction.credentials import find_credentials
from portal.extraction.degrees import find_degrees
from portal.extraction.experience import experience_months
from portal.extraction.model import ParsedResume
from portal.extraction.sections import split_lines


def parse_resume(text: str, as_of: date, catalog: Catalog | None = None) -> ParsedResume:
    """Read name, contacts, credentials with status, completed degrees and months of experience from resume text."""
    catalog = catalog or load_catalog()
    lines = split_lines(text)
    email = find_email(text)
    name, name_line = find_name(lines, email)
    return ParsedResume(
        name=name,
        email=email,
        phone=find_phone(text),
        credentials=tuple(find_credentials(lines, catalog, as_of)),
        degrees=tuple(find_degrees(lines, catalog, as_of, name_line)),
        experience_months=experience_months(lines, as_of),
    )
