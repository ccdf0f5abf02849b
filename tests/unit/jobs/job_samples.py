"""Sample data shared by the jobs tests: the portal's credential codes, a fixed 'today' and a valid job file."""

from __future__ import annotations

from datetime import date
from typing import Any

PORTAL_CREDENTIAL_CODES = "RN LPN LSW LMSW LISW LCSW LICSW CCM ACM C-SWCM C-ASWCM CMAC CDMS CRC".split()

TODAY = date(2026, 11, 26)

VALID_JOB: dict[str, Any] = {
    "title": "RN Case Manager, Utilization Review",
    "template": "hospital_utilization_review",
    "required_credentials": [["RN"], ["CCM", "ACM"]],
    "preferred_credentials": ["CDMS"],
    "min_experience_months": 24,
    "degree": "BSN",
    "location": {"city": "Columbus", "region": "OH", "country": "US"},
    "remote": False,
    "employment_type": "FULL_TIME",
    "salary": {"currency": "USD", "min": 72000, "max": 88000, "unit": "YEAR"},
    "description": "<p>Join our <strong>case management</strong> team.</p><ul><li>Day shifts</li></ul>",
    "duties": ["Review admissions against InterQual criteria.", "Plan safe discharges."],
    "qualifications": ["Two years of acute-care nursing."],
    "skills": ["Utilization review", "Discharge planning"],
    "valid_through": "2027-01-31",
    "work_settings": ["hospitals"],
}
