"""Demo data for ``make run``: one employer organisation with a recruiter, a few candidates and published jobs."""

from __future__ import annotations

from datetime import date, timedelta

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from .extensions import db
from .models import Candidate, CandidateCredential, CandidateDegree, Job, JobStatus, Role, User
from .models.base import utcnow
from .services import accounts

demo_cli = AppGroup("demo", help="Demo data for trying the portal locally.")

DEMO_PASSWORD = "lantern-harbor-meadow-42"
ORGANIZATION = "Riverside Health System"

USERS = [
    ("employer", "employer@demo.example", "Elena Marsh"),
    ("recruiter", "recruiter@demo.example", "Ravi Patel"),
    ("candidate", "karen@demo.example", "Karen Whitmore"),
    ("candidate", "marcus@demo.example", "Marcus Lee"),
    ("candidate", "priya@demo.example", "Priya Shah"),
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

JOBS = [
    dict(
        title="RN Case Manager, Inpatient",
        template="hospital",
        city="Columbus",
        region="OH",
        required=[["RN"]],
        preferred=["CCM", "ACM"],
        months=24,
        salary=(72000, 88000),
    ),
    dict(
        title="Behavioral Health Case Manager",
        template="mental_health",
        city="Dayton",
        region="OH",
        required=[["LSW", "LISW", "LCSW"]],
        preferred=["C-SWCM"],
        months=12,
        salary=(48000, 60000),
    ),
    dict(
        title="Utilization Review Nurse (Remote)",
        template="insurance",
        city="",
        region="OH",
        remote=True,
        required=[["RN"], ["CCM", "ACM"]],
        preferred=[],
        months=36,
        salary=(80000, 95000),
    ),
    dict(
        title="Community Case Manager",
        template="community",
        city="Cleveland",
        region="OH",
        required=[],
        preferred=["LSW"],
        months=0,
        salary=(42000, 52000),
    ),
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
            email=email, password=DEMO_PASSWORD, role=Role(role), name=name, organization=org
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
    for spec in JOBS:
        db.session.add(
            Job(
                organization=organization,
                created_by=employer,
                status=JobStatus.PUBLISHED,
                title=spec["title"],
                template=spec["template"],
                city=spec["city"],
                region=spec["region"],
                country="US",
                remote=spec.get("remote", False),
                required_credentials=spec["required"],
                preferred_credentials=spec["preferred"],
                min_experience_months=spec["months"],
                salary_min=spec["salary"][0],
                salary_max=spec["salary"][1],
                salary_currency="USD",
                salary_unit="YEAR",
                valid_through=date.today() + timedelta(days=60),
                published_at=utcnow(),
                description="A case management role with a supportive, experienced team.",
            )
        )
    db.session.flush()
