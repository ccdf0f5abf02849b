"""Helpers (no tests here): candidates, resumes and jobs made straight in the database for the ranking tests."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from portal.extensions import db
from portal.models import Candidate, CandidateCredential, CandidateDegree, Job, JobStatus, Organization, Resume

_keys = itertools.count(1)


def make_candidate(
    *,
    name: str = "Pat Doe",
    email: str | None = None,
    owner: Organization | None = None,
    discoverable: bool = False,
    held: tuple[str, ...] = (),
    expired: tuple[str, ...] = (),
    in_progress: tuple[str, ...] = (),
    months: int | None = None,
    degrees: tuple[str, ...] = (),
    resume: str = "",
    location: str = "",
    commit: bool = True,
) -> Candidate:
    """Add a candidate with credentials by status, degrees and a primary text resume; commit unless told not to."""
    candidate = Candidate(
        name=name,
        email=email,
        owner_org_id=owner.id if owner else None,
        discoverable=discoverable,
        experience_months=months,
        location=location,
    )
    for status, codes in (("held", held), ("expired", expired), ("in_progress", in_progress)):
        for code in codes:
            candidate.credentials.append(CandidateCredential(code=code, status=status, states=["TX"]))
    for code in degrees:
        candidate.degrees.append(CandidateDegree(code=code))
    if resume:
        candidate.resumes.append(make_resume(resume))
    db.session.add(candidate)
    if commit:
        db.session.commit()
    return candidate


def make_resume(text: str, *, filename: str = "resume.txt") -> Resume:
    """Return an unsaved primary text resume (its file is not stored: these tests never download it)."""
    data = text.encode()
    return Resume(
        storage_key=f"test-{next(_keys)}",
        original_filename=filename,
        kind="txt",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        is_primary=True,
    )


def make_job(org: Organization, **fields: Any) -> Job:
    """Add a published job of ``org``; fields override the defaults."""
    values: dict[str, Any] = {
        "title": "Utilization Review Nurse Case Manager",
        "template": "hospital_utilization_review",
        "duties": ["Perform utilization review of inpatient admissions", "Coordinate discharge planning"],
        "skills": ["InterQual criteria", "Discharge planning"],
        "required_credentials": [["RN"]],
        "preferred_credentials": ["CCM"],
        "min_experience_months": 24,
        "status": JobStatus.PUBLISHED,
    }
    values.update(fields)
    job = Job(organization_id=org.id, **values)
    db.session.add(job)
    db.session.commit()
    return job
