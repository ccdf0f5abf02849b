"""Read one organisation's jobs and applications from the database into the plain facts the reports compute from."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from portal import clock
from portal.models import Application, Candidate, Job, Organization
from portal.reports.compute import build_report
from portal.reports.model import ALL_TIME, ApplicationFacts, EmployerReport, EventFacts, JobFacts, Period


def load_facts(
    session: Session, organization_id: int, period: Period = ALL_TIME, zone: tzinfo = UTC
) -> tuple[list[JobFacts], list[ApplicationFacts]]:
    """The organisation's jobs (oldest first) and the applications to them received in ``period`` (days of ``zone``),
    with their history and held credentials."""
    jobs = session.scalars(
        sa.select(Job).where(Job.organization_id == organization_id).order_by(Job.created_at, Job.id)
    ).all()
    start, end = period.bounds(zone)
    received = [Application.created_at >= start] if start else []
    received += [Application.created_at < end] if end else []
    applications = session.scalars(
        sa.select(Application)
        .join(Job, Application.job_id == Job.id)
        .where(Job.organization_id == organization_id, *received)
        .options(
            selectinload(Application.events),
            selectinload(Application.candidate).selectinload(Candidate.credentials),
        )
        .order_by(Application.id)
    ).all()
    job_facts = [
        JobFacts(
            id=j.id,
            title=j.title,
            status=j.status.value,
            is_open=j.is_open,
            template=j.template,
            created_at=j.created_at,
            published_at=j.published_at,
            salary_currency=j.salary_currency,
            salary_min=j.salary_min,
            salary_max=j.salary_max,
            salary_unit=j.salary_unit,
        )
        for j in jobs
    ]
    application_facts = [
        ApplicationFacts(
            id=a.id,
            job_id=a.job_id,
            candidate_id=a.candidate_id,
            status=a.status,
            source=a.source,
            created_at=a.created_at,
            events=tuple(
                EventFacts(e.from_status, e.to_status, e.created_at)
                for e in sorted(a.events, key=lambda e: (e.created_at, e.id))
            ),
            held_credentials=frozenset(c.code for c in a.candidate.credentials if c.status == "held"),
        )
        for a in applications
    ]
    return job_facts, application_facts


def employer_report(
    session: Session, organization_id: int, *, now: datetime | None = None, period: Period = ALL_TIME
) -> EmployerReport:
    """Every report for the organisation, computed ``now`` (naive UTC; default: the portal's clock), over the
    applications received in ``period``, with days in the portal's time zone."""
    zone = clock.zone()
    organization = session.get(Organization, organization_id)
    jobs, applications = load_facts(session, organization_id, period, zone)
    return build_report(
        organization.name if organization else "",
        jobs,
        applications,
        now=now or clock.now(),
        period=period,
        zone=zone,
    )
