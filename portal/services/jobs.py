"""Job postings: build them from a template or a JSON file, save drafts, publish, close, and their public JSON-LD.

Every change goes through ``portal.jobs.spec_from_json``, so the job builder and ``flask job import`` accept and refuse
exactly the same things. Services flush; the caller commits once. Publishing, closing and unpublishing update the job
board's index in the same call, after the flush, so a closed job leaves the board at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa

from .. import clock
from ..catalog import load_catalog
from ..errors import InvalidInput, NotAllowed
from ..extensions import db
from ..jobs import (
    JobSpec,
    Location,
    SalaryComparison,
    SalaryRange,
    benchmark_for_template,
    compare_salary,
    jobposting_jsonld,
    spec_from_json,
    spec_to_json,
)
from ..models import Job, JobStatus, Organization, Role, User
from . import job_search

# Degrees are asked for in their own field; the credential lists take licenses and certifications.
CREDENTIAL_KINDS = ("license", "certification")


@cache
def credential_codes() -> tuple[str, ...]:
    """The license and certification codes a job may require or prefer, in catalog order."""
    catalog = load_catalog()
    return tuple(code for kind in CREDENTIAL_KINDS for code in catalog.codes(kind))


@cache
def credential_names() -> dict[str, str]:
    """Credential code -> its full name, for people and for the JSON-LD."""
    return {entry.code: entry.name for entry in load_catalog().entries}


def canonical_credential(text: str) -> str | None:
    """The catalog code for a license or certification written as a code or alias ('lcsw', 'ACM-RN'), or None."""
    code = load_catalog().canonical(text)
    return code if code in credential_codes() else None


def validate_job_data(data: Mapping[str, Any], today: date | None = None) -> JobSpec:
    """Check a job in the JSON import shape against the catalog and today's date; InvalidInput names the field."""
    return spec_from_json(data, credential_codes(), today or clock.today())


def job_spec(job: Job) -> JobSpec:
    """The JobSpec a stored job describes (read back as stored, without validating it again)."""
    salary = None
    if job.salary_min is not None and job.salary_max is not None:
        salary = SalaryRange(currency=job.salary_currency, min=job.salary_min, max=job.salary_max, unit=job.salary_unit)
    return JobSpec(
        title=job.title,
        template=job.template,
        required_credentials=tuple(tuple(group) for group in job.required_credentials or []),
        preferred_credentials=tuple(job.preferred_credentials or []),
        min_experience_months=job.min_experience_months,
        degree=job.degree,
        location=Location(city=job.city, region=job.region, country=job.country),
        remote=job.remote,
        employment_type=job.employment_type,
        salary=salary,
        description=job.description,
        duties=tuple(job.duties or []),
        qualifications=tuple(job.qualifications or []),
        skills=tuple(job.skills or []),
        valid_through=job.valid_through,
        work_settings=tuple(job.work_settings or []),
    )


def _apply(job: Job, spec: JobSpec) -> None:
    job.title = spec.title
    job.template = spec.template
    job.description = spec.description
    job.duties = list(spec.duties)
    job.qualifications = list(spec.qualifications)
    job.skills = list(spec.skills)
    job.required_credentials = [list(group) for group in spec.required_credentials]
    job.preferred_credentials = list(spec.preferred_credentials)
    job.min_experience_months = spec.min_experience_months
    job.degree = spec.degree
    job.city, job.region, job.country = spec.location.city, spec.location.region, spec.location.country
    job.remote = spec.remote
    job.employment_type = spec.employment_type
    if spec.salary is None:
        job.salary_min = job.salary_max = None
    else:
        job.salary_currency, job.salary_unit = spec.salary.currency, spec.salary.unit
        job.salary_min, job.salary_max = spec.salary.min, spec.salary.max
    job.valid_through = spec.valid_through
    job.work_settings = list(spec.work_settings)


def create_job(*, organization: Organization, created_by: User | None, spec: JobSpec) -> Job:
    """Save a new draft job for an organisation."""
    job = Job(organization=organization, created_by=created_by, status=JobStatus.DRAFT)
    _apply(job, spec)
    db.session.add(job)
    db.session.flush()
    return job


