"""Applications and the hiring pipeline: apply, withdraw, move; duplicate arrivals; the candidate's e-mail.

Services flush, the caller commits once. E-mail to the candidate is queued on the session and sent only after the
commit succeeds, so nobody is told about a change that was rolled back.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import clock, pipeline
from ..errors import InvalidInput, NotAllowed
from ..extensions import db
from ..models import Application, ApplicationEvent, Candidate, Job, JobStatus, Resume, User
from ..models.applications import CandidateLink

log = logging.getLogger(__name__)

PIPELINE: tuple[str, ...] = pipeline.STATUSES
NOTE_MAX_LENGTH = 2000
SOURCES: tuple[str, ...] = ("applied", "sourced", "discovered")

_MAIL_QUEUE = "portal.applications.mail"


def allowed_transitions(status: str) -> tuple[str, ...]:
    """The statuses an application in ``status`` may move to."""
    return pipeline.allowed_transitions(status)


def candidate_for_user(user: User) -> Candidate:
    """The job seeker's own Candidate record, created (and flushed) on first use."""
    candidate = db.session.scalar(sa.select(Candidate).where(Candidate.user_id == user.id))
    if candidate is None:
        candidate = Candidate(user_id=user.id, name=user.name, email=user.email)
        db.session.add(candidate)
        db.session.flush()
    return candidate


def apply(candidate: Candidate, job: Job, *, resume: Resume | None = None, note: str = "", actor: User) -> Application:
    """Apply ``candidate`` to ``job`` once, with one of their resumes and a note.

    NotAllowed when the job is not open; InvalidInput when they already applied, the resume is not theirs, the note is
    too long, or the same resume file was already sent for this job by another account. A sourced record of the job's
    organisation with the same e-mail or resume file is linked to the applicant (see ``link_duplicates``); when that
    record is already in the job's pipeline, its application is handed to the applicant instead of adding a second.
    """
    if job.status != JobStatus.PUBLISHED:
        raise NotAllowed("This job is not taking applications: it is not published.")
    if not job.is_open:
        raise NotAllowed("This job is closed and no longer takes applications.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"keep the note under {NOTE_MAX_LENGTH} characters", field="note")
    if resume is not None and resume.candidate_id != candidate.id:
        raise InvalidInput("choose one of your own resumes", field="resume")
    existing = application_of(candidate, job)
    if existing is not None:
        raise InvalidInput(
            f"you already applied to this job on {clock.local(existing.created_at):%d %B %Y}; see My applications",
            field="job",
        )
    if resume is not None:
        _refuse_same_file_from_other_account(candidate, job, resume)

    links = link_duplicates(candidate, job.organization_id, actor=actor)
    for link in links:
        sourced_application = application_of(link.sourced_candidate, job)
        if sourced_application is not None:
            # The recruiter had already put this person in the pipeline: keep that history, now under the applicant.
            sourced_application.candidate_id = candidate.id
            sourced_application.resume_id = resume.id if resume is not None else sourced_application.resume_id
            sourced_application.note = note
            db.session.flush()
            _queue_candidate_mail(sourced_application, pipeline.APPLIED)
            return sourced_application

    application = Application(
        job=job,
        candidate=candidate,
        resume_id=resume.id if resume is not None else None,
        note=note,
        status=pipeline.APPLIED,
        source="applied",
    )
    application.events.append(
        ApplicationEvent(from_status=None, to_status=pipeline.APPLIED, actor_id=actor.id if actor is not None else None)
    )
    # The e-mail is written (its lazy loads done) before the first write: on SQLite, the writers' turn is held from
    # then until the commit (portal/sqlite_writers.py). A rollback drops the queued e-mail.
    _queue_candidate_mail(application, pipeline.APPLIED)
    db.session.add(application)
    db.session.flush()
    return application


def add_to_pipeline(candidate: Candidate, job: Job, *, actor: User) -> Application:
    """Put a sourced or discoverable person in a job's pipeline (source 'sourced' or 'discovered'); no e-mail sent."""
    if job.status == JobStatus.DRAFT:
        raise NotAllowed("Publish the job before adding people to its pipeline.")
    if candidate.owner_org_id == job.organization_id:
        source = "sourced"
    elif candidate.discoverable:
        source = "discovered"
    else:
        raise NotAllowed("This person is not in your organisation's pool.")
    if application_of(candidate, job) is not None:
        raise InvalidInput("this person is already in the job's pipeline", field="candidate")
    application = Application(job_id=job.id, candidate_id=candidate.id, status=pipeline.APPLIED, source=source, note="")
    db.session.add(application)
    db.session.flush()
    _record_event(application, None, pipeline.APPLIED, actor=actor, reason=None)
    return application


def withdraw(application: Application, *, actor: User) -> ApplicationEvent:
    """The candidate withdraws the application (NotAllowed once it is final)."""
    return transition(application, pipeline.WITHDRAWN, actor=actor)


def transition(application: Application, to_status: str, *, actor: User, reason: str | None = None) -> ApplicationEvent:
    """Move an application along the pipeline and record who, when and from what; the candidate is e-mailed.

    NotAllowed when the pipeline forbids the move; InvalidInput for an unknown status or a missing reason (rejected).
    """
    move = pipeline.check_move(application.status, to_status, reason)
    application.status = move.to_status
    application.rejection_reason = move.reason if move.to_status == pipeline.REJECTED else None
    event = _record_event(application, move.from_status, move.to_status, actor=actor, reason=move.reason)
    _queue_candidate_mail(application, move.to_status)
    return event


def link_duplicates(candidate: Candidate, organization_id: int, *, actor: User | None) -> list[CandidateLink]:
    """Link every sourced record of the organisation that is the same person as ``candidate``; return the links.

    Same person means the same e-mail (case-insensitive) or a resume with the same file hash. The sourced record stays
    (its notes and shortlist entries are the recruiter's work) and a CandidateLink points it at the applicant.
    """
    emails = {e.strip().lower() for e in (candidate.email, candidate.user.email if candidate.user else None) if e}
    hashes = {r.sha256 for r in candidate.resumes}
    if not emails and not hashes:
        return []
    conditions = []
    if emails:
        conditions.append(sa.func.lower(Candidate.email).in_(emails))
    if hashes:
        conditions.append(Candidate.resumes.any(Resume.sha256.in_(hashes)))
    sourced = db.session.scalars(
        sa.select(Candidate)
        .where(
            Candidate.owner_org_id == organization_id,
            Candidate.user_id.is_(None),
            Candidate.id != candidate.id,
            sa.or_(*conditions),
        )
        .order_by(Candidate.id)
    ).all()
    links: list[CandidateLink] = []
    for record in sourced:
        link = db.session.scalar(sa.select(CandidateLink).where(CandidateLink.sourced_candidate_id == record.id))
        if link is None:
            matched_on = "email" if (record.email or "").strip().lower() in emails else "resume"
            link = CandidateLink(
                organization_id=organization_id,
                sourced_candidate_id=record.id,
                candidate_id=candidate.id,
                matched_on=matched_on,
                linked_by_id=actor.id if actor is not None else None,
            )
            db.session.add(link)
        links.append(link)
    db.session.flush()
    return links


def application_of(candidate: Candidate, job: Job) -> Application | None:
    """The candidate's application to the job, if any."""
    return db.session.scalar(
        sa.select(Application).where(Application.job_id == job.id, Application.candidate_id == candidate.id)
    )


def applications_for_candidate(candidate: Candidate) -> list[Application]:
    """The candidate's applications, newest first."""
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.candidate_id == candidate.id)
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )


