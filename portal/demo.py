"""Demo data for ``make run``: one employer organisation with a recruiter, a few candidates and published jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from . import clock
from .extensions import db
from .jobs import spec_from_template, spec_to_json
from .models import Candidate, CandidateCredential, CandidateDegree, Role, User
from .services import accounts
from .services import jobs as job_service

demo_cli = AppGroup("demo", help="Demo data for trying the portal locally.")

DEMO_PASSWORD = "lantern-harbor-meadow-42"
ORGANIZATION = "Riverside Health System"

USERS = [
    ("employer", "employer@demo.example", "Elena Marsh"),
    ("recruiter", "recruiter@demo.example", "Ravi Patel"),
    ("candidate", "karen@demo.example", "Karen Whitmore"),
    ("candidate", "marcus@demo.example", "Marcus Lee"),
    ("candidate", "priya@demo.example", "Priya Shah"),
    ("admin", "admin@demo.example", "Ada Okafor"),
]

CANDIDATE_FACTS = {
    "karen@demo.example": ("Columbus, OH", 96, [("RN", "held", ["OH"]), ("CCM", "held", [])], [("BSN", "Nursing")]),
    "marcus@demo.example": ("Dayton, OH", 40, [("LSW", "held", ["OH"])], [("BSW", "Social Work")]),
    "priya@demo.example": (
        "Cleveland, OH",
        130,
        [("LISW", "held", ["OH"]), ("C-SWCM", "in_progress", [])],
        [("MSW", "Social Work")],
    ),
}

# Each demo job is a template with a few fields changed, built and published through the job services (so it is
# validated like any other job and lands on the board's index).
JOBS: list[dict[str, Any]] = [
    {
        "template": "hospital_utilization_review",
        "title": "RN Case Manager, Inpatient",
        "location": {"city": "Columbus", "region": "OH", "country": "US"},
        "required_credentials": [["RN"]],
        "preferred_credentials": ["CCM", "ACM"],
        "min_experience_months": 24,
        "salary": {"currency": "USD", "min": 72000, "max": 88000, "unit": "YEAR"},
    },
    {
        "template": "mental_health",
        "title": "Behavioral Health Case Manager",
        "location": {"city": "Dayton", "region": "OH", "country": "US"},
        "required_credentials": [["LSW", "LISW", "LCSW"]],
        "preferred_credentials": ["C-SWCM"],
        "min_experience_months": 12,
        "salary": {"currency": "USD", "min": 48000, "max": 60000, "unit": "YEAR"},
    },
    {
        "template": "insurance_preauthorization",
        "title": "Utilization Review Nurse (Remote)",
        "location": {"city": "", "region": "OH", "country": "US"},
        "remote": True,
        "required_credentials": [["RN"], ["CCM", "ACM"]],
        "preferred_credentials": [],
        "min_experience_months": 36,
        "salary": {"currency": "USD", "min": 80000, "max": 95000, "unit": "YEAR"},
    },
    {
        "template": "community_social_services",
        "title": "Community Case Manager",
        "location": {"city": "Cleveland", "region": "OH", "country": "US"},
        "required_credentials": [],
        "preferred_credentials": ["LSW"],
        "min_experience_months": 0,
        "salary": {"currency": "USD", "min": 42000, "max": 52000, "unit": "YEAR"},
    },
]


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo data once (does nothing if it is already there) and print the demo log-ins."""
    if db.session.scalar(sa.select(User).where(User.email == USERS[0][1])) is None:
        load_demo_data()
        db.session.commit()
        click.echo("Demo data loaded.")
    else:
        click.echo("Demo data is already loaded.")
    click.echo(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
    for role, email, _name in USERS:
        click.echo(f"  {role:<10} {email}")


def load_demo_data() -> None:
    """Create the demo organisation, users, candidate profiles and published jobs."""
    organization = accounts.find_or_create_organization(ORGANIZATION)
    users: dict[str, User] = {}
    for role, email, name in USERS:
        org = organization if role in ("employer", "recruiter") else None
        users[email] = accounts.create_user(
            email=email, password=DEMO_PASSWORD, role=Role(role), name=name, organization=org, confirmed=True
        )
    for email, (location, months, credentials, degrees) in CANDIDATE_FACTS.items():
        candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == users[email].id))
        candidate.location = location
        candidate.experience_months = months
        candidate.discoverable = True
        for code, status, states in credentials:
            candidate.credentials.append(
                CandidateCredential(code=code, status=status, states=states, origin="entered", confirmed=True)
            )
        for code, field in degrees:
            candidate.degrees.append(CandidateDegree(code=code, field=field))
    employer = users[USERS[0][1]]
    for changes in JOBS:
        data = spec_to_json(spec_from_template(changes["template"]))
        data.update(changes)
        data["valid_through"] = (clock.today() + timedelta(days=60)).isoformat()
        job = job_service.create_job(
            organization=organization, created_by=employer, spec=job_service.validate_job_data(data)
        )
        job_service.publish_job(job)
    db.session.flush()