def update_job(job: Job, spec: JobSpec) -> None:
    """Replace a job's contents; a published job's board entry changes with it."""
    if job.status == JobStatus.CLOSED:
        raise NotAllowed("This job is closed; closed jobs are kept as they were when they closed.")
    _apply(job, spec)
    db.session.flush()
    if job.status == JobStatus.PUBLISHED:
        job_search.index_job(job)


def publish_job(job: Job, today: date | None = None) -> None:
    """Put a draft (or a closed job) on the board after checking it again, e.g. that its closing date is not past."""
    if job.status == JobStatus.PUBLISHED:
        return
    validate_job_data(spec_to_json(job_spec(job)), today)
    job.status = JobStatus.PUBLISHED
    job.published_at = clock.now()
    job.closed_at = None
    db.session.flush()
    job_search.index_job(job)


def close_job(job: Job) -> None:
    """Stop taking applications: the job leaves the board and its public page at once."""
    if job.status == JobStatus.CLOSED:
        return
    job.status = JobStatus.CLOSED
    job.closed_at = clock.now()
    db.session.flush()
    job_search.index_job(job)


def unpublish_job(job: Job) -> None:
    """Take a published job back to draft (off the board) so it can be reworked."""
    if job.status != JobStatus.PUBLISHED:
        return
    job.status = JobStatus.DRAFT
    db.session.flush()
    job_search.index_job(job)


def organization_jobs(org_id: int) -> list[Job]:
    """An organisation's jobs, newest first."""
    return list(db.session.scalars(sa.select(Job).where(Job.organization_id == org_id).order_by(Job.created_at.desc())))


def find_staff_job(job_id: int, org_id: int) -> Job | None:
    """The job with this id if it belongs to the organisation, else None (so other parties' jobs stay invisible)."""
    return db.session.scalar(sa.select(Job).where(Job.id == job_id, Job.organization_id == org_id))


def find_public_job(job_id: int, today: date | None = None) -> Job | None:
    """The job if anyone may see it: published and not past its closing date."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.PUBLISHED:
        return None
    if job.valid_through is not None and job.valid_through < (today or clock.today()):
        return None
    return job


def salary_guidance(template_key: str, salary: SalaryRange | None) -> SalaryComparison | None:
    """Where a posted range sits against the template's benchmark in its currency; None when it cannot be placed."""
    if salary is None:
        return None
    try:
        benchmark = benchmark_for_template(template_key, salary.currency)
        if benchmark is None:
            return None
        return compare_salary(salary.min, salary.max, salary.currency, salary.unit, benchmark)
    except InvalidInput:
        return None  # guidance only: the form's own validation explains the problem


def jobposting(job: Job, url: str) -> dict[str, Any]:
    """The schema.org JobPosting for a published job's public page."""
    organization = job.organization
    posted = clock.day_of(job.published_at or job.created_at)
    spec = job_spec(job)
    return jobposting_jsonld(
        spec,
        organization_name=organization.name,
        organization_url=organization.website,
        date_posted=posted,
        url=url,
        identifier=str(job.id),
        credential_names=credential_names(),
        closes_at=clock.last_moment_of(spec.valid_through) if spec.valid_through else None,
    )


def _staff_member(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise InvalidInput(f"no user has the e-mail {email}", field="employer")
    if user.role not in (Role.EMPLOYER, Role.RECRUITER) or user.organization is None:
        raise InvalidInput(f"{email} is not an employer or recruiter of an organisation", field="employer")
    return user


def import_job(data: Mapping[str, Any], employer_email: str, today: date | None = None) -> Job:
    """Create and publish a job for the organisation of the employer (or recruiter) with this e-mail."""
    user = _staff_member(employer_email)
    spec = validate_job_data(data, today)
    organization = user.organization
    assert organization is not None  # checked by _staff_member
    job = create_job(organization=organization, created_by=user, spec=spec)
    publish_job(job, today)
    return job


def export_job(job_id: int) -> dict[str, Any]:
    """A job in the JSON import shape (what ``import_job`` reads back)."""
    job = db.session.get(Job, job_id)
    if job is None:
        raise InvalidInput(f"there is no job {job_id}", field="id")
    return spec_to_json(job_spec(job))