def get_application_for_candidate(application_id: int, candidate: Candidate) -> Application | None:
    """The application when it belongs to ``candidate``, else None (the view answers 404)."""
    return db.session.scalar(
        sa.select(Application).where(Application.id == application_id, Application.candidate_id == candidate.id)
    )


def get_job_for_org(job_id: int, organization_id: int) -> Job | None:
    """The job when it belongs to the organisation, else None (the view answers 404)."""
    return db.session.scalar(sa.select(Job).where(Job.id == job_id, Job.organization_id == organization_id))


def get_application_for_org(application_id: int, organization_id: int) -> Application | None:
    """The application when its job belongs to the organisation, else None (the view answers 404)."""
    return db.session.scalar(
        sa.select(Application)
        .join(Job, Application.job_id == Job.id)
        .where(Application.id == application_id, Job.organization_id == organization_id)
    )


def applications_for_job(job: Job) -> list[Application]:
    """The job's applications in pipeline order (by status, then oldest first)."""
    order = sa.case({status: index for index, status in enumerate(PIPELINE)}, value=Application.status)
    return list(
        db.session.scalars(
            sa.select(Application).where(Application.job_id == job.id).order_by(order, Application.created_at)
        )
    )


def _refuse_same_file_from_other_account(candidate: Candidate, job: Job, resume: Resume) -> None:
    same_file = db.session.scalar(
        sa.select(Application.id)
        .join(Resume, Application.resume_id == Resume.id)
        .join(Candidate, Application.candidate_id == Candidate.id)
        .where(
            Application.job_id == job.id,
            Resume.sha256 == resume.sha256,
            Application.candidate_id != candidate.id,
            Candidate.user_id.is_not(None),
        )
    )
    if same_file is not None:
        raise InvalidInput(
            "this resume file was already sent for this job from another account; use that account",
            field="resume",
        )


def _record_event(
    application: Application, from_status: str | None, to_status: str, *, actor: User | None, reason: str | None
) -> ApplicationEvent:
    event = ApplicationEvent(
        application_id=application.id,
        from_status=from_status,
        to_status=to_status,
        actor_id=actor.id if actor is not None else None,
        reason=reason,
    )
    application.events.append(event)
    db.session.flush()
    return event


def _candidate_address(application: Application) -> str | None:
    # Only people who applied through an account hear from us; a sourced person never asked to be e-mailed.
    candidate = application.candidate
    if candidate is None or candidate.user is None:
        return None
    return candidate.user.email


def _queue_candidate_mail(application: Application, status: str) -> None:
    to = _candidate_address(application)
    if to is None:
        return
    job = application.job
    words = {"job": job.title, "organization": job.organization.name}
    subject = f"Your application for {job.title}: {pipeline.LABELS[status]}"
    name = application.candidate.name
    body = (
        (f"Hello {name},\n\n" if name else "Hello,\n\n")
        + pipeline.CANDIDATE_MESSAGES[status].format(**words)
        + "\n\nYou can follow every application on the portal under My applications.\n"
    )
    db.session.info.setdefault(_MAIL_QUEUE, []).append((to, subject, body))


@sa.event.listens_for(Session, "after_commit")
def _send_queued_mail(session: Session) -> None:
    queued: list[tuple[str, str, str]] = session.info.pop(_MAIL_QUEUE, [])
    if not queued:
        return
    from .mail import send_mail

    for to, subject, body in queued:
        try:
            send_mail(to, subject, body)
        except Exception:  # the change is committed; a mail server outage must not turn it into an error page
            log.exception("Could not send the pipeline e-mail %r to %s", subject, to)


@sa.event.listens_for(Session, "after_rollback")
def _drop_queued_mail(session: Session) -> None:
    session.info.pop(_MAIL_QUEUE, None)


def status_label(status: str) -> str:
    """The people's word for a status."""
    return pipeline.LABELS.get(status, status)
